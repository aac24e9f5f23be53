"""Background bulk exports for the export page: one ExportJob row per run, its progress in the row.

The job runs in a process of its own at the lowest CPU priority, with an app made from the
server's settings (interview/export/processes.py): building, reviewing and redacting a whole
study's records is seconds of Python, which in a thread of the web server held the GIL while
autosaves waited. Every progress update is its own short transaction, so the page's polling sees
it at once and no lock is held for long. The fence against erasures asks the database, so it
holds across processes. Tests swap the process for a synchronous runner through
``app.extensions[RUNNER_KEY]`` (``run_job`` itself).
"""

from __future__ import annotations

import atexit
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from flask import Flask, current_app
from flask_babel import gettext as _

from interview.audit import record_event
from interview.export.bulk.erasure_fence import ExportFence
from interview.export.bulk.render import worker_context, yield_to_server
from interview.export.processes import config_snapshot, process_app
from interview.export.services import (
    bulk_records,
    exports_dir,
    review_before_export,
    run_bulk_export,
)
from interview.extensions import db
from interview.models import COPY_ZIP, ExportJob, User
from interview.models.base import utcnow
from interview.register.copies import job_copy, record_download
from interview.write_failures import or_log

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
ACTIVE = (QUEUED, RUNNING)
RUNNER_KEY = "export_job_runner"
# A job still marked active but created before this process started died with the old process.
PROCESS_STARTED = utcnow()

# How a job is run: runner(app, job id, options).
Runner = Callable[[Flask, int, "ExportOptions"], Any]


def process_runner(app: Flask, job_id: int, options: ExportOptions) -> BaseProcess:
    """Run the job in a process of its own (the default runner); it ends with the server."""
    process = worker_context().Process(
        target=job_process,
        args=(config_snapshot(app), job_id, options, os.getpid()),
        name=f"export-job-{job_id}",
    )
    process.start()
    with JOB_PROCESSES_LOCK:
        JOB_PROCESSES[job_id] = process
    return process


# This server's export processes by job id: stopped with the server (its clean-up would
# otherwise wait for a running export to end), and a job whose process ended without saying
# how (killed, out of memory) is marked failed rather than blocking every export after it.
JOB_PROCESSES: dict[int, BaseProcess] = {}
JOB_PROCESSES_LOCK = threading.Lock()


@atexit.register
def stop_job_processes() -> None:
    """End the export processes still running (the next server marks their jobs interrupted)."""
    with JOB_PROCESSES_LOCK:
        running = list(JOB_PROCESSES.values())
    for process in running:
        if process.is_alive():
            process.terminate()


def ended_job_processes() -> list[int]:
    """The jobs whose process has ended, forgotten from now on."""
    with JOB_PROCESSES_LOCK:
        ended = [job_id for job_id, process in JOB_PROCESSES.items() if not process.is_alive()]
        for job_id in ended:
            del JOB_PROCESSES[job_id]
    return ended


def job_process(config: dict[str, Any], job_id: int, options: ExportOptions, server: int) -> None:
    """The export process: below the server's priority, its own app, then the job."""
    yield_to_server(server)
    run_job(process_app(config), job_id, options)


def active_job() -> ExportJob | None:
    """The export that is queued or running now, if any."""
    expire_interrupted()
    statement = (
        db.select(ExportJob).where(ExportJob.status.in_(ACTIVE)).order_by(ExportJob.id.desc())
    )
    return db.session.execute(statement).scalars().first()


def export_running() -> bool:
    """Whether an export job of this server process is queued or running (reads only)."""
    statement = db.select(ExportJob.id).where(
        ExportJob.status.in_(ACTIVE), ExportJob.created_at >= PROCESS_STARTED
    )
    return db.session.scalar(statement.limit(1)) is not None


def expire_interrupted() -> None:
    """Mark jobs left active by a server that stopped, or by an export process that ended without
    saying how (killed), as failed, so they block no new export."""
    active = db.update(ExportJob).where(ExportJob.status.in_(ACTIVE))
    statements = [
        active.where(ExportJob.created_at < PROCESS_STARTED).values(
            status=FAILED, error=_("Interrupted: the server stopped."), finished_at=utcnow()
        )
    ]
    ended = ended_job_processes()
    if ended:
        statements.append(
            active.where(ExportJob.id.in_(ended)).values(
                status=FAILED,
                error=_("Interrupted: the export process stopped."),
                finished_at=utcnow(),
            )
        )
    with or_log("expiring interrupted export jobs"):
        for statement in statements:
            db.session.execute(statement)


def get_job_or_404(job_id: int) -> ExportJob:
    """The export job with this id, or a 404 page."""
    return db.get_or_404(ExportJob, job_id)


