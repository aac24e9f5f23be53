"""The data dictionary and the command line in the study's language (LANGUAGE = sl)."""

from __future__ import annotations

import io
import zipfile

from babel.messages.pofile import read_po
from factories import captured_participant

from interview.cli import cli
from interview.export.formats import data_dictionary
from interview.export.formats.tidy import tidy_files, tidy_tables
from interview.languages import TRANSLATIONS_DIR, translations_for
from interview.models import CONSENT_DECLINED
from interview.record.synthetic import make_record

CATALOGUE = TRANSLATIONS_DIR / "sl" / "LC_MESSAGES" / "messages.po"
BLOCKS = ("_PRIVACY", "_FILES", "_WHICH", "_READING", "_SEGMENTS")


def records() -> list[dict]:
    """Two synthetic participants, one with changes and a transcript."""
    return [make_record(6, seed=1), make_record(7, seed=2, changes=2, transcript_words=120)]


def english_msgids() -> set[str]:
    """Every English message the Slovenian catalogue translates into something else."""
    with CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle, locale="sl")
    return {
        message.id if isinstance(message.id, str) else message.id[0]
        for message in catalogue
        if message.id and message.string not in (message.id, "")
    }


# Columns whose codes the tool labels itself; the others' labels are the records' own (a kind of
# change the records name keeps the record's label, "Improvement" in these English records).
TOOL_CODES = {"consent_status", "questionnaire_status", "interview_status", "skipped",
              "question_kind", "speaker"}  # fmt: skip


def test_a_slovenian_studys_columns_are_described_in_slovenian_with_english_names():
    english = tidy_tables(records())
    slovenian = tidy_tables(records(), translations_for("sl"))
    msgids = english_msgids()
    for en_table, sl_table in zip(english, slovenian, strict=True):
        assert sl_table.description != en_table.description
        for en_column, sl_column in zip(en_table.columns, sl_table.columns, strict=True):
            assert sl_column.name == en_column.name
            assert sl_column.description != en_column.description, en_column.description
            assert sl_column.description not in msgids
            if en_column.name in TOOL_CODES:
                labels = [label for _code, label in sl_column.codes]
                assert labels and not set(labels) & msgids, (en_column.name, labels)


def test_a_slovenian_codebook_has_no_english_block_left():
    catalogue = translations_for("sl")
    files = tidy_files(records(), language="sl", notes=("Opomba.",))
    codebook = files["codebook.txt"].decode()
    assert codebook.startswith("KNJIGA KOD: IZVOZ INTERVJUJSKE RAZISKAVE\nIzdelano ")
    assert "2 udeleženca." in codebook.splitlines()[1]
    for name in BLOCKS:
        english = getattr(data_dictionary, name)
        assert english not in codebook
        assert catalogue.gettext(english) in codebook
    for heading in ("OPOMBE K TEMU IZVOZU", "INSTRUMENTI (", "STOLPCI", "Celice, ki se"):
        assert heading in codebook
    assert "participant_code: Koda udeleženca" in codebook
    assert files["README.txt"] == files["codebook.txt"]


def test_the_workbook_of_a_slovenian_study_follows():
    files = tidy_files(records(), language="sl")
    with zipfile.ZipFile(io.BytesIO(files["tables.xlsx"])) as workbook:
        properties = workbook.read("docProps/core.xml").decode()
        strings = workbook.read("xl/sharedStrings.xml").decode()
    assert "Izvoz intervjujske raziskave" in properties
    assert "participant_code" in strings  # the header row keeps the English column names


def test_export_all_speaks_slovenian_when_the_study_does(app, runner, tmp_path):
    app.config["LANGUAGE"] = "sl"
    with app.app_context():
        captured_participant(1)
        captured_participant(2)
        captured_participant(3, consent_status=CONSENT_DECLINED)
    out = tmp_path / "izvoz"

    result = runner.invoke(cli, ["export", "all", "--out", str(out), "--workers", "1"])

    assert result.exit_code == 0, result.output
    assert f"Izvožena 2 udeleženca v {out}" in result.output
    assert "Izdelani PDF-ji: 2, iz predpomnilnika: 0, sekunde: " in result.output
    assert "Datoteke: pdf/ (2 PDF-ja za kodiranje)" in result.output
    assert "Izpuščen: 1 udeleženec, ki je zavrnil ali preklical soglasje" in result.output
    for english in ("Exported", "PDFs rendered", "Files:", "Left out", "Coding PDFs"):
        assert english not in result.output
    codebook = (out / "codebook.txt").read_text(encoding="utf-8")
    assert codebook.startswith("KNJIGA KOD")
    assert "1 udeleženec, ki je zavrnil ali preklical soglasje, je izpuščen" in codebook
    assert (out / "participants.csv").read_bytes().startswith(b"participant_code,")


def test_instruments_and_doctor_speak_slovenian(app, runner):
    app.config["LANGUAGE"] = "sl"

    listed = runner.invoke(cli, ["instruments", "list"])
    checked = runner.invoke(cli, ["instruments", "check"])
    doctor = runner.invoke(cli, ["doctor"])

    assert listed.exit_code == 0, listed.output
    assert "priložen" in listed.output and "shipped" not in listed.output
    assert checked.output.startswith("V REDU ")
    assert "V REDU shema podatkovne zbirke" in doctor.output


def test_the_english_study_keeps_its_english_command_line(app, runner):
    listed = runner.invoke(cli, ["instruments", "list"])
    doctor = runner.invoke(cli, ["doctor"])
    assert "shipped" in listed.output
    assert "OK   database schema" in doctor.output
