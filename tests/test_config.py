"""Configuration layers, the instance folder and the generated secret key."""

from __future__ import annotations

import os
import stat

from helpers import sqlite_only

from interview import create_app


def test_defaults_then_instance_config_then_environment(tmp_path, monkeypatch):
    instance = tmp_path / "inst"
    instance.mkdir()
    (instance / "config.py").write_text('STUDY_PREFIX = "FROMFILE"\nCODE_DIGITS = 3\n')
    monkeypatch.setenv("INTERVIEW_INSTANCE_PATH", str(instance))
    monkeypatch.setenv("INTERVIEW_CODE_DIGITS", "4")
    app = create_app()
    assert app.instance_path == str(instance)
    assert app.config["STUDY_PREFIX"] == "FROMFILE"  # instance file beats defaults
    assert app.config["CODE_DIGITS"] == 4  # environment beats the instance file
    assert app.config["LANGUAGE"] == "en"  # untouched default


def test_database_url_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("INTERVIEW_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("INTERVIEW_DATABASE_URL", f"sqlite:///{tmp_path}/other.sqlite3")
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("other.sqlite3")


def test_default_database_lives_in_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("INTERVIEW_INSTANCE_PATH", str(tmp_path))
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/interview.sqlite3"


def test_secret_key_generated_once_private_and_reused(tmp_path, monkeypatch):
    monkeypatch.setenv("INTERVIEW_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("INTERVIEW_SECRET_KEY", raising=False)
    first = create_app().config["SECRET_KEY"]
    key_file = tmp_path / "secret_key"
    assert len(first) >= 64
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    assert create_app().config["SECRET_KEY"] == first
    assert key_file.read_text().strip() == first


def test_test_config_overrides(tmp_path):
    app = create_app({"INSTANCE_PATH": str(tmp_path), "STUDY_PREFIX": "X", "SECRET_KEY": "k"})
    assert app.config["STUDY_PREFIX"] == "X"
    assert app.instance_path == str(tmp_path)


@sqlite_only
def test_sqlite_runs_in_wal_mode_with_foreign_keys(app):
    from interview.extensions import db

    with app.app_context():
        assert db.session.execute(db.text("PRAGMA journal_mode")).scalar() == "wal"
        assert db.session.execute(db.text("PRAGMA foreign_keys")).scalar() == 1


def test_healthz_needs_no_login(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}
