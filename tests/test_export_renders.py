"""Coding-PDF downloads go through a bounded render queue: workers out of the request threads,
and a clear 503 with Retry-After (the page tries again by itself) when the queue is full."""

from __future__ import annotations

import os
import signal

import pytest
from export_helpers import make_participant

from interview.export.renders import EXTENSION_KEY, RenderBusy, RenderQueue
from interview.extensions import db
from interview.models import AuditEvent
from interview.participants.services import get_participant
from interview.record.build import build_record

PDF = "/participants/P05/coding.pdf"


@pytest.fixture
def record(app) -> dict:
    """P05's record, fully captured."""
    with app.app_context():
        make_participant(5)
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
        assert queue.render(record, options).startswith(b"%PDF")
        (worker,) = queue._executor()._processes.values()
        assert (
            os.getpriority(os.PRIO_PROCESS, worker.pid) >= os.getpriority(os.PRIO_PROCESS, 0) + 10
        )
        os.kill(worker.pid, signal.SIGKILL)
        worker.join(timeout=30)
        with pytest.raises(RenderBusy):
            queue.render(record, options)
        assert queue.render(record, options).startswith(b"%PDF")  # a fresh pool
    finally:
        queue.close()
