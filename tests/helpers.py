"""Helpers shared by the HTTP tests: the test password, CSRF tokens, posting forms, logging in.

They live here, not in conftest.py, so test modules can import them by a name no other folder reuses
(tests/browser has a conftest.py of its own).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from interview.extensions import db
from interview.models import Login, User

PASSWORD = "correct horse battery"
CSRF_META = re.compile(r'name="csrf-token" content="([^"]+)"')
# Set to a PostgreSQL URL (e.g. postgresql+psycopg://user@host/db, an empty database the tests may
# wipe) to run the same tests on PostgreSQL; by default each test gets its own SQLite file.
TEST_DATABASE_URL = os.environ.get("INTERVIEW_TEST_DATABASE_URL")
sqlite_only = pytest.mark.skipif(
    bool(TEST_DATABASE_URL), reason="checks SQLite's own files or settings"
)


def base_config(instance: Path) -> dict:
    """Test settings: a temporary instance folder, CSRF left on as in production."""
    config = {"INSTANCE_PATH": str(instance), "TESTING": True, "SECRET_KEY": "test-secret-key"}
    # PDFs in the test's own thread: a worker process per test app would cost seconds each
    # (tests/test_export_renders.py checks the workers).
    config["PDF_RENDER_WORKERS"] = 0
    if TEST_DATABASE_URL:
        config["SQLALCHEMY_DATABASE_URI"] = TEST_DATABASE_URL
    return config


def csrf_token(client: FlaskClient, path: str = "/login") -> str:
    """The CSRF token of the client's session, read from a page's meta tag as the JS does."""
    response = client.get(path, follow_redirects=True)
    match = CSRF_META.search(response.get_data(as_text=True))
    assert match, f"no csrf meta tag on {path}"
    return match.group(1)


def post_form(client: FlaskClient, path: str, data: dict | None = None, **kwargs):
    """POST a form the way a browser does, with the session's CSRF token."""
    form = {"csrf_token": csrf_token(client, kwargs.pop("token_from", "/login")), **(data or {})}
    return client.post(path, data=form, **kwargs)


class AuthActions:
    """Log in and out through the real login form."""

    def __init__(self, client: FlaskClient) -> None:
        self._client = client

    def login(self, username: str = "anna", password: str = PASSWORD):
        """Log in; returns the response to the POST."""
        return post_form(self._client, "/login", {"username": username, "password": password})

    def logout(self):
        """Log out with the CSRF token."""
        return post_form(self._client, "/logout", token_from="/")


def lock_logins(app, username: str, code: str, tasks: list[str]) -> None:
    """Lock every open login of `username` to a participant, as a hand-over does on the server."""
    with app.app_context():
        user = db.session.execute(db.select(User).filter_by(username=username)).scalar_one()
        state = {"code": code, "tasks": tasks, "user_id": user.id, "done": []}
        db.session.execute(
            db.update(Login)
            .where(Login.user_id == user.id, Login.ended_at.is_(None))
            .values(handover=state)
        )
        db.session.commit()


def script_words_of(html: str) -> dict:
    """The scripts' catalogue a page carries (base.html's #script-words)."""
    import json

    found = re.search(
        r'<script type="application/json" id="script-words">(.*?)</script>', html, re.S
    )
    assert found, "the page carries no script words"
    return json.loads(found.group(1))
