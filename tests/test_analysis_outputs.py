"""One function feeds every output: the page, the PDF, the files, the CLI and the export zip agree.

The cohort lives in the database here (P20 withdrawn through the real service, P19 declined), so
these tests also prove that the figures come from the records the bulk export holds.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import zipfile

import pypdf
import pytest
from analysis_helpers import PARAGRAPH, TABLE1, TOTAL, StaticSource, add_cohort, study_layer

from interview.analysis.layers import register_layer_source
from interview.analysis.services import load_results
from interview.auth.users import find_user
from interview.cli import cli
from interview.consent.withdrawal import withdraw_participant
from interview.export.bulk import runner as bulk_runner
from interview.export.formats.tables import participant_code
from interview.participants.services import get_participant

# The running head and the page numbers of the results PDF, which extracted text interleaves.
RUNNING = re.compile(r"^(Results — coding layer .*|Page \d+ of \d+)$")
SAMPLE_ROWS = ["Female 10 62.5 %", "Male 4 25.0 %", "Another gender 1 6.3 %", "< 1 year 1 6.3 %"]


def squash(text: str) -> str:
    """All whitespace runs as one space."""
    return " ".join(text.split())


def page_text(markup: str) -> str:
    """A page's visible text, tags dropped."""
    return squash(html.unescape(re.sub(r"<[^>]+>", " ", markup)))


def pdf_text(data: bytes) -> str:
    """The PDF's text without running heads and page numbers."""
    lines = []
    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        lines.extend(ln for ln in page.extract_text().splitlines() if not RUNNING.match(ln))
    return squash(" ".join(lines))


def table_lines(number: str, name: str, cc: int, ct: int) -> str:
    """A Table 1 row as the page and the PDF read: number, name, CC, CT."""
    return f"{number} {name} {cc} {ct}"


@pytest.fixture
def cohort(app):
    """The cohort in the database and its reconciled layer."""
    with app.app_context():
        add_cohort()
        withdraw_participant(get_participant("P20"), find_user("admin"))
    register_layer_source(app, StaticSource(study_layer()))
    return app


def fake_render_many(records, options, *, renderer, workers):
    """The coding PDFs are not what these tests look at: a stand-in for each."""
    return ((participant_code(record), b"%PDF-stand-in") for record in records)


def cli_bytes(runner, *args: str) -> bytes:
    """Run `interview analysis …` and return what it printed, byte for byte."""
    result = runner.invoke(cli, ["analysis", *args])
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


def cli_output(runner, *args: str) -> str:
    """What `interview analysis …` printed, as text."""
    return cli_bytes(runner, *args).decode("utf-8")


def test_page_pdf_files_cli_and_export_show_the_same_figures(
    cohort, client, auth, runner, tmp_path, monkeypatch
):
    auth.login("admin")
    page = page_text(client.get("/results/").get_data(as_text=True))
    pdf = pdf_text(client.get("/results/results.pdf").get_data())
    files = {
        name: client.get(f"/results/files/{name}").get_data()
        for name in ("sample.json", "sample.txt", "table1.csv", "citations.csv")
    }
    monkeypatch.setattr(bulk_runner, "render_many", fake_render_many)
    out = tmp_path / "study.zip"
    assert runner.invoke(cli, ["export", "all", "--out", str(out)]).exit_code == 0
    exported = {name: zipfile.ZipFile(out).read(name) for name in files}

    # The files: the page's downloads, the export zip and the CLI are byte for byte the same.
    assert exported == files
    assert cli_bytes(runner, "table", "--format", "csv") == files["table1.csv"]
    assert cli_bytes(runner, "sample", "--format", "json") == files["sample.json"]
    assert cli_bytes(runner, "sample") == files["sample.txt"]
    assert cli_bytes(runner, "citations", "--format", "csv") == files["citations.csv"]

    # And they hold the figures counted by hand, as do the page and the PDF.
    rows = list(csv.reader(io.StringIO(files["table1.csv"].decode())))[1:]
    assert [(int(cc), int(ct)) for _c, _s, cc, ct in rows] == [
        *((cc, ct) for _n, _name, cc, ct in TABLE1),
        TOTAL,
    ]
    sample = json.loads(files["sample.json"])
    assert (sample["n"], sample["therapists"], sample["paragraph"]) == (16, 7, PARAGRAPH)
    table_text = squash(cli_output(runner, "table"))
    for number, name, cc, ct in TABLE1:
        line = table_lines(number, name, cc, ct)
        assert line in page and line in pdf and line in table_text, line
    total = f"Total coded citations {TOTAL[0]} {TOTAL[1]}"
    assert total in page and total in pdf and total in table_text
    for text in (page, pdf, squash(files["sample.txt"].decode())):
        assert PARAGRAPH in text
        for row in SAMPLE_ROWS:
            assert row in text, row
    for text in (page, pdf, squash(files["citations.csv"].decode())):
        assert "5:39" in text and "She noticed how I felt before I said it." in text


