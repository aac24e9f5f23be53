"""`interview export all`: zip or folder output, the PDF cache, and the summary."""

from __future__ import annotations

import zipfile
from pathlib import Path

from factories import captured_participant

from interview.cli import cli
from interview.models import CONSENT_DECLINED

TIDY = {"participants.csv", "changes.csv", "answers.csv", "tables.xlsx", "codebook.txt"}


def test_export_all_to_zip_then_from_cache_then_to_a_folder(app, runner, tmp_path):
    with app.app_context():
        captured_participant(1)
        captured_participant(2)
        captured_participant(3, consent_status=CONSENT_DECLINED)
    out = tmp_path / "x.zip"

    first = runner.invoke(cli, ["export", "all", "--out", str(out), "--workers", "1"])
    assert first.exit_code == 0, first.output
    names = set(zipfile.ZipFile(out).namelist())
    assert {"pdf/P01.pdf", "pdf/P02.pdf"} | TIDY <= names and "pdf/P03.pdf" not in names
    assert "Exported 2 participants" in first.output
    assert "PDFs rendered: 2, from cache: 0" in first.output
    assert "Left out: 1 participant who declined or withdrew consent" in first.output
    codebook = zipfile.ZipFile(out).read("codebook.txt").decode()
    assert "1 participant(s) who declined or withdrew are left out" in codebook
    assert len(list(Path(app.instance_path, "cache", "pdf").glob("*.pdf"))) == 2

    second = runner.invoke(cli, ["export", "all", "--out", str(out), "--workers", "1"])
    assert "PDFs rendered: 0, from cache: 2" in second.output

    folder = tmp_path / "folder"
    third = runner.invoke(cli, ["export", "all", "--out", str(folder), "--workers", "1"])
    assert third.exit_code == 0, third.output
    assert "from cache: 2" in third.output
    assert (folder / "pdf" / "P01.pdf").read_bytes().startswith(b"%PDF")
    assert {path.name for path in folder.iterdir()} >= TIDY


def test_bad_page_size_is_refused(runner, tmp_path):
    result = runner.invoke(
        cli, ["export", "all", "--out", str(tmp_path / "x"), "--page-size", "A5"]
    )
    assert result.exit_code == 2 and "A5" in result.output
