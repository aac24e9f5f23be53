"""The `interview` command: users, serve, doctor."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import urllib.request
import zipfile
from pathlib import Path

import pytest
from helpers import TEST_DATABASE_URL, base_config

from interview import create_app
from interview.cli import cli
from interview.extensions import db
from interview.models import User

PASSWORD = "a long enough password"


def test_user_add_reads_password_from_stdin(app, runner):
    result = runner.invoke(cli, ["user", "add", "bojan", "--admin"], input=PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    assert "Created admin bojan" in result.output
    with app.app_context():
        user = db.session.execute(db.select(User).filter_by(username="bojan")).scalar_one()
        assert user.role == "admin" and user.password_hash.startswith("scrypt:")


def test_user_add_with_a_role(app, runner):
    result = runner.invoke(
        cli, ["user", "add", "carla", "--role", "analyst"], input=PASSWORD + "\n"
    )
    assert result.exit_code == 0, result.output
    assert "Created analyst carla" in result.output
    result = runner.invoke(cli, ["user", "add", "dora"], input=PASSWORD + "\n")
    assert "Created interviewer dora" in result.output  # the default
    with app.app_context():
        roles = dict(db.session.execute(db.select(User.username, User.role)).all())
    assert (roles["carla"], roles["dora"]) == ("analyst", "interviewer")


def test_user_add_refuses_unknown_or_contradicting_roles(app, runner):
    result = runner.invoke(cli, ["user", "add", "eva", "--role", "owner"], input=PASSWORD + "\n")
    assert result.exit_code != 0 and "owner" in result.output
    args = ["user", "add", "eva", "--admin", "--role", "analyst"]
    result = runner.invoke(cli, args, input=PASSWORD + "\n")
    assert result.exit_code != 0 and "--admin contradicts --role analyst" in result.output
    with app.app_context():
        assert db.session.execute(db.select(User).filter_by(username="eva")).scalar() is None


def test_user_add_refuses_short_password_and_duplicates(app, runner):
    result = runner.invoke(cli, ["user", "add", "bojan"], input="short\n")
    assert result.exit_code != 0 and "at least 10 characters" in result.output
    result = runner.invoke(cli, ["user", "add", "anna"], input=PASSWORD + "\n")
    assert result.exit_code != 0 and "taken" in result.output


def test_user_list_and_disable(app, runner):
    result = runner.invoke(cli, ["user", "list"])
    assert "admin\tadmin\tactive" in result.output and "anna\tinterviewer\tactive" in result.output
    assert "alice\tanalyst\tactive" in result.output
    assert runner.invoke(cli, ["user", "disable", "anna"]).exit_code == 0
    assert "anna\tinterviewer\tdisabled" in runner.invoke(cli, ["user", "list"]).output
    assert runner.invoke(cli, ["user", "disable", "nobody"]).exit_code != 0


def test_doctor_reports_each_check(app, runner):
    result = runner.invoke(cli, ["doctor"])
    assert "HarfBuzz subsetting" in result.output and "database" in result.output


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_serve_upgrades_prints_setup_url_and_serves_login(tmp_path: Path):
    port = free_port()
    env = {**os.environ, "INTERVIEW_INSTANCE_PATH": str(tmp_path)}
    command = [
        sys.executable,
        "-c",
        "from interview.cli import main; main()",
        "serve",
        "--port",
        str(port),
    ]
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        lines = []
        for line in process.stdout:
            lines.append(line)
            if line.startswith("Serving on"):
                break
        output = "".join(lines)
        match = re.search(r"http://127\.0\.0\.1:\d+/setup/(\S+)", output)
        assert match, output
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=10) as response:
            assert response.status == 200
            assert b'name="username"' in response.read()
        assert response.headers["Server"] in (
            None,
            "interview",
        )  # waitress, not Werkzeug's dev server
        assert (tmp_path / "interview.sqlite3").exists()
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stdout.close()


@pytest.fixture
def fresh_runner(tmp_path: Path):
    """The command line on a new instance folder whose database has no tables yet."""
    app = create_app(base_config(tmp_path / "instance"))
    if TEST_DATABASE_URL:  # the shared server database, emptied
        with app.app_context():
            db.session.execute(db.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            db.session.commit()
    yield app, app.test_cli_runner()
    with app.app_context():
        db.engine.dispose()


def test_user_commands_work_on_a_fresh_instance(fresh_runner):
    app, runner = fresh_runner
    added = runner.invoke(cli, ["user", "add", "anna"], input=PASSWORD + "\n")
    assert added.exit_code == 0, added.output
    assert "Upgraded the database to migration" in added.stderr
    assert "Created interviewer anna" in added.stdout
    listed = runner.invoke(cli, ["user", "list"])
    assert (listed.exit_code, listed.stdout) == (0, "anna\tinterviewer\tactive\n")
    assert listed.stderr == ""  # already current: nothing to upgrade, nothing said


def test_user_list_on_a_fresh_instance_lists_nobody(fresh_runner):
    _app, runner = fresh_runner
    result = runner.invoke(cli, ["user", "list"])
    assert (result.exit_code, result.stdout) == (0, "")


def test_export_all_on_a_fresh_instance_says_there_is_nothing(fresh_runner, tmp_path):
    _app, runner = fresh_runner
    out = tmp_path / "study.zip"
    result = runner.invoke(cli, ["export", "all", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "Nothing to export yet: no participant has research data." in result.stdout
    said = result.stdout.split("codebook only: ")[1].strip().split(", ")
    names = zipfile.ZipFile(out).namelist()
    assert sorted(names) == sorted(said)  # it wrote exactly what it said it wrote
    assert not any(name.startswith("pdf/") for name in names)


def test_doctor_fails_for_a_database_without_tables_then_passes(fresh_runner):
    _app, runner = fresh_runner
    result = runner.invoke(cli, ["doctor"])
    assert result.exit_code == 1
    assert "FAIL database schema: The database has no tables yet: run `interview init-db`." in (
        result.output
    )
    assert runner.invoke(cli, ["init-db"]).exit_code == 0
    assert "OK   database schema" in runner.invoke(cli, ["doctor"]).output


def test_doctor_names_the_migration_a_database_lags_at(app, runner):
    with app.app_context():
        db.session.execute(db.text("UPDATE alembic_version SET version_num = 'older'"))
        db.session.commit()
    output = runner.invoke(cli, ["doctor"]).output
    assert "The database is at migration older, the newest is" in output
