"""The tidy-data files of an export (CSVs and codebook) as bytes, from record dicts."""

from datetime import datetime

from babel.support import NullTranslations

from interview.catalogues import ENGLISH
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
from interview.languages import translations_for


def tidy_tables(records: list[dict], catalogue: NullTranslations = ENGLISH) -> list[Table]:
    """Return the export's tables (participants, changes, answers, transcript turns), described
    in the language of ``catalogue``."""
    return [
        participants_table(records, catalogue),
        changes_table(records, catalogue),
        answers_table(records, catalogue),
        transcript_table(records, catalogue),
    ]


def tidy_files(
    records: list[dict],
    *,
    generated_at: datetime | None = None,
    notes: tuple[str, ...] = (),
    language: str = "en",
) -> dict[str, bytes]:
    """Return file name -> bytes: the CSVs, the same tables as one workbook, the codebook twice.

    ``language`` is the study's (the LANGUAGE setting): the codebook, the columns' descriptions and
    the workbook's notes are written in it; ``notes`` come translated already.
    """
    catalogue = translations_for(language)
    tables = tidy_tables(records, catalogue)
    files = {table.filename: csv_bytes(table) for table in tables}
    files[WORKBOOK_NAME] = workbook_bytes(tables, generated_at=generated_at, catalogue=catalogue)
    text = codebook_text(
        records, tables, generated_at=generated_at, notes=notes, catalogue=catalogue
    )
    codebook = text.encode("utf-8")
    files["codebook.txt"] = codebook
    files["README.txt"] = codebook
    return files
