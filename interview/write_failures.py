"""When the server cannot write (a full disk, a read-only database or folder): say so, keep reading.

A write that fails for lack of space or permission answers 503 with the reason (JSON for the
autosave, a page keeping the typed text otherwise) instead of a bare 500. Reads that only leave an
audit row (a page, a download, a login) still work: the row is logged instead. `/healthz` tries a
real write, so a monitor learns of it before an interviewer does.
"""

from __future__ import annotations

import errno
import logging
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask, current_app, render_template
from flask_babel import gettext as _
from sqlalchemy.exc import DBAPIError
from werkzeug.exceptions import ServiceUnavailable

from interview.errors import kept_text, wants_json
from interview.extensions import db

log = logging.getLogger(__name__)

DISK_FULL, READ_ONLY = "disk_full", "read_only"
# How each engine says it: SQLite's error names and messages, PostgreSQL's SQLSTATEs.
SQLITE_NAMES = {"SQLITE_FULL": DISK_FULL}
SQLSTATES = {"53100": DISK_FULL, "25006": READ_ONLY}  # disk_full, read_only_sql_transaction
MESSAGES = (
    ("disk is full", DISK_FULL),
    ("no space left on device", DISK_FULL),
    ("readonly database", READ_ONLY),
    ("read-only", READ_ONLY),
)
ERRNOS = {errno.ENOSPC: DISK_FULL, errno.EDQUOT: DISK_FULL, errno.EROFS: READ_ONLY}


def _chain(error: BaseException) -> Iterator[BaseException]:
    """The error, the driver's error it wraps, and the errors it was raised from."""
    seen: set[int] = set()
    pending: list[BaseException | None] = [error]
    while pending:
        current = pending.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        pending += [getattr(current, "orig", None), current.__cause__, current.__context__]


def _reason_of(error: BaseException) -> str | None:
    """The reason one error (not its chain) stands for, if it is a failure to write."""
    if isinstance(error, OSError) and error.errno in ERRNOS:
        return ERRNOS[error.errno]
    name = getattr(error, "sqlite_errorname", "") or ""
    if name.startswith("SQLITE_READONLY"):
        return READ_ONLY
    reason = SQLITE_NAMES.get(name) or SQLSTATES.get(getattr(error, "sqlstate", None) or "")
    if reason:
        return reason
    text = str(error).lower()
    return next((reason for words, reason in MESSAGES if words in text), None)


def cannot_write_reason(error: BaseException) -> str | None:
    """DISK_FULL or READ_ONLY when the error means the server cannot write, else None."""
    return next(filter(None, map(_reason_of, _chain(error))), None)


def cannot_write_message(reason: str) -> str:
    """What the user reads: nothing was saved, why, and whom to tell."""
    if reason == DISK_FULL:
        return _(
            "Not saved: the server cannot write because its disk is full. Nothing was changed; "
            "keep your text and tell the person who runs the server."
        )
    return _(
        "Not saved: the server cannot write because its database or folder is read-only. "
        "Nothing was changed; keep your text and tell the person who runs the server."
    )


def cannot_write(error: Exception):
    """The error handler: 503 with the reason for a failed write; any other error goes on up."""
    reason = cannot_write_reason(error)
    if reason is None:
        raise error
    db.session.rollback()
    current_app.logger.error("The server cannot write (%s): %s", reason, error)
    message = cannot_write_message(reason)
    if wants_json():
        return {"error": "cannot_write", "reason": reason, "message": message}, 503
    page = render_template(
        "errors/error.html", error=ServiceUnavailable(), message=message, kept=kept_text()
    )
    return page, 503


@contextmanager
def or_log(what: str) -> Iterator[None]:
    """Commit what the block added; if the server cannot write, roll back, log it and go on.

    Only for writes a read must not depend on (its audit row): the page is still served.
    """
    try:
        yield
        db.session.commit()
    except (DBAPIError, OSError) as error:
        if cannot_write_reason(error) is None:
            raise
        db.session.rollback()
        log.warning("Not recorded because the server cannot write: %s (%s)", what, error)


def write_problem(instance_path: str) -> str | None:
    """Why the server cannot write (database or instance folder), or None when it can."""
    try:
        with db.engine.connect() as connection, connection.begin() as transaction:
            # A real write that changes nothing, undone at once: read-only refuses it.
            connection.exec_driver_sql("UPDATE alembic_version SET version_num = version_num")
            transaction.rollback()
        with tempfile.TemporaryFile(dir=instance_path) as probe:
            probe.write(b"x")
            probe.flush()
            os.fsync(probe.fileno())  # space is only claimed on the disk here
    except (DBAPIError, OSError) as error:
        reason = cannot_write_reason(error)
        return cannot_write_message(reason) if reason else f"{type(error).__name__}: {error}"
    return None


def init_write_failures(app: Flask) -> None:
    """Install the 503 handler for database and file-system errors."""
    app.register_error_handler(DBAPIError, cannot_write)
    app.register_error_handler(OSError, cannot_write)
