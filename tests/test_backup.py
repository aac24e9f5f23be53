"""`interview backup` and `interview restore`: a consistent archive taken while tablets save, verified
checksums, an optional passphrase, private files, and refusals that write nothing."""

from __future__ import annotations

import io
import sqlite3
import stat
import threading
import zipfile
from pathlib import Path

import pytest
from erasure_helpers import withdraw
from factories import registered_participant
from helpers import PASSWORD, TEST_DATABASE_URL, AuthActions, base_config, csrf_token, sqlite_only
from interview_helpers import AUTOSAVE, SCREEN

from interview import create_app
from interview.cli import cli
from interview.extensions import db
from interview.models import Answer, AnswerRevision

QUESTIONS = ("causes", "resources-personal", "resources-situation")
OVERRIDE = "instruments/consent.yaml"


@pytest.fixture
def started(app):
    """P01's interview, started by anna."""
    registered_participant(app)
    client = app.test_client()
    AuthActions(client).login()
    token = csrf_token(client, "/participants/P01")
    client.post(f"{SCREEN}/start", data={"csrf_token": token})
    return app


def invoke(app, *args: str):
    return app.test_cli_runner().invoke(cli, list(args))


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


class Saver(threading.Thread):
    """One tablet saving its own question over and over; remembers every acknowledged text."""

    def __init__(self, app, question: str, stop: threading.Event, warmed: threading.Barrier):
        super().__init__(daemon=True)
        self.client = app.test_client()
        assert AuthActions(self.client).login("anna", PASSWORD).status_code == 302
        self.token = csrf_token(self.client, SCREEN)
        self.question, self.stop, self.warmed = question, stop, warmed
        self.acknowledged: list[str] = []
        self.errors: list[str] = []

    def run(self) -> None:
        number = 0
        while not self.stop.is_set() or number < 6:
            text = f"{self.question} save {number}"
            response = self.client.post(
                AUTOSAVE,
                json={"question_id": self.question, "text": text},
                headers={"X-CSRFToken": self.token},
            )
            if response.status_code == 200 and response.get_json()["ok"]:
                self.acknowledged.append(text)
            else:
                self.errors.append(f"{response.status_code} {response.get_data(as_text=True)}")
            number += 1
            if number == 3:
                self.warmed.wait()  # every tablet has saves acknowledged before the backup starts


def saved_texts(app) -> set[str]:
    """Every answer text the database holds, current or earlier."""
    with app.app_context():
        current = db.session.execute(db.select(Answer.text)).scalars()
        earlier = db.session.execute(db.select(AnswerRevision.text)).scalars()
        return set(current) | set(earlier)


@sqlite_only
def test_a_backup_during_autosaves_restores_every_acknowledged_save(started, tmp_path):
    app = started
    stop, warmed = threading.Event(), threading.Barrier(len(QUESTIONS) + 1)
    savers = [Saver(app, question, stop, warmed) for question in QUESTIONS]
    for saver in savers:
        saver.start()
    warmed.wait()
    before = {text for saver in savers for text in saver.acknowledged}
    archive = tmp_path / "backup.zip"
    result = invoke(app, "backup", "--out", str(archive))  # the savers keep saving meanwhile
    stop.set()
    for saver in savers:
        saver.join(timeout=120)
    assert result.exit_code == 0, result.output
    assert not any(saver.errors for saver in savers), [s.errors for s in savers]
    assert len(before) >= 9

    target = tmp_path / "restored"
    restored = invoke(app, "restore", str(archive), "--instance", str(target))
    assert restored.exit_code == 0, restored.output
    assert "checksums verified" in restored.output
    copy = create_app(base_config(target))
    try:
        assert before <= saved_texts(copy)  # every save acknowledged before the backup is there
    finally:
        with copy.app_context():
            db.engine.dispose()
    with sqlite3.connect(target / "interview.sqlite3") as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert mode(target) == 0o700
    assert {mode(path) for path in target.rglob("*") if path.is_file()} == {0o600}


def backup_with_override(app, instance_path: Path, tmp_path: Path, *extra: str) -> Path:
    (instance_path / "instruments").mkdir()
    (instance_path / OVERRIDE).write_text("id: consent\n# our wording\n")
    (instance_path / "secret_key").write_text("the-installation-key")
    archive = tmp_path / "backup.zip"
    result = invoke(app, "backup", "--out", str(archive), *extra)
    assert result.exit_code == 0, result.output
    return archive


