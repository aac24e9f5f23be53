"""tables.xlsx: the CSVs' values in one workbook, every cell text or a number, never a formula."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from interview.export.formats.tidy import tidy_files
from interview.export.formats.workbook import CELL_LIMIT, CUT_MARK, sheet_text
from interview.record.synthetic import make_record

# Cells a spreadsheet would run or rewrite if it read them as typed (OWASP's CSV injection list).
FORMULAS = ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1:A9)", '=HYPERLINK("http://x")']


@pytest.fixture
def files() -> dict[str, bytes]:
    """An export whose answers and changes begin like formulas."""
    records = [make_record(6, seed=1), make_record(7, seed=2, changes=2)]
    segments = [
        segment
        for section in records[0]["interview"]["sections"]
        for question in section["questions"]
        for segment in question["segments"]
    ]
    for segment, formula in zip(segments, FORMULAS, strict=False):
        segment["text"] = formula
    records[1]["interview"]["changes"][0]["description"] = FORMULAS[0]
    return tidy_files(records)


def sheet_rows(sheet) -> list[list[str]]:
    """The sheet's rows as the CSV writes them: blanks empty, numbers in digits."""
    return [
        ["" if value is None else str(value) for value in row]
        for row in sheet.iter_rows(values_only=True)
    ]


def test_every_sheet_holds_the_csv_values(files):
    workbook = load_workbook(io.BytesIO(files["tables.xlsx"]), read_only=True)
    assert workbook.sheetnames == ["participants", "changes", "answers", "transcript"]
    for name in workbook.sheetnames:
        expected = list(csv.reader(io.StringIO(files[f"{name}.csv"].decode("utf-8"))))
        assert sheet_rows(workbook[name]) == expected, name
    workbook.close()


def test_formula_like_cells_are_text_and_numbers_are_numbers(files):
    workbook = load_workbook(io.BytesIO(files["tables.xlsx"]))
    answers = workbook["answers"]
    cells = [c for row in answers.iter_rows() for c in row if c.value in FORMULAS]
    assert {c.value for c in cells} == set(FORMULAS)
    assert {c.data_type for c in cells} == {"s"}
    changes = workbook["changes"]
    description = next(c for c in changes["D"] if c.value == FORMULAS[0])
    assert description.data_type == "s"
    assert {c.data_type for c in changes["B"][1:]} == {"n"}  # change numbers stay numbers
    assert not any(
        c.data_type == "f" for sheet in workbook for row in sheet.iter_rows() for c in row
    )


def test_the_csvs_keep_formula_like_text_exactly_as_recorded(files):
    rows = csv.DictReader(io.StringIO(files["answers.csv"].decode("utf-8")))
    assert [row["segment_text"] for row in rows][: len(FORMULAS)] == FORMULAS


def test_a_text_longer_than_a_cell_is_cut_and_says_so():
    assert sheet_text("short") == "short"
    cut = sheet_text("x" * (CELL_LIMIT + 10))
    assert len(cut) == CELL_LIMIT and cut.endswith(CUT_MARK)
