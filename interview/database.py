"""Engine set-up: the only place that knows which database engine is in use."""

from __future__ import annotations

import logging
from pathlib import Path

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

from interview.file_modes import private_file

log = logging.getLogger(__name__)


def configure_engine(app: Flask) -> None:
    """Engine options per dialect, before the engine is created."""
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    options = app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {})
    if uri.startswith("sqlite"):
        # Wait for a concurrent writer instead of failing at once: two tablets may save together.
        options.setdefault("connect_args", {}).setdefault("timeout", 30)
    else:
        options.setdefault("pool_pre_ping", True)


def install_engine_hooks(engine: Engine) -> None:
    """SQLite: WAL (readers never block the writer), enforced foreign keys, and 0600 files."""
    if engine.dialect.name != "sqlite":
        return
    database = (
        Path(engine.url.database) if engine.url.database not in (None, "", ":memory:") else None
    )

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection, _record) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        # Deleted rows are overwritten, so a withdrawn participant's words do not linger in free pages.
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()
        if database is not None:
            make_database_private(database)


def make_database_private(database: Path) -> None:
    """Make the database file and its WAL and shared-memory files 0600.

    SQLite creates them 0644 (less the umask); it gives a new WAL and SHM file the permissions of
    the database file, so fixing the database file on each new connection covers those made later.
    """
    for suffix in ("", "-wal", "-shm"):
        private_file(database.with_name(database.name + suffix))


def scrub_deleted_data(engine: Engine, tables: tuple[str, ...] = ()) -> None:
    """After deleting a participant's data (and committing), push it out of the engine's files.

    SQLite: secure_delete has already zeroed the freed space in the pages written; checkpointing the
    write-ahead log with TRUNCATE copies those pages into the main file and empties the log, whose
    older page images still held the deleted text.

    PostgreSQL: a DELETE only marks rows dead; their bytes stay in the table's files until VACUUM
    lets the space be reused (it does not overwrite it at once, and VACUUM FULL, which rewrites the
    table, locks it). So ``tables`` get a plain VACUUM here, outside any transaction; the server's
    write-ahead log and any backup keep their copies regardless (see the README).
    """
    if engine.dialect.name == "sqlite":
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        return
    if engine.dialect.name == "postgresql" and tables:
        vacuum(engine, tables)


def vacuum(engine: Engine, tables: tuple[str, ...]) -> None:
    """Plain VACUUM of these tables in autocommit mode; a refusal (not the owner) is only logged."""
    names = ", ".join(engine.dialect.identifier_preparer.quote(name) for name in tables)
    try:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql(f"VACUUM {names}")
    except DBAPIError as error:
        log.warning("VACUUM after an erasure failed: %s", error)
