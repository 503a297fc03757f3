"""Database engine set-up for both back ends.

SQLite (the embedded default) gets WAL, foreign keys, a busy timeout, synchronous=NORMAL and
write transactions that begin with ``BEGIN IMMEDIATE``: a deferred ``BEGIN`` that reads and
then writes fails at once with "database is locked" when another connection wrote in
between, whatever the busy timeout. Read-only requests (GET/HEAD) start deferred
transactions so readers never queue behind each other, and write nothing (the work is done
by the request that changes state, a periodic job, or computed on read).
:func:`begin_write` makes sure a transaction is a write transaction (a no-op in a POST or a
command); services that take a lock (certificate serials) call it before reading.

PostgreSQL runs through psycopg 3 with a bounded pool and ``pool_pre_ping``.
"""

from __future__ import annotations

import contextvars
import sqlite3

from sqlalchemy import event
from sqlalchemy.engine import Engine

_write_intent: contextvars.ContextVar[bool] = contextvars.ContextVar("write_intent", default=True)

SQLITE_BUSY_TIMEOUT_MS = 15000


def engine_options(uri: str) -> dict:
    if uri.startswith("sqlite"):
        return {"connect_args": {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}}
    return {
        "pool_size": 5,
        "max_overflow": 5,
        "pool_timeout": 10,
        "pool_recycle": 1800,
        "pool_pre_ping": True,
    }


def set_read_only_request(read_only: bool) -> None:
    """Mark the current request as reading only (deferred SQLite transactions)."""
    _write_intent.set(not read_only)


def begin_write() -> None:
    """Make the next transaction a write transaction (``BEGIN IMMEDIATE`` on SQLite).

    Ends the current (read) transaction first, so call it before loading what you change.
    """
    from app.extensions import db

    if not _write_intent.get():
        db.session.commit()
        _write_intent.set(True)


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
    conn.exec_driver_sql("BEGIN IMMEDIATE" if _write_intent.get() else "BEGIN")
