"""Shared fixtures: a fresh temporary instance per test, clients, and a login helper."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from interview import create_app
from interview.auth.users import create_user
from interview.extensions import db

PASSWORD = "correct horse battery"
CSRF_META = re.compile(r'name="csrf-token" content="([^"]+)"')


def base_config(instance: Path) -> dict:
    """Test settings: a temporary instance folder, CSRF left on as in production."""
    return {"INSTANCE_PATH": str(instance), "TESTING": True, "SECRET_KEY": "test-secret-key"}


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory) -> Path:
    """One database built by the real migrations; each test gets a copy (fast and faithful)."""
    instance = tmp_path_factory.mktemp("template-instance")
    app = create_app(base_config(instance))
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        db.engine.dispose()
    return instance / "interview.sqlite3"


@pytest.fixture
def instance_path(tmp_path: Path, migrated_database: Path) -> Path:
    """A fresh instance folder holding a migrated, empty database."""
    instance = tmp_path / "instance"
    instance.mkdir()
    shutil.copy(migrated_database, instance / "interview.sqlite3")
    return instance


@pytest.fixture
def app(instance_path: Path) -> Flask:
    """The application on a fresh temporary instance, with an admin and an interviewer."""
    app = create_app(base_config(instance_path))
    with app.app_context():
        create_user("admin", PASSWORD, admin=True)
        create_user("anna", PASSWORD)
        db.session.commit()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """An anonymous browser."""
    return app.test_client()


@pytest.fixture
def runner(app: Flask):
    """The `interview` command line, bound to the test app."""
    return app.test_cli_runner()


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


@pytest.fixture
def auth(client: FlaskClient) -> AuthActions:
    """Login helper for the anonymous client."""
    return AuthActions(client)


@pytest.fixture
def logged_in(client: FlaskClient, auth: AuthActions) -> FlaskClient:
    """A client logged in as the interviewer `anna`."""
    assert auth.login().status_code == 302
    return client


@pytest.fixture
def admin_client(client: FlaskClient, auth: AuthActions) -> FlaskClient:
    """A client logged in as the admin."""
    assert auth.login("admin").status_code == 302
    return client
