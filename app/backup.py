"""`flask backup DIR` and `flask restore DIR`: the database and the secret key, checked.

A backup folder holds

* ``akmn.sqlite3`` — on SQLite, a consistent copy made through SQLite's online backup API
  while the app keeps running (a plain ``cp`` misses what is still in the ``-wal`` file);
* ``secret_key`` — ``instance/secret_key``: the certificates' signing keys are encrypted with
  it, so without it a restored platform can verify old certificates but never sign again,
  and every session and reset link becomes invalid;
* ``manifest.json`` — the files with their sizes and SHA-256, the Alembic revision, the time
  it was made and the platform version.

On PostgreSQL the database is dumped with ``pg_dump -Fc`` (the command is printed, without
the password); ``flask backup`` still writes the secret key and the manifest. ``restore``
checks every checksum and the revision before it changes anything, refuses to overwrite a
database that holds data unless ``--force``, and puts the secret key back.
"""

from __future__ import annotations

import hashlib
import json
import os
import shlex
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy import text
from sqlalchemy.engine import make_url

from app.extensions import db

FORMAT = "akmn-backup-1"
MANIFEST = "manifest.json"
SQLITE_FILE = "akmn.sqlite3"
KEY_FILE = "secret_key"
PG_DUMP_FILE = "akmn.pgdump"


class BackupError(click.ClickException):
    """A backup or restore that cannot go on; nothing was changed."""


# --- helpers ---------------------------------------------------------------------------

def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def platform_version() -> str:
    try:
        from importlib.metadata import version

        return version("akmn-learn")
    except Exception:  # not installed as a distribution: read pyproject.toml
        import tomllib

        pyproject = Path(current_app.root_path).parent / "pyproject.toml"
        try:
            return tomllib.loads(pyproject.read_text())["project"]["version"]
        except (OSError, KeyError, tomllib.TOMLDecodeError):
            return "unknown"


def key_file() -> Path:
    return Path(current_app.instance_path) / KEY_FILE


def key_fingerprint(secret: str) -> str:
    """A short, safe-to-show identity of a SECRET_KEY (to tell whether two are the same)."""
    return hashlib.sha256(b"akmn-backup-key:" + secret.encode()).hexdigest()[:16]


def sqlite_path() -> Path | None:
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() != "sqlite":
        return None
    if not url.database or url.database == ":memory:":
        raise BackupError("The database is in memory: there is nothing to back up.")
    return Path(url.database)


def _revision_of(connection) -> str | None:
    try:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError:
        return None
    return row[0] if row else None


def _known_revisions() -> tuple[set[str], set[str]]:
    """(every revision this code has, its heads)."""
    from alembic.script import ScriptDirectory

    config = current_app.extensions["migrate"].migrate.get_config()
    scripts = ScriptDirectory.from_config(config)
    return {rev.revision for rev in scripts.walk_revisions()}, set(scripts.get_heads())


def _pg_parts() -> dict:
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    return {"host": url.host or "localhost", "port": str(url.port or 5432),
            "user": url.username or "", "database": url.database or ""}


def pg_dump_command(target: Path) -> str:
    parts = _pg_parts()
    args = ["pg_dump", "-Fc", "-h", parts["host"], "-p", parts["port"]]
    if parts["user"]:
        args += ["-U", parts["user"]]
    args += ["-d", parts["database"], "-f", str(target)]
    return shlex.join(args)


def pg_restore_command(source: Path) -> str:
    parts = _pg_parts()
    args = ["pg_restore", "--clean", "--if-exists", "--no-owner", "-h", parts["host"],
            "-p", parts["port"]]
    if parts["user"]:
        args += ["-U", parts["user"]]
    args += ["-d", parts["database"], str(source)]
    return shlex.join(args)


def _write_private(path: Path, data: bytes) -> None:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as stream:
        stream.write(data)
    path.chmod(0o600)


# --- backup ----------------------------------------------------------------------------