def recent_jobs(limit: int = 10) -> list[ExportJob]:
    """The latest exports, newest first."""
    statement = db.select(ExportJob).order_by(ExportJob.id.desc()).limit(limit)
    return list(db.session.execute(statement).scalars())


@dataclass(frozen=True)
class ExportOptions:
    """How the coding PDFs are made; None for the page size means the PAGE_SIZE setting."""

    pdfa: bool = False
    line_numbers: bool = False
    page_size: str | None = None

    def described(self) -> str:
        """The options in words for the audit log, e.g. " (PDF/A, line numbers, Letter)"."""
        words = [
            *(["PDF/A"] if self.pdfa else []),
            *(["line numbers"] if self.line_numbers else []),
            *([self.page_size] if self.page_size else []),
        ]
        return f" ({', '.join(words)})" if words else ""


def start_job(user: User, options: ExportOptions) -> tuple[ExportJob, bool]:
    """Start a bulk export in the background; while one runs, return that one (and False).

    UnreviewedSuggestions before any job exists when the review gate stops someone (the job
    asks again when it reads the records); RenderBusy when the gate finds no render worker free.
    """
    running = active_job()
    if running is not None:
        return running, False
    review_before_export()
    job = ExportJob(created_by_id=user.id, pdfa=options.pdfa, status=QUEUED)
    db.session.add(job)
    db.session.flush()
    record_event("export_all", detail=f"started export job {job.id}{options.described()}")
    db.session.commit()
    app = current_app._get_current_object()
    runner: Runner = app.extensions.get(RUNNER_KEY, process_runner)
    runner(app, job.id, options)
    return job, True


def run_job(app: Flask, job_id: int, options: ExportOptions) -> None:
    """The worker: build the records, export them with progress, and store the outcome."""
    with app.app_context():
        try:
            fence = job_fence(
                app, job_id
            )  # before the records are read: erasures from now on count
            bulk = bulk_records()
            filename = f"export-{job_id}-{utcnow():%Y%m%dT%H%M%SZ}.zip"
            update_job(app, job_id, status=RUNNING, total=len(bulk.records))
            summary = run_bulk_export(
                bulk.records,
                exports_dir() / filename,
                pdfa=options.pdfa,
                line_numbers=options.line_numbers,
                page_size=options.page_size,
                progress=partial(report_progress, app, job_id),
                excluded=bulk.excluded,
                fence=fence,
            )
        except Exception as error:
            app.logger.exception("export job %s failed", job_id)
            message = f"{type(error).__name__}: {error}"[:500]
            update_job(app, job_id, status=FAILED, error=message, finished_at=utcnow())
        else:
            # The fence stored the file name when it published, under the erasure lock.
            note = left_out_message(summary.left_out) if summary.left_out else None
            update_job(app, job_id, status=DONE, error=note, finished_at=utcnow())


def job_fence(app: Flask, job_id: int) -> ExportFence:
    """The fence of one export job, registering its zip as made by whoever started it."""
    job = db.session.get(ExportJob, job_id)
    user = db.session.get(User, job.created_by_id) if job and job.created_by_id else None
    return ExportFence(
        app,
        COPY_ZIP,
        created_by=user.username if user else "",
        user_id=user.id if user else None,
        job_id=job_id,
    )


def left_out_message(codes: tuple[str, ...]) -> str:
    """What the export page says about participants erased while the export ran."""
    return _(
        "%(codes)s withdrew or was deleted while this export ran and is not in it.",
        codes=", ".join(codes),
    )


def report_progress(app: Flask, job_id: int, done: int, total: int) -> None:
    """The engine's progress callback: store how far the export got."""
    update_job(app, job_id, done=done, total=total)


def update_job(app: Flask, job_id: int, **values: Any) -> None:
    """Write job fields in a short transaction of their own (own app context, own session)."""
    with app.app_context():
        db.session.execute(db.update(ExportJob).where(ExportJob.id == job_id).values(**values))
        db.session.commit()


def job_file(job: ExportJob) -> Path | None:
    """The finished export's zip, or None when the job is not done or the file was removed."""
    if job.status != DONE or not job.filename:
        return None
    path = exports_dir() / Path(job.filename).name
    return path if path.is_file() else None


def downloadable(jobs: list[ExportJob]) -> set[int]:
    """The ids of the jobs whose zip can still be downloaded (not destroyed by an erasure)."""
    return {job.id for job in jobs if job_file(job) is not None}


def download_job(job: ExportJob, user: User) -> Path | None:
    """The job's zip for ``user``; the download is audit-logged and registered as a copy outside."""
    path = job_file(job)
    if path is None:
        return None
    copy = job_copy(job.id)
    if copy is not None:
        record_download(copy, user)
    record_event("export_all", detail=f"downloaded export job {job.id}", user=user)
    db.session.commit()
    return path
