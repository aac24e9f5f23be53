"""Shared fixtures: a fresh temporary instance per test, clients, and a login helper."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from factories import registered_participant
from flask import Flask
from flask.testing import FlaskClient
from helpers import (
    PASSWORD,
    TEST_DATABASE_URL,
    AuthActions,
    base_config,
    post_form,
)

from interview import create_app
from interview.auth.users import create_user
from interview.extensions import db
from interview.languages import compile_catalogues
from interview.models import User
from interview.permissions import ROLE_ANALYST


def pytest_sessionstart(session: pytest.Session) -> None:
    """Compile the catalogues (.mo, not committed) before anything renders a page or a PDF."""
    compile_catalogues()


def migrate(instance: Path, *, wipe: bool = False) -> None:
    """Build the schema with the real migrations (after emptying a shared server database)."""
    from flask_migrate import upgrade

    app = create_app(base_config(instance))
    with app.app_context():
        if wipe:
            db.session.execute(db.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            db.session.commit()
        upgrade()
        db.engine.dispose()


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory) -> Path:
    """One SQLite database built by the migrations; each test gets a copy (fast and faithful)."""
    instance = tmp_path_factory.mktemp("template-instance")
    if not TEST_DATABASE_URL:
        migrate(instance)
    return instance / "interview.sqlite3"


@pytest.fixture
def instance_path(tmp_path: Path, migrated_database: Path) -> Path:
    """A fresh instance folder holding a migrated, empty database."""
    instance = tmp_path / "instance"
    instance.mkdir()
    if TEST_DATABASE_URL:
        migrate(instance, wipe=True)
    else:
        shutil.copy(migrated_database, instance / "interview.sqlite3")
    return instance


@pytest.fixture
def app(instance_path: Path) -> Flask:
    """The application on a fresh temporary instance: admin, interviewer anna, analyst alice."""
    app = create_app(base_config(instance_path))
    with app.app_context():
        create_user("admin", PASSWORD, role="admin")
        anna = create_user("anna", PASSWORD)
        # Same password as anna: reusing her hash spares every test another scrypt run.
        db.session.add(User(username="alice", password_hash=anna.password_hash, role=ROLE_ANALYST))
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


@pytest.fixture
def analyst_client(client: FlaskClient, auth: AuthActions) -> FlaskClient:
    """A client logged in as the analyst `alice`."""
    assert auth.login("alice").status_code == 302
    return client


@pytest.fixture
def consented(app: Flask, logged_in: FlaskClient) -> FlaskClient:
    """Anna's client; P01 exists with a signed consent."""
    registered_participant(app)
    return logged_in


@pytest.fixture
def started(consented: FlaskClient) -> FlaskClient:
    """Anna's client; P01's interview is started."""
    response = post_form(
        consented, "/participants/P01/interview/start", token_from="/participants/P01"
    )
    assert response.status_code == 302
    return consented
