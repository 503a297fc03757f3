"""SQLite writers queue on a lock file (app/db.py QueuedWriters) rather than on SQLite's own
busy handler, which sleeps up to 100 ms a try while the lock may already be free."""

from __future__ import annotations

import fcntl
import os
import threading

import pytest
from sqlalchemy import create_engine, text

from app.db import QueuedWriters, engine_options, set_read_only_request


@pytest.fixture
def engine(tmp_path):
    url = f"sqlite:///{tmp_path / 'w.sqlite3'}"
    engine = create_engine(url, **engine_options(url))
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER)"))
        conn.execute(text("INSERT INTO counter VALUES (1, 0)"))
    yield engine
    engine.dispose()


def _held_by_someone(path) -> bool:
    """Whether another open file holds the lock (tries it without waiting)."""
    fd = os.open(path, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


def test_a_write_transaction_holds_the_lock_until_commit_or_rollback(engine, tmp_path):
    lock = tmp_path / "w.sqlite3-writer.lock"
    with engine.connect() as conn:
        with conn.begin():
            conn.execute(text("UPDATE counter SET n = n + 1"))
            assert _held_by_someone(lock)
        assert not _held_by_someone(lock)
        transaction = conn.begin()
        conn.execute(text("UPDATE counter SET n = n + 1"))
        assert _held_by_someone(lock)
        transaction.rollback()
        assert not _held_by_someone(lock)
        assert conn.execute(text("SELECT n FROM counter")).scalar() == 1


def test_a_read_only_request_does_not_queue(engine, tmp_path):
    lock = tmp_path / "w.sqlite3-writer.lock"
    set_read_only_request(True)
    try:
        with engine.connect() as conn, conn.begin():
            assert conn.execute(text("SELECT n FROM counter")).scalar() == 0
            assert not lock.exists() or not _held_by_someone(lock)
    finally:
        set_read_only_request(False)


def test_writers_in_threads_queue_and_none_is_lost(engine):
    """Eight threads increment the same row 25 times each, each in its own write
    transaction that reads then writes: every increment lands, none fails as locked."""
    errors: list[BaseException] = []
    barrier = threading.Barrier(8)

    def work():
        barrier.wait()
        try:
            for _ in range(25):
                with engine.begin() as conn:
                    n = conn.execute(text("SELECT n FROM counter WHERE id = 1")).scalar()
                    conn.execute(text("UPDATE counter SET n = :n WHERE id = 1"), {"n": n + 1})
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    with engine.connect() as conn:
        assert conn.execute(text("SELECT n FROM counter")).scalar() == 200


def test_a_lock_held_too_long_falls_back_to_sqlite(tmp_path):
    """Someone holds the lock file (a stuck process): after the timeout the writer goes on
    to SQLite's own lock, which is free, and writes."""
    database = tmp_path / "f.sqlite3"
    connection = QueuedWriters(str(database), isolation_level=None)
    holder = os.open(str(database) + "-writer.lock", os.O_RDWR | os.O_CREAT)
    fcntl.flock(holder, fcntl.LOCK_EX)
    try:
        connection.acquire_writer(timeout=0.05)
        connection.execute("CREATE TABLE t (x)")
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("INSERT INTO t VALUES (1)")
        connection.commit()
        assert connection.execute("SELECT count(*) FROM t").fetchone() == (1,)
    finally:
        os.close(holder)
        connection.close()


def test_an_in_memory_database_has_no_lock_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    connection = QueuedWriters(":memory:")
    connection.acquire_writer()
    assert connection._holding is False  # nothing to hold: no file was made
    connection.execute("CREATE TABLE t (x)")
    connection.commit()
    connection.close()
    assert list(tmp_path.iterdir()) == []