def test_a_round_trip_with_a_passphrase(app, instance_path, tmp_path):
    secret = tmp_path / "passphrase"
    secret.write_text("a long and private passphrase\n")
    archive = backup_with_override(app, instance_path, tmp_path, "--passphrase-file", str(secret))
    data = archive.read_bytes()
    assert mode(archive) == 0o600
    assert b"the-installation-key" not in data and not zipfile.is_zipfile(archive)

    wrong = tmp_path / "wrong"
    wrong.write_text("not the passphrase\n")
    target = tmp_path / "restored"
    refused = invoke(
        app, "restore", str(archive), "--instance", str(target), "--passphrase-file", str(wrong)
    )
    assert refused.exit_code == 1
    assert "Wrong passphrase, or the archive is damaged. Nothing was restored." in refused.output
    assert not target.exists()

    restored = invoke(
        app, "restore", str(archive), "--instance", str(target), "--passphrase-file", str(secret)
    )
    assert restored.exit_code == 0, restored.output
    assert (target / "secret_key").read_text() == "the-installation-key"
    assert (target / OVERRIDE).read_text() == "id: consent\n# our wording\n"
    assert mode(target / "instruments") == 0o700
    if not TEST_DATABASE_URL:
        assert (target / "interview.sqlite3").read_bytes().startswith(b"SQLite format 3")


def tampered(archive: Path, name: str, data: bytes | None) -> None:
    """Rewrite the zip with one member changed (or, with data None, removed)."""
    with zipfile.ZipFile(archive) as source:
        members = {info.filename: source.read(info) for info in source.infolist()}
    if data is None:
        del members[name]
    else:
        members[name] = data
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for member, content in members.items():
            target.writestr(member, content)
    archive.write_bytes(buffer.getvalue())


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("files/secret_key", b"an attacker's key", "Checksum mismatch for secret_key"),
        ("files/" + OVERRIDE, None, "does not hold what its manifest lists"),
        ("files/extra.txt", b"smuggled", "does not hold what its manifest lists"),
        ("files/../escape", b"x", "does not hold what its manifest lists"),
        ("manifest.json", b"{not json", "This is not a backup archive"),
    ],
)
def test_a_tampered_archive_is_refused_and_nothing_written(
    app, instance_path, tmp_path, name, data, message
):
    archive = backup_with_override(app, instance_path, tmp_path)
    tampered(archive, name, data)
    target = tmp_path / "restored"
    result = invoke(app, "restore", str(archive), "--instance", str(target))
    assert result.exit_code == 1 and message in result.output
    assert "Nothing was restored." in result.output
    assert not target.exists() and [p.name for p in tmp_path.iterdir() if "restor" in p.name] == []


def test_an_encrypted_archive_with_one_byte_changed_is_refused(app, instance_path, tmp_path):
    secret = tmp_path / "passphrase"
    secret.write_text("a long and private passphrase")
    archive = backup_with_override(app, instance_path, tmp_path, "--passphrase-file", str(secret))
    data = bytearray(archive.read_bytes())
    data[-10] ^= 1
    archive.write_bytes(bytes(data))
    result = invoke(
        app,
        "restore",
        str(archive),
        "--instance",
        str(tmp_path / "r"),
        "--passphrase-file",
        str(secret),
    )
    assert result.exit_code == 1 and "Wrong passphrase, or the archive is damaged." in result.output


def test_restore_refuses_a_folder_that_is_not_empty(app, instance_path, tmp_path):
    archive = backup_with_override(app, instance_path, tmp_path)
    target = tmp_path / "busy"
    target.mkdir()
    (target / "interview.sqlite3").write_bytes(b"someone's data")
    result = invoke(app, "restore", str(archive), "--instance", str(target))
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"Error: Refusing to restore into {target}: it is not an empty folder. Nothing was restored."
    ]
    assert (target / "interview.sqlite3").read_bytes() == b"someone's data"
    empty = tmp_path / "empty"
    empty.mkdir()
    assert invoke(app, "restore", str(archive), "--instance", str(empty)).exit_code == 0


def test_backup_never_overwrites_and_is_listed_as_a_copy_after_a_withdrawal(
    app, admin_client, tmp_path
):
    registered_participant(app)
    archive = tmp_path / "backup.zip"
    assert invoke(app, "backup", "--out", str(archive)).exit_code == 0
    again = invoke(app, "backup", "--out", str(archive))
    assert again.exit_code == 1 and "exists already" in again.output
    html = admin_client.get(withdraw(admin_client, "P01").headers["Location"]).get_data(
        as_text=True
    )
    assert "Backup" in html and str(archive.resolve()) in html


@pytest.mark.skipif(not TEST_DATABASE_URL, reason="needs PostgreSQL")
def test_a_postgresql_backup_holds_a_dump_with_the_answers(started, tmp_path):
    client = started.test_client()
    AuthActions(client).login()
    token = csrf_token(client, SCREEN)
    client.post(
        AUTOSAVE,
        json={"question_id": "causes", "text": "Pelican words"},
        headers={"X-CSRFToken": token},
    )
    archive = tmp_path / "backup.zip"
    result = invoke(started, "backup", "--out", str(archive))
    assert result.exit_code == 0, result.output
    dump = zipfile.ZipFile(archive).read("files/database.sql").decode()
    assert "Pelican words" in dump
    restored = invoke(started, "restore", str(archive), "--instance", str(tmp_path / "r"))
    assert "psql URL -f" in restored.output
