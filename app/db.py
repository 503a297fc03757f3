"""Database engine set-up for both back ends.

SQLite (the embedded default) gets WAL, foreign keys, a busy timeout, synchronous=NORMAL and
write transactions that begin with ``BEGIN IMMEDIATE``: a deferred ``BEGIN`` that reads and
then writes fails at once with "database is locked" when another connection wrote in
between, whatever the busy timeout. Read-only requests (GET/HEAD) start deferred
transactions so readers never queue behind each other, and write nothing (the work is done
by the request that changes state, a periodic job, or computed on read).
:func:`begin_write` makes sure a transaction is a write transaction (a no-op in a POST or a
command); services that take a lock (certificate serials) call it before reading.

Writers queue on a lock file beside the database (:class:`QueuedWriters`) before they ask
SQLite for its write lock: SQLite's own busy handler sleeps and retries (1, 2, 5 … up to
100 ms a try), so under a burst of POSTs — a workshop submitting a timed quiz — a waiting
writer slept on while the lock was free and another took it first (p99 181 ms for quiz
submissions under load); on the lock file the next writer takes it as soon as it is free.

PostgreSQL runs through psycopg 3 with a bounded pool and ``pool_pre_ping``.
"""

from __future__ import annotations

import contextvars
import fcntl
import os
import sqlite3
import time

from sqlalchemy import event
from sqlalchemy.engine import Engine

_write_intent: contextvars.ContextVar[bool] = contextvars.ContextVar("write_intent", default=True)
_read_first: contextvars.ContextVar[bool] = contextvars.ContextVar("read_first", default=False)
_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLAC")

SQLITE_BUSY_TIMEOUT_MS = 15000


class QueuedWriters(sqlite3.Connection):
    """A SQLite connection whose write transactions first take an exclusive lock on
    ``<database>-writer.lock`` (``flock``: per open file, so threads and processes queue
    alike, and released by the kernel if the process dies), held until the transaction's
    commit or rollback. A writer that cannot have it within the busy timeout goes on to
    SQLite's own lock, which then decides as before; an in-memory database has no file."""

    def __init__(self, database, *args, **kwargs):
        super().__init__(database, *args, **kwargs)
        self._lock_path = _lock_path(os.fspath(database))
        self._lock_fd: int | None = None
        self._holding = False

    def acquire_writer(self, timeout: float = SQLITE_BUSY_TIMEOUT_MS / 1000) -> None:
        if self._lock_path is None or self._holding:
            return
        if self._lock_fd is None:
            try:
                # Read-only is enough for flock: every account that can read the file (the
                # web server's, an administrator's running a command) queues on it.
                self._lock_fd = os.open(self._lock_path,
                                        os.O_RDONLY | os.O_CREAT | os.O_CLOEXEC, 0o644)
            except OSError:  # a folder we cannot write: SQLite's own lock only
                self._lock_path = None
                return
        deadline = time.monotonic() + timeout
        pause = 0.0001
        while True:
            try:
                fcntl.flock(self._lock_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                self._holding = True
                return
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    return
                time.sleep(pause)
                pause = min(pause * 2, 0.001)

    def release_writer(self) -> None:
        if self._holding:
            self._holding = False
            fcntl.flock(self._lock_fd, fcntl.LOCK_UN)

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            self.release_writer()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self.release_writer()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self.release_writer()
            if self._lock_fd is not None:
                os.close(self._lock_fd)
                self._lock_fd = None


def _lock_path(database: str) -> str | None:
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return database + "-writer.lock"


def engine_options(uri: str) -> dict:
    if uri.startswith("sqlite"):
        return {"connect_args": {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000,
                                 "factory": QueuedWriters}}
    return {
        "pool_size": 5,
        "max_overflow": 5,
        "pool_timeout": 10,
        "pool_recycle": 1800,
        "pool_pre_ping": True,
    }


def set_read_only_request(read_only: bool, *, read_first: bool = False) -> None:
    """Mark the current request as reading only (deferred SQLite transactions), or as
    reading first (`read_first`: deferred until its service calls :func:`begin_write`)."""
    _write_intent.set(not (read_only or read_first))
    _read_first.set(read_first)


def read_first(view):
    """Mark a POST view whose every write is optimistic — a conditional UPDATE by a service
    that calls :func:`begin_write` first and re-reads when the condition fails (the quiz
    attempt store): its reads (the signed-in user, the attempt, the grading) run in a
    deferred transaction beside other requests, and SQLite's write lock is held only from
    the UPDATE to the commit. A write before `begin_write` in such a request is refused."""
    view.read_first = True
    return view


def begin_write() -> None:
    """Make the next transaction a write transaction (``BEGIN IMMEDIATE`` on SQLite).

    Ends the current (read) transaction first, keeping what it loaded (not expired): call it
    before loading what you change, or write with conditions that check what you read.
    """
    from app.extensions import db

    if not _write_intent.get():
        session = db.session()
        expire, session.expire_on_commit = session.expire_on_commit, False
        try:
            session.commit()
        finally:
            session.expire_on_commit = expire
        _write_intent.set(True)


@event.listens_for(Engine, "before_cursor_execute")
def _refuse_early_writes(conn, cursor, statement, parameters, context, executemany):
    if _read_first.get() and not _write_intent.get() \
            and statement.lstrip()[:6].upper() in _WRITES:
        raise RuntimeError("a write in a read_first request before begin_write(): "
                           + statement[:80])


@event.listens_for(Engine, "connect")
def _sqlite_on_connect(dbapi_connection, connection_record):
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    # Let SQLAlchemy's "begin" event emit BEGIN itself (pysqlite's own is deferred).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


@event.listens_for(Engine, "begin")
def _sqlite_on_begin(conn):
    if conn.dialect.name != "sqlite":
        return
    if not _write_intent.get():
        conn.exec_driver_sql("BEGIN")
        return
    dbapi_connection = conn.connection.dbapi_connection
    queued = isinstance(dbapi_connection, QueuedWriters)
    if queued:
        dbapi_connection.acquire_writer()
    try:
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    except BaseException:
        if queued:
            dbapi_connection.release_writer()
        raise