def test_withdrawn_and_declined_participants_are_in_no_figure(cohort):
    with cohort.app_context():
        results = load_results()
    assert "P20" not in results.table.participants and "P19" not in results.table.participants
    assert results.table.row("c1").cc == 9  # 20:1 of P20 not among them
    assert results.table.row("c5").cc == 2  # nor 19:1 of P19
    cited = {c.participant for category in results.citations.categories for c in category.citations}
    assert cited.isdisjoint({"P19", "P20"})
    assert results.sample.n == 16
    left_out = {e.reason: e.codes for e in results.sample.excluded}
    assert left_out == {
        "declined": ("P19",),
        "withdrawn": ("P20",),
        "questionnaire_incomplete": ("P17", "P18"),
    }


def test_withdrawing_later_takes_the_participant_out_of_every_figure(cohort):
    with cohort.app_context():
        before = load_results()
        withdraw_participant(get_participant("P05"), find_user("admin"))
        after = load_results()
    assert (before.table.row("c1.4").cc, after.table.row("c1.4").cc) == (2, 0)
    assert (before.table.row("c1").ct, after.table.row("c1").ct) == (5, 4)
    assert (before.sample.n, after.sample.n) == (16, 15)
    assert before.sample.item("gender").count("female").n == 10
    assert after.sample.item("gender").count("female").n == 9
    assert "P05" not in after.table.participants


def test_cli_table_options(cohort, runner):
    text = cli_output(runner, "table", "--matrix")
    assert "Table 1 (coding layer: reconciled)" in text
    lines = text.splitlines()
    header, first = lines[lines.index("Citations per category and participant") + 2 :][:2]
    assert header.split() == [f"P{n:02d}" for n in range(1, 19)]
    assert first.split()[:7] == ["1", "3", "2", "1", "0", "2", "0"]  # category 1: P01 3, P02 2 …
    data = json.loads(cli_output(runner, "table", "--format", "json"))
    assert (data["total"], data["categories"][5]["name"]) == (24, "Match")


def test_cli_citations_options(cohort, runner):
    text = cli_output(runner, "citations", "--category", "1", "--attribute", "employment")
    assert "1 Empathic attunement" in text and "Definition: The therapist attunes" in text
    assert "5:39 P05 [The experience of contact] (What is your work situation?: Employed)" in text
    assert "Match" not in text


def test_cli_sample_csv(cohort, runner):
    rows = list(csv.DictReader(io.StringIO(cli_output(runner, "sample", "--format", "csv"))))
    figure = {(row["item"], row["figure"]): row["value"] for row in rows}
    assert figure[("", "n")] == "16"
    assert figure[("gender", "female")] == "10"
    assert figure[("age", "mean")] == "37.1"
    assert figure[("time_in_therapy", "1_to_3_years")] == "11"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["table", "--layer", "nobody"], "There is no coding layer nobody. Layers: reconciled."),
        (["citations", "--category", "9"], "There is no category 9."),
        (["citations", "--attribute", "shoe_size"], "No questionnaire item is called shoe_size."),
        (["table", "--format", "xml"], "Invalid value for '--format'"),
    ],
)
def test_cli_bad_input_is_one_clear_line(cohort, runner, args, message):
    result = runner.invoke(cli, ["analysis", *args])
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output


def test_an_export_without_any_coding_has_the_files_too(app, runner, tmp_path, monkeypatch):
    with app.app_context():
        add_cohort()
    monkeypatch.setattr(bulk_runner, "render_many", fake_render_many)
    out = tmp_path / "study.zip"
    assert runner.invoke(cli, ["export", "all", "--out", str(out)]).exit_code == 0
    archive = zipfile.ZipFile(out)
    assert (
        archive.read("table1.csv")
        == b"category,subcategory,cc,ct\r\nTotal coded citations,,0,0\r\n"
    )
    assert json.loads(archive.read("sample.json"))["n"] == 17  # P20 signed and still in this time
