"""The server checkpoints SQLite's write-ahead log in a thread of its own, never in a request's
commit (a checkpoint syncs the file, and the saves in flight waited for it)."""

from __future__ import annotations

import threading

from helpers import sqlite_only
from sqlalchemy import create_engine, event, text

from interview import database


def autocheckpoint(engine) -> int:
    """The wal_autocheckpoint setting of a new connection of the engine."""
    with engine.connect() as connection:
        return connection.execute(text("PRAGMA wal_autocheckpoint")).scalar()


@sqlite_only
def test_the_servers_connections_leave_checkpoints_to_a_thread_that_makes_them(
    tmp_path, monkeypatch
):
    engine = create_engine(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    database.install_engine_hooks(engine)
    assert autocheckpoint(engine) == 1000  # SQLite's own, in the commit that fills the log
    checkpointed = threading.Event()

    @event.listens_for(engine, "before_cursor_execute")
    def seen(connection, cursor, statement, *args) -> None:
        if statement == "PRAGMA wal_checkpoint(PASSIVE)":
            checkpointed.set()

    monkeypatch.setattr(database, "CHECKPOINT_SECONDS", 0.01)
    checkpointer = database.checkpoint_in_background(engine)
    try:
        assert autocheckpoint(engine) == 0
        with engine.begin() as connection:
            connection.execute(text("CREATE TABLE saves (text TEXT)"))
            connection.execute(text("INSERT INTO saves VALUES ('words')"))
        assert checkpointed.wait(timeout=30)
    finally:
        checkpointer.stop()
        checkpointer.join(timeout=30)
    assert not checkpointer.is_alive()
    engine.dispose()


def test_postgresql_checkpoints_by_itself():
    engine = create_engine("postgresql+psycopg://nobody@127.0.0.1:1/none")
    assert database.checkpoint_in_background(engine) is None
