"""Finding 14: `flask backup` / `flask restore`.

Certificates are issued on a SQLite instance; the backup runs while another connection keeps
writing; the backup is restored into a fresh instance folder, and there the certificates are
byte-identical, their signatures check, and the restored secret key still signs.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import sqlite3
import threading
from pathlib import Path

import pytest
from sqlalchemy import select

import app as app_package
import config
from app import backup, create_app
from app.certificates import signing
from app.certificates.models import Certificate
from app.extensions import db
from tests.certificates.conftest import snapshot


class Instance:
    """An instance folder with its own SQLite database and secret_key file, as on a server."""

    def __init__(self, root: Path, monkeypatch, *, key: str | None = None):
        self.root, self.monkeypatch = root, monkeypatch
        root.mkdir(parents=True, exist_ok=True)
        self.database = root / "akmn.sqlite3"
        if key:
            (root / "secret_key").write_text(key + "\n")

    def app(self):
        # config.INSTANCE_DIR is where load_config finds secret_key; app.INSTANCE_DIR is the
        # Flask instance_path (what `flask backup` copies from and `restore` writes to).
        self.monkeypatch.setattr(config, "INSTANCE_DIR", self.root)
        self.monkeypatch.setattr(app_package, "INSTANCE_DIR", self.root)
        return create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{self.database}",
                           "SERVER_NAME": None, "RATELIMIT_ENABLED": False})


def _migrate(flask_app):
    from flask_migrate import upgrade

    with flask_app.app_context():
        upgrade()
        db.engine.dispose()


def _issue_certificates(flask_app, count=2) -> dict[str, bytes]:
    from app.auth import services as accounts
    from app.certificates import services

    with flask_app.app_context():
        organiser = accounts.create_user(email="organiser@backup.test", name="Maria SANTOS",
                                         password="a-good-test-passphrase",
                                         roles={"organiser"})
        codes = {}
        for n in range(count):
            holder = accounts.create_user(email=f"holder{n}@backup.test", name=f"CHAN Sokha {n}",
                                          password="a-good-test-passphrase")
            certificate = services.issue_certificate(holder, snapshot=snapshot(holder),
                                                     template="classic", language="",
                                                     workshop_id=None, issued_by=organiser)
            db.session.commit()  # inline: rendered and signed on commit
            db.session.refresh(certificate)
            assert certificate.pdf is not None
            codes[certificate.verification_code] = certificate.pdf
        db.session.remove()
        db.engine.dispose()
    return codes


class Writer(threading.Thread):
    """Keeps committing rows through its own connection while the backup runs."""

    def __init__(self, database: Path):
        super().__init__(daemon=True)
        self.database, self.stop, self.committed = database, threading.Event(), 0
        self.started_writing = threading.Event()

    def run(self):
        connection = sqlite3.connect(self.database, timeout=30, isolation_level=None)
        connection.execute("CREATE TABLE IF NOT EXISTS backup_probe (n INTEGER)")
        while not self.stop.is_set():
            connection.execute("BEGIN IMMEDIATE")
            connection.execute("INSERT INTO backup_probe (n) VALUES (?)", (self.committed,))
            connection.execute("COMMIT")
            self.committed += 1
            self.started_writing.set()
        connection.close()


@pytest.fixture
def source(tmp_path, monkeypatch):
    instance = Instance(tmp_path / "a", monkeypatch, key=secrets.token_hex(32))
    flask_app = instance.app()
    _migrate(flask_app)
    return instance, flask_app


@pytest.mark.slow
def test_backup_while_writing_then_restore_into_a_fresh_instance(tmp_path, monkeypatch,
                                                                  source):
    instance, flask_app = source
    pdfs = _issue_certificates(flask_app)
    writer = Writer(instance.database)
    writer.start()
    assert writer.started_writing.wait(10)
    before = writer.committed
    result = flask_app.test_cli_runner().invoke(args=["backup", str(tmp_path / "backup")])
    writer.stop.set()
    writer.join(10)
    assert result.exit_code == 0, result.output
    assert "Backup written to" in result.output

    folder = tmp_path / "backup"
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["format"] == "akmn-backup-1"
    with flask_app.app_context():
        _known, heads = backup._known_revisions()
    assert [manifest["alembic_revision"]] == sorted(heads)  # the one head of the migrations
    assert manifest["platform_version"]
    assert manifest["created_at"].endswith("+00:00")
    by_name = {entry["name"]: entry for entry in manifest["files"]}
    assert set(by_name) == {"akmn.sqlite3", "secret_key"}
    for name, entry in by_name.items():
        data = (folder / name).read_bytes()
        assert entry["size"] == len(data)
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
    assert (folder / "secret_key").stat().st_mode & 0o077 == 0
    copied = sqlite3.connect(folder / "akmn.sqlite3")
    rows = copied.execute("SELECT count(*), max(n) FROM backup_probe").fetchone()
    copied.close()
    # One consistent snapshot: every row committed before the backup started, no gap.
    assert rows[0] >= before
    assert rows[1] == rows[0] - 1

    fresh = Instance(tmp_path / "b", monkeypatch)
    restorer = fresh.app()
    result = restorer.test_cli_runner().invoke(args=["restore", str(folder)])
    assert result.exit_code == 0, result.output
    assert "Restored the backup" in result.output
    assert (fresh.root / "secret_key").read_bytes() == \
        (instance.root / "secret_key").read_bytes()

    restored = fresh.app()  # a new process would read the restored key at start
    with restored.app_context():
        certificates = db.session.scalars(select(Certificate)).all()
        assert {c.verification_code for c in certificates} == set(pdfs)
        keys = signing.all_public_keys()
        for certificate in certificates:
            pdf = certificate.pdf
            assert pdf == pdfs[certificate.verification_code]  # byte-identical
            assert hashlib.sha256(pdf).hexdigest() == certificate.pdf_sha256
            check = signing.check_pdf(pdf, keys)
            assert check.genuine, check
            assert check.code == certificate.verification_code
        # The restored key decrypts the signing key: new certificates can be signed.
        assert signing.private_key(signing.active_key()) is not None
        code = certificates[0].verification_code
        page = restored.test_client().get(f"/verify/{code}")
        assert page.status_code == 200
        db.session.remove()
        db.engine.dispose()


def test_restore_refuses_a_damaged_backup(tmp_path, monkeypatch, source):
    _instance, flask_app = source
    folder = tmp_path / "backup"
    assert flask_app.test_cli_runner().invoke(args=["backup", str(folder)]).exit_code == 0
    with sqlite3.connect(folder / "akmn.sqlite3") as tampered:
        tampered.execute("CREATE TABLE extra (x)")
    tampered.close()
    fresh = Instance(tmp_path / "b", monkeypatch)
    result = fresh.app().test_cli_runner().invoke(args=["restore", str(folder)])
    assert result.exit_code != 0
    assert "akmn.sqlite3 does not match its checksum" in result.output
    assert not fresh.database.exists()
    assert not (fresh.root / "secret_key").exists()


def test_restore_refuses_to_overwrite_data_without_force(tmp_path, monkeypatch, source):
    instance, flask_app = source
    _issue_certificates(flask_app, count=1)
    folder = tmp_path / "backup"
    assert flask_app.test_cli_runner().invoke(args=["backup", str(folder)]).exit_code == 0
    with flask_app.app_context():
        from app.auth import services as accounts

        accounts.create_user(email="after@backup.test", name="After",
                             password="a-good-test-passphrase")
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    runner = flask_app.test_cli_runner()
    refused = runner.invoke(args=["restore", str(folder)])
    assert refused.exit_code != 0
    assert "already holds data: use --force" in refused.output
    forced = runner.invoke(args=["restore", str(folder), "--force"])
    assert forced.exit_code == 0, forced.output
    with sqlite3.connect(instance.database) as check:
        emails = {row[0] for row in check.execute("SELECT email FROM users")}
    check.close()
    assert "after@backup.test" not in emails
    assert "holder0@backup.test" in emails


def test_restore_refuses_a_revision_this_version_does_not_know(tmp_path, monkeypatch, source):
    _instance, flask_app = source
    folder = tmp_path / "backup"
    assert flask_app.test_cli_runner().invoke(args=["backup", str(folder)]).exit_code == 0
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["alembic_revision"] = "9999"
    (folder / "manifest.json").write_text(json.dumps(manifest))
    fresh = Instance(tmp_path / "b", monkeypatch)
    result = fresh.app().test_cli_runner().invoke(args=["restore", str(folder)])
    assert result.exit_code != 0
    assert "revision '9999' is unknown" in result.output
    assert not fresh.database.exists()


def test_backup_needs_an_empty_folder(tmp_path, source):
    _instance, flask_app = source
    folder = tmp_path / "used"
    folder.mkdir()
    (folder / "something").write_text("x")
    result = flask_app.test_cli_runner().invoke(args=["backup", str(folder)])
    assert result.exit_code != 0
    assert "is not empty" in result.output


def test_postgresql_backup_prints_pg_dump_and_keeps_the_key(app, tmp_path, monkeypatch):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("needs TEST_DATABASE_URL on PostgreSQL")
    (tmp_path / "instance").mkdir()
    (tmp_path / "instance" / "secret_key").write_text("k" * 64)
    monkeypatch.setattr(app, "instance_path", str(tmp_path / "instance"))
    folder = tmp_path / "backup"
    result = app.test_cli_runner().invoke(args=["backup", str(folder)])
    assert result.exit_code == 0, result.output
    url = db.engine.url
    assert f"pg_dump -Fc -h {url.host} -p {url.port or 5432}" in result.output
    assert f"-d {url.database} -f {folder / 'akmn.pgdump'}" in result.output
    if url.password:
        assert url.password not in result.output
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["database"]["dialect"] == "postgresql"
    assert [entry["name"] for entry in manifest["files"]] == ["secret_key"]
    assert (folder / "secret_key").read_text() == "k" * 64


def test_backup_commands_are_registered(app):
    assert backup.backup_command.name in app.cli.commands
    assert backup.restore_command.name in app.cli.commands
