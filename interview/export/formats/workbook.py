"""tables.xlsx: the export's tables as one workbook for Excel and LibreOffice.

The CSVs stay exactly as recorded for R and pandas; a spreadsheet opening them may evaluate a cell
such as ``=cmd|' /C calc'!A0``. In the workbook every cell is written with its type, a number as a
number and everything else as text, so no cell is ever a formula, a link or a guessed date.
"""

from datetime import UTC, datetime
from io import BytesIO
from typing import Any

import xlsxwriter
from babel.support import NullTranslations

from interview.catalogues import ENGLISH, N_
from interview.export.formats.tables import Table, cell

WORKBOOK_NAME = "tables.xlsx"
# Excel keeps at most this many characters in a cell; a longer text is cut, and says so.
CELL_LIMIT = 32_767
CUT_MARK = N_(" […cut: Excel holds 32,767 characters in a cell; the whole text is in the CSV]")
OPTIONS = {
    "in_memory": True,
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}


def sheet_text(text: str, cut_mark: str = CUT_MARK) -> str:
    """The text as a cell can hold it: whole, or cut with a note saying where the rest is."""
    if len(text) <= CELL_LIMIT:
        return text
    return text[: CELL_LIMIT - len(cut_mark)] + cut_mark


def _write(sheet: Any, row: int, column: int, value: Any, cut_mark: str) -> None:
    """Write one value with its type; missing values stay blank cells."""
    value = cell(value)
    if value == "":
        return
    if isinstance(value, int):
        sheet.write_number(row, column, value)
    else:
        sheet.write_string(row, column, sheet_text(str(value), cut_mark))


def workbook_bytes(
    tables: list[Table],
    *,
    generated_at: datetime | None = None,
    catalogue: NullTranslations = ENGLISH,
) -> bytes:
    """Return the tables as one .xlsx workbook, a sheet per table (named as the CSV without .csv);
    its title and the note on a cut cell in the language of ``catalogue``."""
    buffer = BytesIO()
    workbook = xlsxwriter.Workbook(buffer, OPTIONS)
    moment = (generated_at or datetime.now(UTC)).astimezone(UTC).replace(tzinfo=None)
    title = catalogue.gettext("Interview study export")
    workbook.set_properties({"title": title, "created": moment})
    cut_mark = catalogue.gettext(CUT_MARK)
    bold = workbook.add_format({"bold": True})
    for table in tables:
        sheet = workbook.add_worksheet(table.filename.removesuffix(".csv"))
        for number, column in enumerate(table.columns):
            sheet.write_string(0, number, column.name, bold)
        for row_number, row in enumerate(table.rows, start=1):
            for number, value in enumerate(row):
                _write(sheet, row_number, number, value, cut_mark)
        sheet.freeze_panes(1, 0)
    workbook.close()
    return buffer.getvalue()
