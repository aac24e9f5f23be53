"""A full disk or a read-only database: 503 with the reason, reading still works, /healthz knows.

SQLite's own errors are provoked for real: `PRAGMA query_only` makes every connection refuse writes
with "attempt to write a readonly database" (as a read-only file does, and unlike chmod it binds
root too), and `PRAGMA max_page_count` makes the file full ("database or disk is full").
"""
# ruff: noqa: F811  (pytest fixtures imported from interview_helpers are redefined as arguments)

from __future__ import annotations

import errno
import logging
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from factories import registered_participant
from helpers import PASSWORD, AuthActions, base_config, csrf_token, post_form, sqlite_only
from interview_helpers import SCREEN, autosave
from research_helpers import research_snapshot
from sqlalchemy import event
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from interview import create_app
from interview.extensions import db
from interview.write_failures import DISK_FULL, READ_ONLY, cannot_write_reason


def on_every_connection(app, *pragmas: str) -> None:
    """Run SQLite pragmas on every new connection from now on (the pool is emptied first)."""

    def run(connection, _record) -> None:
        for pragma in pragmas:
            connection.execute(pragma)

    with app.app_context():
        event.listen(db.engine, "connect", run)
        db.engine.dispose()


def read_only(app) -> None:
    """From now on the database refuses every write."""
    on_every_connection(app, "PRAGMA query_only = ON")


def disk_full(app) -> None:
    """From now on the database file cannot grow by a single page."""
    with app.app_context():
        pages = db.session.execute(db.text("PRAGMA page_count")).scalar()
    on_every_connection(app, f"PRAGMA max_page_count = {pages}")


@sqlite_only
def test_read_only_database_still_shows_pages_to_a_login(app, client, auth, caplog):
    registered_participant(app)
    assert auth.login().headers["Location"] == "/"
    read_only(app)
    caplog.set_level(logging.WARNING)
    assert client.get("/").status_code == 200
    assert client.get("/participants/P01").status_code == 200
    assert "Not recorded because the server cannot write: audit event view" in caplog.text
    # A new login is a row the server keeps (so it can be revoked): it cannot be opened now.
    other = app.test_client()
    refused = AuthActions(other).login()
    assert refused.status_code == 503
    assert "cannot write" in refused.get_data(as_text=True)


@sqlite_only
def test_read_only_database_refuses_saves_with_503_and_the_reason(app, started):
    token = csrf_token(started, SCREEN)
    before = research_snapshot(app)
    read_only(app)
    response = autosave(started, {"question_id": "causes", "text": "Kept."}, token)
    assert response.status_code == 503
    body = response.get_json()
    assert (body["error"], body["reason"]) == ("cannot_write", READ_ONLY)
    assert "the server cannot write because its database or folder is read-only" in body["message"]
    data = {"csrf_token": token, "answer-how-therapy-felt": "Words typed without JavaScript."}
    page = started.post(f"{SCREEN}/sections/general", data=data)
    assert page.status_code == 503
    html = page.get_data(as_text=True)
    assert "Not saved: the server cannot write" in html
    assert "Words typed without JavaScript." in html  # kept on the page to copy
    assert research_snapshot(app) == before


@sqlite_only
def test_full_database_refuses_saves_with_503(app, started):
    token = csrf_token(started, SCREEN)
    disk_full(app)
    response = autosave(started, {"question_id": "causes", "text": "long " * 20_000}, token)
    assert response.status_code == 503
    assert response.get_json()["reason"] == DISK_FULL
    assert "its disk is full" in response.get_json()["message"]


def test_a_commit_failing_for_a_full_disk_is_a_503_on_any_engine(app, started, monkeypatch):
    token = csrf_token(started, SCREEN)

    def full(_session) -> None:
        raise OperationalError("COMMIT", {}, sqlite3.OperationalError("database or disk is full"))

    monkeypatch.setattr(Session, "commit", full)
    response = autosave(started, {"question_id": "causes", "text": "Kept."}, token)
    assert (response.status_code, response.get_json()["error"]) == (503, "cannot_write")
    assert started.get("/participants/P01").status_code == 200  # its audit row is only logged


def test_other_database_errors_are_not_taken_for_a_full_disk(app, started, monkeypatch):
    def broken(_session) -> None:
        raise OperationalError("COMMIT", {}, sqlite3.OperationalError("no such table: answers"))

    monkeypatch.setattr(Session, "commit", broken)
    with pytest.raises(OperationalError):  # a real bug stays a 500 (raised here in testing)
        autosave(started, {"question_id": "causes", "text": "Kept."})


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), DISK_FULL),
        (OSError(errno.EROFS, "Read-only file system"), READ_ONLY),
        (sqlite3.OperationalError("attempt to write a readonly database"), READ_ONLY),
        (sqlite3.OperationalError("database or disk is full"), DISK_FULL),
        (OperationalError("INSERT", {}, sqlite3.OperationalError("readonly database")), READ_ONLY),
        (sqlite3.OperationalError("database is locked"), None),
        (OSError(errno.ENOENT, "No such file"), None),
    ],
)
def test_cannot_write_reason(error, reason):
    assert cannot_write_reason(error) == reason


def test_healthz_writes_and_answers_ok(client):
    response = client.get("/healthz")
    assert (response.status_code, response.get_json()) == (200, {"status": "ok"})


@sqlite_only
def test_healthz_answers_503_when_the_database_is_read_only(app, client):
    read_only(app)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert "read-only" in response.get_json()["message"]


def test_healthz_answers_503_when_the_instance_folder_is_full(client, monkeypatch):
    def no_space(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["status"] == "cannot_write"
    assert "its disk is full" in response.get_json()["message"]


@sqlite_only
def test_a_database_opened_read_only_serves_pages_but_refuses_writes(app, tmp_path):
    before = app.test_client()  # logged in while the database could still be written
    assert (
        post_form(before, "/login", {"username": "anna", "password": PASSWORD}).status_code == 302
    )
    with app.app_context():
        db.engine.dispose()  # the copy below is then complete (the log is checkpointed)
    copy = tmp_path / "read-only-instance"
    copy.mkdir()
    shutil.copy(Path(app.instance_path) / "interview.sqlite3", copy / "interview.sqlite3")
    # SQLite's own read-only mode, as for a file the server may not write (chmod binds no root).
    uri = f"sqlite:///file:{copy / 'interview.sqlite3'}?mode=ro&uri=true"
    frozen = create_app({**base_config(copy), "SQLALCHEMY_DATABASE_URI": uri}).test_client()
    frozen.set_cookie("session", before.get_cookie("session").value)
    assert frozen.get("/").status_code == 200
    assert frozen.get("/healthz").status_code == 503
    data = {"therapist_code": "T01", "interviewer_id": "2", "session_date": "2026-11-25"}
    new = post_form(frozen, "/participants/new", data, token_from="/participants/new")
    assert new.status_code == 503
