"""The admin's bulk export page: background job, progress JSON, download, access and audit."""

from __future__ import annotations

import io
import multiprocessing
import os
import re
import zipfile
from datetime import timedelta

import pypdf
import pytest
from factories import captured_participant
from helpers import post_form

from interview.export.bulk import jobs
from interview.extensions import db
from interview.models import CONSENT_WITHDRAWN, AuditEvent, ExportJob


@pytest.fixture
def synchronous(app):
    """Run export jobs inline, so a test sees the finished job right after the POST."""
    app.config["EXPORT_WORKERS"] = 1
    app.extensions[jobs.RUNNER_KEY] = jobs.run_job
    return app


@pytest.fixture
def two_participants(app):
    """P01 with data, and P02 who withdrew (left out of bulk exports)."""
    with app.app_context():
        captured_participant(1)
        captured_participant(2, consent_status=CONSENT_WITHDRAWN)


def start(client, **data):
    return post_form(client, "/export/jobs", data, token_from="/export/")


def add_job(app, **values) -> int:
    with app.app_context():
        job = ExportJob(**values)
        db.session.add(job)
        db.session.commit()
        return job.id


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/export/"),
        ("get", "/export/jobs/1"),
        ("get", "/export/jobs/1/download"),
        ("post", "/export/jobs"),
    ],
)
def test_interviewers_get_403(logged_in, app, method, path):
    add_job(app, status="done", filename="x.zip")
    if method == "post":
        response = post_form(logged_in, path, token_from="/")
    else:
        response = logged_in.get(path)
    assert response.status_code == 403


def test_page_says_who_is_left_out(admin_client, two_participants):
    html = admin_client.get("/export/").get_data(as_text=True)
    assert "1 participant will be exported." in html
    assert "1 who declined or withdrew their consent is left out" in html
    assert 'action="/export/jobs"' in html and "js/export.js" in html


def test_admin_builds_the_zip_in_the_background_and_downloads_it(
    admin_client, synchronous, two_participants
):
    response = start(admin_client)
    assert response.status_code == 302 and response.headers["Location"] == "/export/"
    with synchronous.app_context():
        job_id = db.session.execute(db.select(ExportJob.id)).scalar_one()
    status = admin_client.get(f"/export/jobs/{job_id}").get_json()
    assert status["status"] == "done" and status["done"] == status["total"] == 1
    assert status["download_url"] == f"/export/jobs/{job_id}/download"
    html = admin_client.get("/export/").get_data(as_text=True)
    assert status["download_url"] in html
    download = admin_client.get(status["download_url"])
    assert download.status_code == 200 and download.mimetype == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(download.data)).namelist()
    download.close()
    assert "pdf/P01.pdf" in names and "pdf/P02.pdf" not in names
    assert {"participants.csv", "changes.csv", "answers.csv", "codebook.txt"} <= set(names)
    with synchronous.app_context():
        details = db.session.execute(
            db.select(AuditEvent.detail).filter_by(action="export_all", username="admin")
        ).scalars()
        assert list(details) == [f"started export job {job_id}", f"downloaded export job {job_id}"]


def test_a_second_start_while_one_runs_shows_the_running_one(admin_client, app):
    running = add_job(app, status="running", done=3, total=10)
    response = start(admin_client, pdfa="y")
    assert response.status_code == 302
    html = admin_client.get("/export/").get_data(as_text=True)
    assert "An export is already running" in html
    assert f'data-status-url="/export/jobs/{running}"' in html and 'value="3" max="10"' in html
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(ExportJob.id))) == 1


def test_a_job_left_running_by_a_stopped_server_no_longer_blocks(admin_client, app):
    stale = add_job(app, status="running", created_at=jobs.PROCESS_STARTED - timedelta(hours=1))
    html = admin_client.get("/export/").get_data(as_text=True)
    assert "Interrupted: the server stopped." in html and 'action="/export/jobs"' in html
    assert admin_client.get(f"/export/jobs/{stale}").get_json()["status"] == "failed"


def test_a_job_whose_process_was_killed_no_longer_blocks(admin_client, app):
    running = add_job(app, status="running")
    killed = multiprocessing.get_context("fork").Process(target=os._exit, args=(9,))
    killed.start()
    killed.join(timeout=60)
    jobs.JOB_PROCESSES[running] = killed
    html = admin_client.get("/export/").get_data(as_text=True)
    assert "Interrupted: the export process stopped." in html and 'action="/export/jobs"' in html
    assert admin_client.get(f"/export/jobs/{running}").get_json()["status"] == "failed"
    assert running not in jobs.JOB_PROCESSES


def test_the_default_runner_finishes_the_job_in_a_process_of_its_own(
    admin_client, app, two_participants
):
    processes = []
    app.config["EXPORT_WORKERS"] = 1
    app.extensions[jobs.RUNNER_KEY] = lambda *job: processes.append(jobs.process_runner(*job))
    start(admin_client)
    processes[0].join(timeout=120)
    assert processes[0].exitcode == 0 and processes[0].pid != os.getpid()
    status = admin_client.get("/export/jobs/1").get_json()
    assert (status["status"], status["done"], status["total"]) == ("done", 1, 1)
    with admin_client.get(status["download_url"]) as download:
        names = zipfile.ZipFile(io.BytesIO(download.data)).namelist()
    assert "pdf/P01.pdf" in names and "pdf/P02.pdf" not in names


def test_a_failed_export_is_shown_and_offers_no_download(admin_client, synchronous, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(jobs, "run_bulk_export", broken)
    start(admin_client)
    status = admin_client.get("/export/jobs/1").get_json()
    assert status["status"] == "failed" and status["error"] == "OSError: disk full"
    assert status["download_url"] is None
    assert admin_client.get("/export/jobs/1/download").status_code == 404


def test_the_page_offers_line_numbers_and_paper_size_set_as_configured(admin_client, app):
    app.config.update(PDF_LINE_NUMBERS=True, PAGE_SIZE="Letter")
    html = admin_client.get("/export/").get_data(as_text=True)
    assert '<input checked id="line_numbers" name="line_numbers" type="checkbox"' in html
    assert '<option selected value="Letter">Letter</option>' in html


def test_line_numbers_and_letter_paper_reach_the_pdfs(admin_client, synchronous, two_participants):
    assert start(admin_client, line_numbers="y", page_size="Letter").status_code == 302
    with synchronous.app_context():
        job = db.session.execute(db.select(ExportJob)).scalar_one()
        detail = db.session.execute(
            db.select(AuditEvent.detail).filter_by(action="export_all")
        ).scalar_one()
    assert detail == f"started export job {job.id} (line numbers, Letter)"
    with admin_client.get(f"/export/jobs/{job.id}/download") as download:
        zipped = zipfile.ZipFile(io.BytesIO(download.data))
    pdf = pypdf.PdfReader(io.BytesIO(zipped.read("pdf/P01.pdf")))
    assert [round(float(side)) for side in pdf.pages[0].mediabox[2:]] == [612, 792]  # Letter
    text = pdf.pages[1].extract_text()
    assert re.search(r"^\d+ ", text, re.MULTILINE)  # numbered lines


def test_an_unknown_paper_size_is_refused(admin_client, app):
    assert start(admin_client, page_size="A5").status_code == 400
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(ExportJob.id))) == 0
