"""The tidy-data files of an export (CSVs and codebook) as bytes, from record dicts."""

from datetime import datetime

from interview.export.formats.data_dictionary import codebook_text
from interview.export.formats.participants import participants_table
from interview.export.formats.tables import (
    Table,
    answers_table,
    changes_table,
    csv_bytes,
    transcript_table,
)
from interview.export.formats.workbook import WORKBOOK_NAME, workbook_bytes


def tidy_tables(records: list[dict]) -> list[Table]:
    """Return the export's tables: participants, changes, answers, transcript turns."""
    return [
        participants_table(records),
        changes_table(records),
        answers_table(records),
        transcript_table(records),
    ]


def tidy_files(
    records: list[dict], *, generated_at: datetime | None = None, notes: tuple[str, ...] = ()
) -> dict[str, bytes]:
    """Return file name -> bytes: the CSVs, the same tables as one workbook, the codebook twice."""
    tables = tidy_tables(records)
    files = {table.filename: csv_bytes(table) for table in tables}
    files[WORKBOOK_NAME] = workbook_bytes(tables, generated_at=generated_at)
    codebook = codebook_text(records, tables, generated_at=generated_at, notes=notes).encode(
        "utf-8"
    )
    files["codebook.txt"] = codebook
    files["README.txt"] = codebook
    return files