def backup_sqlite(source: Path, target: Path) -> str | None:
    """Copy a live SQLite database (WAL included) in one step of the online backup API:
    the copy is one consistent snapshot while other connections keep writing. Returns its
    Alembic revision."""
    if not source.exists():
        raise BackupError(f"{source}: no such database file.")
    src = sqlite3.connect(source, timeout=30)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)  # pages=-1: everything in one step, under one read transaction
        dst.execute("PRAGMA journal_mode=DELETE")
        problem = dst.execute("PRAGMA quick_check").fetchone()[0]
        if problem != "ok":
            raise BackupError(f"The copy fails SQLite's check: {problem}")
        return _revision_of(dst)
    finally:
        dst.close()
        src.close()


def make_backup(folder: Path, *, echo=click.echo) -> dict:
    folder.mkdir(parents=True, exist_ok=True)
    if any(folder.iterdir()):
        raise BackupError(f"{folder} is not empty: give a new folder for each backup.")
    files: list[Path] = []
    database: dict
    source = sqlite_path()
    if source is not None:
        revision = backup_sqlite(source, folder / SQLITE_FILE)
        files.append(folder / SQLITE_FILE)
        database = {"dialect": "sqlite", "file": SQLITE_FILE}
    else:
        with db.engine.connect() as connection:
            revision = connection.execute(text("SELECT version_num FROM alembic_version")
                                          ).scalar()
        database = {"dialect": "postgresql", "file": PG_DUMP_FILE,
                    "dump_command": pg_dump_command(folder / PG_DUMP_FILE),
                    "restore_command": pg_restore_command(folder / PG_DUMP_FILE)}
        echo("PostgreSQL: dump the database with pg_dump (it asks for the password, or set "
             "PGPASSWORD / ~/.pgpass):")
        echo("  " + database["dump_command"])
    key = key_file()
    secret = current_app.config["SECRET_KEY"]
    if key.exists():
        _write_private(folder / KEY_FILE, key.read_bytes())
        files.append(folder / KEY_FILE)
        key_source = "file"
    else:
        key_source = "environment"
        echo("Warning: SECRET_KEY comes from the environment, not instance/secret_key: keep "
             "it with this backup — the certificates' signing keys are encrypted with it.")
    manifest = {
        "format": FORMAT,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "platform_version": platform_version(),
        "alembic_revision": revision,
        "database": database,
        "secret_key": {"source": key_source, "fingerprint": key_fingerprint(secret)},
        "files": [{"name": path.name, "size": path.stat().st_size,
                   "sha256": sha256_file(path)} for path in files],
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


@click.command("backup")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@with_appcontext
def backup_command(folder: Path):
    """Back up the database and the secret key into FOLDER (new or empty), with a manifest
    of checksums. Safe while the app runs."""
    manifest = make_backup(folder)
    for entry in manifest["files"]:
        click.echo(f"{entry['name']}  {entry['size']} bytes  sha256 {entry['sha256']}")
    click.echo(f"Backup written to {folder} (revision {manifest['alembic_revision']}).")


# --- restore ---------------------------------------------------------------------------

def read_manifest(folder: Path) -> dict:
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(f"{folder / MANIFEST}: not a readable backup manifest ({exc}).") \
            from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{folder}: not an AKMN Learn backup ({manifest.get('format')!r}).")
    for entry in manifest.get("files", []):
        path = folder / Path(entry["name"]).name
        if not path.is_file():
            raise BackupError(f"{path.name} is missing from the backup.")
        if path.stat().st_size != entry["size"] or sha256_file(path) != entry["sha256"]:
            raise BackupError(f"{path.name} does not match its checksum: the backup is "
                              "damaged or was changed. Nothing was restored.")
    return manifest


def check_revision(revision: str | None) -> str:
    """'current', or 'older' (run `flask db upgrade` after); refuses a revision this code
    does not know (a backup from a newer version)."""
    known, heads = _known_revisions()
    if revision is None or revision not in known:
        raise BackupError(f"The backup's database revision {revision!r} is unknown to this "
                          "version of the platform: restore it with the version that made it.")
    return "current" if revision in heads else "older"


def sqlite_has_data(path: Path) -> bool:
    if not path.exists() or path.stat().st_size == 0:
        return False
    connection = sqlite3.connect(path)
    try:
        tables = [row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' AND name != 'alembic_version'")]
        return any(connection.execute(f'SELECT 1 FROM "{name}" LIMIT 1').fetchone()  # noqa: S608
                   for name in tables)
    finally:
        connection.close()


def _restore_key(folder: Path, manifest: dict, *, force: bool, echo) -> None:
    names = {entry["name"] for entry in manifest.get("files", [])}
    if KEY_FILE not in names:
        fingerprint = manifest.get("secret_key", {}).get("fingerprint")
        if fingerprint and fingerprint != key_fingerprint(current_app.config["SECRET_KEY"]):
            echo("Warning: the backup has no secret key file and this instance's SECRET_KEY "
                 "is not the one it was made with: set the original SECRET_KEY, or the "
                 "certificates cannot be signed (old ones still verify).")
        return
    target = key_file()
    data = (folder / KEY_FILE).read_bytes()
    if target.exists() and target.read_bytes() != data and not force:
        raise BackupError(f"{target} holds another secret key: use --force to replace it.")
    target.parent.mkdir(parents=True, exist_ok=True)
    _write_private(target, data)
    if os.environ.get("SECRET_KEY") and os.environ["SECRET_KEY"] != data.decode().strip():
        echo("Warning: the SECRET_KEY environment variable overrides instance/secret_key; "
             "unset it (or set it to the restored key).")


def restore_backup(folder: Path, *, force: bool = False, echo=click.echo) -> dict:
    manifest = read_manifest(folder)
    state = check_revision(manifest.get("alembic_revision"))
    dialect = manifest["database"]["dialect"]
    target = sqlite_path()
    if dialect == "sqlite":
        if target is None:
            raise BackupError("The backup is of a SQLite database but DATABASE_URL is not "
                              "SQLite.")
        if sqlite_has_data(target) and not force:
            raise BackupError(f"{target} already holds data: use --force to overwrite it.")
        if KEY_FILE in {e["name"] for e in manifest["files"]} and key_file().exists() \
                and key_file().read_bytes() != (folder / KEY_FILE).read_bytes() and not force:
            raise BackupError(f"{key_file()} holds another secret key: use --force to "
                              "replace it.")
        db.session.remove()
        db.engine.dispose()
        target.parent.mkdir(parents=True, exist_ok=True)
        src = sqlite3.connect(folder / SQLITE_FILE)
        dst = sqlite3.connect(target, timeout=30)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=WAL")
        finally:
            dst.close()
            src.close()
    else:
        if target is not None:
            raise BackupError("The backup is of a PostgreSQL database but DATABASE_URL is "
                              "SQLite.")
        echo("PostgreSQL: restore the dump with pg_restore (into an empty database, or one "
             "whose data may be replaced):")
        echo("  " + pg_restore_command(folder / PG_DUMP_FILE))
    _restore_key(folder, manifest, force=force, echo=echo)
    if state == "older":
        echo("The backup is from an earlier version: run `flask db upgrade` now.")
    return manifest


@click.command("restore")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite a database that holds data, and a "
                                            "different secret key.")
@with_appcontext
def restore_command(folder: Path, force: bool):
    """Restore a backup made by `flask backup` from FOLDER: checksums and revision first;
    then the database and the secret key. Stop the app first; start it again after."""
    manifest = restore_backup(folder, force=force)
    click.echo(f"Restored the backup of {manifest['created_at']} "
               f"(revision {manifest['alembic_revision']}). Restart the app.")


def register(app: Flask) -> None:
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
