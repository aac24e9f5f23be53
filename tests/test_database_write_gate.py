"""SQLite writers of one process take turns through a gate instead of SQLite's busy sleeps, and
the gate never holds anyone up that SQLite itself would let through."""

from __future__ import annotations

import sqlite3
import threading

import pytest
from helpers import sqlite_only

from interview import database


def connect(path, timeout: float = 30, **options) -> database.GatedConnection:
    """A connection as the app's engine makes them."""
    return sqlite3.connect(
        path, timeout=timeout, factory=database.GatedConnection, check_same_thread=False, **options
    )


@pytest.fixture
def path(tmp_path):
    """A database file in WAL mode with one table."""
    path = tmp_path / "db.sqlite3"
    connection = connect(path)
    connection.cursor().execute("PRAGMA journal_mode=WAL")
    connection.cursor().execute("CREATE TABLE saves (text TEXT)")
    connection.close()
    return path


class WatchedLock:
    """A gate's lock that says when someone starts waiting for it."""

    def __init__(self, lock) -> None:
        self.lock, self.waiting = lock, threading.Event()

    def acquire(self, timeout: float = -1) -> bool:
        self.waiting.set()
        return self.lock.acquire(timeout=timeout)

    def release(self) -> None:
        self.lock.release()


def rows(path) -> list[str]:
    """The texts saved so far."""
    connection = sqlite3.connect(path)
    try:
        return [text for (text,) in connection.execute("SELECT text FROM saves ORDER BY rowid")]
    finally:
        connection.close()


def test_a_second_writer_waits_at_the_gate_and_goes_on_when_the_first_commits(path):
    first = connect(path)
    first.cursor().execute("INSERT INTO saves VALUES ('first')")
    gate = database.write_gate(str(path))
    assert gate.owner == threading.get_ident()
    gate.lock = watched = WatchedLock(gate.lock)
    done = threading.Event()

    def second_writer() -> None:
        second = connect(path)
        second.cursor().execute("INSERT INTO saves VALUES ('second')")
        second.commit()
        second.close()
        done.set()

    thread = threading.Thread(target=second_writer)
    thread.start()
    assert watched.waiting.wait(timeout=30)  # at the gate, not in SQLite's busy handler
    assert not done.is_set()
    first.commit()
    thread.join(timeout=30)
    assert done.is_set()
    assert rows(path) == ["first", "second"]
    assert not watched.lock.locked()
    first.close()


@pytest.mark.parametrize("end", ["commit", "rollback", "close"])
def test_the_gate_opens_when_the_transaction_ends(path, end):
    connection = connect(path)
    gate = database.write_gate(str(path))
    connection.cursor().execute("INSERT INTO saves VALUES ('words')")
    assert gate.lock.locked() and connection.holds_gate
    getattr(connection, end)()
    assert not gate.lock.locked() and gate.owner is None
    assert rows(path) == (["words"] if end == "commit" else [])


def test_a_refused_statement_or_an_autocommit_write_leaves_the_gate_open(path):
    gate = database.write_gate(str(path))
    connection = connect(path)
    with pytest.raises(sqlite3.OperationalError, match="no such table"):
        connection.cursor().execute("INSERT INTO nowhere VALUES ('words')")
    assert not gate.lock.locked()
    autocommit = connect(path, isolation_level=None)
    autocommit.cursor().execute("insert into saves values ('at once')")
    assert not gate.lock.locked()
    assert rows(path) == ["at once"]
    connection.close()
    autocommit.close()


def test_reads_never_pass_the_gate(path):
    gate = database.write_gate(str(path))
    connection = connect(path)
    connection.cursor().execute("SELECT count(*) FROM saves").fetchall()
    assert not gate.lock.locked() and not connection.holds_gate
    connection.close()


def test_a_thread_already_writing_on_another_connection_goes_on_to_sqlite(path):
    """It would otherwise wait for itself: SQLite answers "locked" as it always did."""
    first = connect(path)
    first.cursor().execute("INSERT INTO saves VALUES ('first')")
    gate = database.write_gate(str(path))

    class NeverWait:
        def acquire(self, timeout: float = -1) -> bool:
            raise AssertionError("the thread waited for its own gate")

    held, gate.lock = gate.lock, NeverWait()
    second = connect(path, timeout=0)
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        second.cursor().execute("INSERT INTO saves VALUES ('second')")
    gate.lock = held
    first.commit()
    second.close()
    first.close()
    assert rows(path) == ["first"]


def test_a_writer_that_waited_its_timeout_at_the_gate_tries_sqlite_itself(path):
    gate = database.write_gate(str(path))
    gate.lock.acquire()  # held by nobody's transaction: SQLite has no lock to refuse with
    try:
        connection = connect(path, timeout=0.01)
        connection.cursor().execute("INSERT INTO saves VALUES ('words')")
        connection.commit()
        connection.close()
    finally:
        gate.lock.release()
    assert rows(path) == ["words"]


def test_in_memory_databases_have_no_gate():
    assert database.write_gate(":memory:") is None
    assert database.write_gate("") is None
    connection = connect(":memory:")
    connection.cursor().execute("CREATE TABLE saves (text TEXT)")
    connection.cursor().execute("INSERT INTO saves VALUES ('words')")
    connection.commit()
    connection.close()


@sqlite_only
def test_the_apps_sqlite_connections_pass_the_gate(app):
    from interview.extensions import db

    with app.app_context():
        raw = db.engine.raw_connection()
        try:
            assert isinstance(raw.driver_connection, database.GatedConnection)
        finally:
            raw.close()
