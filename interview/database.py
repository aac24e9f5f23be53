"""Engine set-up: the only place that knows which database engine is in use."""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import weakref
from pathlib import Path

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

from interview.file_modes import private_file

log = logging.getLogger(__name__)

# SQLite engines whose write-ahead log a thread of the server checkpoints (`checkpoint_in_background`):
# their connections leave it to that thread.
BACKGROUND_CHECKPOINTS: weakref.WeakSet[Engine] = weakref.WeakSet()
# How often that thread copies the log into the database file.
CHECKPOINT_SECONDS = 1.0


def configure_engine(app: Flask) -> None:
    """Engine options per dialect, before the engine is created."""
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    options = app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {})
    if uri.startswith("sqlite"):
        # Wait for a concurrent writer instead of failing at once: two tablets may save together.
        connect_args = options.setdefault("connect_args", {})
        connect_args.setdefault("timeout", 30)
        # Writers of this process take turns without SQLite's sleeps (`WriteGate`).
        connect_args.setdefault("factory", GatedConnection)
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
        if engine in BACKGROUND_CHECKPOINTS:
            cursor.execute("PRAGMA wal_autocheckpoint=0")
        cursor.close()
        if database is not None:
            make_database_private(database)


class WriteGate:
    """One database file's writers in this process, taken in turn without SQLite's sleeps.

    A second writer that finds SQLite's write lock held sleeps 1, then 2, then 5, 10 ms… before it
    tries again, however soon the first one commits: in bench_autosave.py --render-load that wait
    was about half of the saves' time in the database (p99 11 to 19 ms in their first write
    statement; 7 ms through the gate). Here
    it waits on a lock instead and starts the moment the other commits. Only an optimisation:
    SQLite's own lock stays the authority, so a writer that gives up waiting here (after the
    connection's timeout), another process, or a thread already writing on a second connection
    goes on to SQLite and its busy handler as before.
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.owner: int | None = None

    def enter(self, timeout: float) -> bool:
        """Wait for this thread's turn to write; False if it goes on without the gate."""
        if self.owner == threading.get_ident():
            return False
        if not self.lock.acquire(timeout=timeout):
            return False
        self.owner = threading.get_ident()
        return True

    def leave(self) -> None:
        """The writer's transaction ended: the next one may start."""
        self.owner = None
        self.lock.release()


# One gate per database file this process opens (in-memory databases have none).
WRITE_GATES: dict[str, WriteGate] = {}
_GATES_LOCK = threading.Lock()
WRITE_STATEMENTS = ("INSERT", "UPDATE", "DELETE", "REPLACE")


def write_gate(database: str) -> WriteGate | None:
    """The gate of a database file; None for an in-memory or temporary database, or a URI."""
    if database in ("", ":memory:") or database.startswith("file:"):
        return None
    path = os.path.abspath(database)
    with _GATES_LOCK:
        return WRITE_GATES.setdefault(path, WriteGate())


class GatedConnection(sqlite3.Connection):
    """A SQLite connection whose write transactions pass through the file's `WriteGate`."""

    def __init__(self, database, *args, **kwargs) -> None:
        super().__init__(database, *args, **kwargs)
        self.gate = write_gate(os.fsdecode(database))
        self.gate_timeout = float(kwargs.get("timeout", 5.0))  # sqlite3's own default
        self.holds_gate = False

    def cursor(self, factory=None):
        """Cursors that take the gate before their transaction's first write."""
        return super().cursor(factory or GatedCursor)

    def before_statement(self, statement: str) -> None:
        """Take the gate before a write statement outside a transaction that holds it."""
        if (
            self.gate is not None
            and not self.holds_gate
            and statement.lstrip()[:7].upper().startswith(WRITE_STATEMENTS)
        ):
            self.holds_gate = self.gate.enter(self.gate_timeout)

    def after_statement(self) -> None:
        """Leave the gate when no transaction is open any more (autocommit, a failed BEGIN)."""
        if self.holds_gate and not self.in_transaction:
            self.release_gate()

    def release_gate(self) -> None:
        """Let the next writer in."""
        if self.holds_gate:
            self.holds_gate = False
            self.gate.leave()

    def commit(self) -> None:
        """Commit, then let the next writer in (whether or not the commit succeeded)."""
        try:
            super().commit()
        finally:
            self.release_gate()

    def rollback(self) -> None:
        """Roll back, then let the next writer in."""
        try:
            super().rollback()
        finally:
            self.release_gate()

    def close(self) -> None:
        """Close (SQLite rolls back what was open), then let the next writer in."""
        try:
            super().close()
        finally:
            self.release_gate()


class GatedCursor(sqlite3.Cursor):
    """A cursor of a `GatedConnection`."""

    def execute(self, sql, parameters=(), /):
        """Run one statement, a write through the gate."""
        self.connection.before_statement(sql)
        try:
            return super().execute(sql, parameters)
        finally:
            self.connection.after_statement()

    def executemany(self, sql, seq_of_parameters, /):
        """Run one statement for each set of parameters, a write through the gate."""
        self.connection.before_statement(sql)
        try:
            return super().executemany(sql, seq_of_parameters)
        finally:
            self.connection.after_statement()


class Checkpointer(threading.Thread):
    """The thread that checkpoints an engine's write-ahead log every CHECKPOINT_SECONDS."""

    def __init__(self, engine: Engine) -> None:
        super().__init__(name="wal-checkpoint", daemon=True)
        self.engine = engine
        self.stopped = threading.Event()

    def run(self) -> None:
        """Checkpoint until stopped; a failed checkpoint (a full disk) is logged and tried again."""
        while not self.stopped.wait(CHECKPOINT_SECONDS):
            try:
                with self.engine.connect() as connection:
                    connection.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")
            except DBAPIError as error:
                log.warning("checkpointing the database failed: %s", error)

    def stop(self) -> None:
        """End the thread after the checkpoint under way."""
        self.stopped.set()


def checkpoint_in_background(engine: Engine) -> Checkpointer | None:
    """SQLite: checkpoint the write-ahead log in a thread of its own, never in a request.

    By default the commit that fills the log to 1 000 pages copies it into the database file and
    syncs it, and the saves in flight waited meanwhile: stalls of 40 to 100 ms every few seconds
    in bench_autosave.py. The server's connections now leave that to this thread (PASSIVE: it
    never waits for, nor blocks, a reader or a writer). Other processes (commands, workers) keep
    SQLite's own checkpoints. None on PostgreSQL, whose server does its own.
    """
    if engine.dialect.name != "sqlite":
        return None
    BACKGROUND_CHECKPOINTS.add(engine)
    engine.dispose()  # the connections opened so far would still checkpoint in their commits
    checkpointer = Checkpointer(engine)
    checkpointer.start()
    return checkpointer


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
