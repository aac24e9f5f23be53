"""Coding-PDF downloads go through a bounded render queue: workers out of the request threads,
and a clear 503 with Retry-After (the page tries again by itself) when the queue is full."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from factories import captured_participant, participant_saying
from helpers import post_form

from interview.export import services
from interview.export.bulk import jobs
from interview.export.renders import EXTENSION_KEY, RenderBusy, RenderQueue
from interview.extensions import db
from interview.models import AuditEvent, ExportJob
from interview.participants.services import get_participant
from interview.record.build import build_record

PDF = "/participants/P05/coding.pdf"


@pytest.fixture
def record(app) -> dict:
    """P05's record, fully captured."""
    with app.app_context():
        captured_participant(5)
        return build_record(get_participant("P05"))


def exports_audited(app) -> int:
    """How many PDF downloads the audit log holds."""
    with app.app_context():
        statement = db.select(db.func.count()).where(AuditEvent.action == "export_pdf")
        return db.session.scalar(statement)


def test_a_full_queue_answers_503_with_retry_after_and_a_page_that_retries(app, logged_in, record):
    places = app.extensions[EXTENSION_KEY].places
    taken = 0
    while places.acquire(blocking=False):  # every render place is taken by other downloads
        taken += 1
    assert taken == 1 + app.config["PDF_RENDER_WAITING"]
    response = logged_in.get(PDF)
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "3"
    html = response.get_data(as_text=True)
    assert "Many PDFs are being made right now." in html
    assert '<meta http-equiv="refresh" content="3">' in html
    assert 'href="/participants/P05"' in html
    as_json = logged_in.get(PDF, headers={"Accept": "application/json"})
    assert as_json.status_code == 503 and as_json.get_json()["error"] == "busy"
    assert exports_audited(app) == 0

    places.release()  # one render finished: the retry gets its PDF
    retried = logged_in.get(PDF)
    assert retried.status_code == 200 and retried.data.startswith(b"%PDF")
    assert exports_audited(app) == 1


def test_workers_render_at_a_lower_priority_and_recover_from_a_killed_worker(record):
    queue = RenderQueue(workers=1, waiting=0, retry_after=3, timeout=120)
    options = {"page_size": "A4", "line_numbers": False, "pdfa": False}
    try:
        queue.start()  # as `interview serve` does: the worker is there before the first download
        (worker,) = queue._executor()._processes.values()
        assert queue.render(record, options).startswith(b"%PDF")
        assert list(queue._executor()._processes.values()) == [worker]
        assert os.getpriority(os.PRIO_PROCESS, worker.pid) == 19  # the lowest: requests go first
        # In a session of its own: Linux shares the CPU out by session before niceness.
        assert os.getsid(worker.pid) == worker.pid != os.getsid(0)
        autogroup = Path(f"/proc/{worker.pid}/autogroup")
        if autogroup.exists():
            assert autogroup.read_text().split()[-1] == "19"
        os.kill(worker.pid, signal.SIGKILL)
        worker.join(timeout=30)
        with pytest.raises(RenderBusy):
            queue.render(record, options)
        assert queue.render(record, options).startswith(b"%PDF")  # a fresh pool
    finally:
        queue.close()


def test_a_download_is_built_reviewed_and_redacted_in_the_worker_not_the_request(
    app, logged_in, record, monkeypatch
):
    with app.app_context():
        participant_saying(number=6)  # names people and places nobody reviewed yet
    queue = RenderQueue(workers=1, waiting=0, retry_after=3, timeout=120, app=app)
    app.extensions[EXTENSION_KEY] = queue

    def not_here(*args, **kwargs):
        raise AssertionError("the record was built in the request thread")

    # The worker's own modules are not patched: only a record built in this process would fail.
    monkeypatch.setattr(services, "research_record", not_here)
    monkeypatch.setattr(services.gate, "unreviewed", not_here)
    try:
        pdf = logged_in.get(PDF)
        assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
        (worker,) = queue._executor()._processes.values()
        assert worker.pid != os.getpid()
        refused = logged_in.get("/participants/P06/coding.pdf")
        assert refused.status_code == 409
        assert "P06" in refused.get_data(as_text=True)
        assert exports_audited(app) == 1  # the refused one is not an export
    finally:
        queue.close()


def test_the_review_before_a_bulk_export_is_asked_in_the_worker_not_the_request(
    app, admin_client, record, monkeypatch
):
    queue = RenderQueue(workers=1, waiting=0, retry_after=3, timeout=120, app=app)
    app.extensions[EXTENSION_KEY] = queue
    app.extensions[jobs.RUNNER_KEY] = lambda *job: None  # the job itself is not under test here

    def not_here(*args, **kwargs):
        raise AssertionError("the review gate ran in the request thread")

    monkeypatch.setattr(services.gate, "unreviewed", not_here)
    try:
        started = post_form(admin_client, "/export/jobs", token_from="/export/")
        assert started.status_code == 302
        with app.app_context():
            assert db.session.scalar(db.select(db.func.count(ExportJob.id))) == 1
            db.session.execute(db.update(ExportJob).values(status="done"))
            db.session.commit()
            participant_saying(number=6)  # names people and places nobody reviewed yet
        refused = post_form(admin_client, "/export/jobs", token_from="/export/")
        assert refused.status_code == 409 and "P06" in refused.get_data(as_text=True)
    finally:
        queue.close()


def test_an_export_started_while_every_render_place_is_taken_says_so_and_starts_nothing(
    app, admin_client
):
    places = app.extensions[EXTENSION_KEY].places
    while places.acquire(blocking=False):
        pass
    response = post_form(admin_client, "/export/jobs", token_from="/export/", follow_redirects=True)
    assert response.status_code == 200
    assert "Start the export again in a moment." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(ExportJob.id))) == 0


# A server that dies without its clean-up (SIGKILL, or SIGTERM's default) leaves its workers behind:
# once they are running, or while one still starts (a test server stopped seconds after it began).
ORPHAN_PARENT = """
import os, sys
from interview.export.renders import RenderQueue
queue = RenderQueue(workers=1, waiting=0, retry_after=3, timeout=120)
if sys.argv[1] == "running":
    print(queue._executor().submit(os.getpid).result(timeout=120), flush=True)
else:
    queue.start()
    print(*queue._executor()._processes, flush=True)
os._exit(1)
"""


def gone(pid: int) -> bool:
    """Whether the process has ended (a zombie waiting for its reaper counts as ended)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][0] == "Z"
    except FileNotFoundError:
        return True


@pytest.mark.parametrize("when", ["running", "starting"])
def test_workers_end_when_the_server_dies_without_clean_up(when):
    parent = subprocess.run(
        [sys.executable, "-c", ORPHAN_PARENT, when], capture_output=True, text=True, timeout=180
    )
    worker = int(parent.stdout.split()[0])
    deadline = time.monotonic() + 60
    while not gone(worker) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert gone(worker), f"worker {worker} outlived its server"
