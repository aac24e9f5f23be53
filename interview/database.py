"""Engine set-up: the only place that knows which database engine is in use."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine


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
    """SQLite: WAL (readers never block the writer) and enforced foreign keys on every connection."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection, _record) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        # Deleted rows are overwritten, so a withdrawn participant's words do not linger in free pages.
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()


def scrub_deleted_data(engine: Engine) -> None:
    """After deleting a participant's data, push it out of every file the engine keeps.

    SQLite: checkpoint the write-ahead log and truncate it, so old page images holding the deleted text
    are gone from disk (secure_delete already zeroes the pages in the main file). PostgreSQL reclaims
    dead rows with (auto)vacuum; nothing to do per request.
    """
    if engine.dialect.name != "sqlite":
        return
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
