"""Making a backup while the server runs: a consistent copy of the database plus the instance's files.

SQLite: the online backup API copies the database in one step inside a read transaction, so it is a
consistent snapshot even while tablets keep saving (WAL lets the writers go on). PostgreSQL:
pg_dump, which reads one snapshot of the whole database too.
"""

from __future__ import annotations

import glob
import os
import shutil
import sqlite3
import subprocess
import tempfile
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from flask import current_app
from sqlalchemy.engine import URL

from interview.audit import record_event
from interview.backup.archive import pack, sha256
from interview.extensions import db
from interview.file_modes import PRIVATE_FILE
from interview.models import COPY_BACKUP, Participant
from interview.models.base import utcnow
from interview.register.copies import register_copy

SQLITE_NAME = "interview.sqlite3"
PG_DUMP_NAME = "database.sql"
# The installation's own files besides the database (the interviews' recordings among them);
# cache/ and exports/ are rebuilt, not kept.
INSTANCE_FILES = ("secret_key", "config.py")
INSTANCE_FOLDERS = ("instruments", "media", "recordings")
PG_DUMP_TIMEOUT = 3600


class BackupError(Exception):
    """The backup could not be made; the message says why in one line."""


@dataclass(frozen=True)
class BackupSummary:
    """What a backup wrote."""

    path: Path
    files: int
    sha256: str
    encrypted: bool


def make_backup(out: Path, passphrase: str | None, *, made_by: str) -> BackupSummary:
    """Write the archive to ``out`` (0600, never over an existing file) and register it as a copy."""
    if out.exists():
        raise BackupError(f"{out} exists already: choose a new file name.")
    codes = participant_codes()
    files = instance_files(Path(current_app.instance_path))
    name, snapshot = database_snapshot()
    files[name] = snapshot
    codes |= participant_codes()  # whoever was added while the snapshot was taken may be in it
    info = {
        "created_at": utcnow().strftime("%Y-%m-%dT%H:%M:%SZ"),
        "database": db.engine.dialect.name,
        "interview_version": version("interview"),
    }
    archive = pack(files, info, passphrase)
    write_new_private_file(out, archive)
    # Registered so an erasure lists this backup among the copies that still hold the participant.
    register_copy(COPY_BACKUP, str(out.resolve()), codes, created_by=made_by)
    record_event("backup", detail=f"backup to {out.name}" + (" (encrypted)" if passphrase else ""))
    db.session.commit()
    return BackupSummary(out, len(files), sha256(archive), bool(passphrase))


def participant_codes() -> set[str]:
    """Every participant code in the database now."""
    return set(db.session.execute(db.select(Participant.code)).scalars())


def instance_files(instance: Path) -> dict[str, bytes]:
    """The secret key, config.py, instrument overrides and stored media, by relative name."""
    files = {
        name: (instance / name).read_bytes()
        for name in INSTANCE_FILES
        if (instance / name).is_file()
    }
    for folder in INSTANCE_FOLDERS:
        for path in sorted((instance / folder).rglob("*")) if (instance / folder).is_dir() else []:
            if path.is_file():
                files[path.relative_to(instance).as_posix()] = path.read_bytes()
    return files


def database_snapshot() -> tuple[str, bytes]:
    """(file name, bytes) of a consistent copy of the database, taken while it is in use."""
    url = db.engine.url
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        return SQLITE_NAME, sqlite_snapshot(Path(url.database))
    if url.get_backend_name() == "postgresql":
        return PG_DUMP_NAME, postgres_snapshot(url)
    raise BackupError(f"Cannot back up a {url.get_backend_name()} database.")


def sqlite_snapshot(database: Path) -> bytes:
    """The database through SQLite's online backup API (one step, so one consistent snapshot)."""
    with tempfile.TemporaryDirectory(prefix="interview-backup-") as folder:
        target = Path(folder) / SQLITE_NAME
        source = sqlite3.connect(database, timeout=30)
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)  # pages=-1: everything in a single step
        finally:
            copy.close()
            source.close()
        return target.read_bytes()


def postgres_snapshot(url: URL) -> bytes:
    """A plain-SQL pg_dump of the database (the password goes in the environment, not argv)."""
    environment = dict(os.environ)
    if url.password:
        environment["PGPASSWORD"] = str(url.password)
    target = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    command = [
        pg_dump_binary(),
        "--format=plain",
        "--no-owner",
        "--no-privileges",
        "--dbname",
        target,
    ]
    try:
        result = subprocess.run(
            command, capture_output=True, env=environment, timeout=PG_DUMP_TIMEOUT, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise BackupError(f"pg_dump could not run: {error}") from None
    if result.returncode != 0:
        reason = (result.stderr.decode(errors="replace").strip().splitlines() or ["no message"])[-1]
        raise BackupError(f"pg_dump failed: {reason}")
    return result.stdout


def pg_dump_binary() -> str:
    """The newest pg_dump installed (Debian keeps one per version), else the one on PATH."""
    versions = glob.glob("/usr/lib/postgresql/*/bin/pg_dump")
    versions.sort(
        key=lambda path: int(Path(path).parts[-3]) if Path(path).parts[-3].isdigit() else 0
    )
    found = versions[-1] if versions else shutil.which("pg_dump")
    if not found:
        raise BackupError("pg_dump was not found: install PostgreSQL's client programs.")
    return found


def write_new_private_file(path: Path, data: bytes) -> None:
    """Create ``path`` 0600 (refusing an existing file) and write ``data`` to it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    except FileExistsError:
        raise BackupError(f"{path} exists already: choose a new file name.") from None
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
