"""The migrations and the models agree: autogenerate finds nothing to do."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from app.extensions import db

# Objects that live in migrations only (full-text search tables and the like).
IGNORED_TABLES = {"alembic_version"}


def _include(obj, name, type_, reflected, compare_to):
    name = name or ""
    fts = name.endswith("_fts") or "_fts_" in name
    return not (type_ == "table" and (name in IGNORED_TABLES or fts))


def test_models_and_migrations_agree(app):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={"compare_type": True, "include_object": _include,
                  "render_as_batch": True},
        )
        diff = compare_metadata(context, db.metadata)
    assert diff == [], f"models differ from migrations: {diff}"


def test_connection_settings(app):
    """SQLite: WAL, foreign keys, busy timeout, synchronous=NORMAL; PostgreSQL: UTF-8, a
    bounded pool that pings connections before use (app/db.py)."""
    with db.engine.connect() as connection:
        if db.engine.dialect.name == "sqlite":
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 15000
            assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
        else:
            assert db.engine.dialect.name == "postgresql"
            assert connection.exec_driver_sql("SHOW server_encoding").scalar() == "UTF8"
            assert db.engine.pool._pre_ping is True
            assert db.engine.pool.size() == 5
