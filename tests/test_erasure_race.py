"""An erasure while a bulk export runs: the export drops the participant, caches nothing of them, and
ends with a clear message. The race is staged deterministically by running the withdrawal from inside
the export (between rendering and caching, and between writing the CSVs and publishing)."""

from __future__ import annotations

import io
import zipfile

import pytest
from erasure_helpers import delete, marked_participant, places_holding, withdraw
from helpers import AuthActions, post_form

from interview.cli import cli
from interview.export.bulk import jobs, runner
from interview.extensions import db
from interview.models import ExportJob

GONE, KEPT = "Quokka7731", "Wombat5512"


@pytest.fixture
def race(app, admin_client):
    """P01 and P02 with marked words; jobs run inline; a second admin browser to erase with."""
    app.config["EXPORT_WORKERS"] = 1
    app.extensions[jobs.RUNNER_KEY] = jobs.run_job
    with app.app_context():
        marked_participant(1, GONE)
        marked_participant(2, KEPT)
    other = app.test_client()
    assert AuthActions(other).login("admin").status_code == 302
    return other


def erase_once(erase, client, code: str):
    """A function that erases ``code`` the first time it is called."""
    done = []

    def run() -> None:
        if not done:
            done.append(erase(client, code).status_code)

    return run


def finished_job(app) -> ExportJob:
    with app.app_context():
        return db.session.execute(db.select(ExportJob)).scalar_one()


def zip_of(admin_client) -> zipfile.ZipFile:
    response = admin_client.get("/export/jobs/1/download")
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    response.close()
    return archive


def assert_left_out(app, admin_client, instance_path) -> None:
    job = finished_job(app)
    assert job.status == "done", job.error
    assert job.error == "P01 withdrew or was deleted while this export ran and is not in it."
    archive = zip_of(admin_client)
    assert "pdf/P01.pdf" not in archive.namelist() and "pdf/P02.pdf" in archive.namelist()
    answers = archive.read("answers.csv").decode()
    assert GONE not in answers and KEPT in answers
    assert (
        "withdrawn or deleted while this export ran are left out"
        in archive.read("codebook.txt").decode()
    )
    assert places_holding(instance_path, GONE) == []


@pytest.mark.parametrize("erase", [withdraw, delete])
def test_erased_between_rendering_and_caching(
    app, admin_client, instance_path, race, monkeypatch, erase
):
    erase_now = erase_once(erase, race, "P01")
    real = runner.render_many

    def render_then_erase(records, **options):
        for code, pdf in real(records, **options):
            if code == "P01":
                erase_now()  # the PDF holds P01's words; the job has not cached or zipped it yet
            yield code, pdf

    monkeypatch.setattr(runner, "render_many", render_then_erase)
    post_form(admin_client, "/export/jobs", token_from="/export/")
    assert_left_out(app, admin_client, instance_path)
    html = admin_client.get("/export/").get_data(as_text=True)
    assert "P01 withdrew or was deleted while this export ran" in html
    assert "FileNotFoundError" not in html and ".partial" not in html


def test_erased_after_the_csvs_are_written_before_publishing(
    app, admin_client, instance_path, race, monkeypatch
):
    erase_now = erase_once(withdraw, race, "P01")
    real = runner.tidy_files

    def tidy_then_erase(records, **options):
        files = real(records, **options)
        erase_now()  # P01's PDF and rows are in the unfinished zip now
        return files

    monkeypatch.setattr(runner, "tidy_files", tidy_then_erase)
    post_form(admin_client, "/export/jobs", token_from="/export/")
    assert_left_out(app, admin_client, instance_path)


def test_a_command_line_export_drops_the_erased_and_says_so(app, race, tmp_path, monkeypatch):
    erase_now = erase_once(delete, race, "P01")
    real = runner.tidy_files

    def tidy_then_erase(records, **options):
        files = real(records, **options)
        erase_now()
        return files

    monkeypatch.setattr(runner, "tidy_files", tidy_then_erase)
    out = tmp_path / "study"
    result = app.test_cli_runner().invoke(
        cli, ["export", "all", "--out", str(out), "--workers", "1"]
    )
    assert result.exit_code == 0, result.output
    assert "Exported 1 participant to" in result.output
    assert "Left out: P01, withdrawn or deleted while the export ran." in result.output
    assert sorted(path.name for path in (out / "pdf").iterdir()) == ["P02.pdf"]
    assert places_holding(out, GONE) == [] and places_holding(out, KEPT)
