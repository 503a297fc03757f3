"""Test fixtures: a migrated database (SQLite file, or PostgreSQL via TEST_DATABASE_URL),
a fresh app with empty tables per test, a browser-like client with CSRF tokens, factories."""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from sqlalchemy import text

from app import create_app
from app.extensions import db, limiter
from config import normalise_database_url

TEST_PASSWORD = "a-good-test-passphrase"
CSRF_RE = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


def _database_url(tmp_root: Path) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        url = normalise_database_url(url)
        worker = os.environ.get("PYTEST_XDIST_WORKER")
        if worker:  # each xdist worker gets its own database next to the given one
            url = _worker_database(url, worker)
        return url
    return f"sqlite:///{tmp_root / 'test.sqlite3'}"


def _worker_database(url: str, worker: str) -> str:
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    base = make_url(url)
    name = f"{base.database}_{worker}"
    admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"),
                              {"n": name}).first()
        if not exists:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def database_url():
    with tempfile.TemporaryDirectory(prefix="akmn-test-") as tmp:
        url = _database_url(Path(tmp))
        app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
        with app.app_context():
            from flask_migrate import downgrade, upgrade

            if url.startswith("postgresql"):
                # A clean schema whatever an earlier run left behind.
                with db.engine.begin() as conn:
                    conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            upgrade()
            db.engine.dispose()
        yield url
        with app.app_context():
            if os.environ.get("AKMN_TEST_CHECK_DOWNGRADE"):
                downgrade(revision="base")
            db.engine.dispose()


def _worker_redis_url() -> str | None:
    """TEST_REDIS_URL, with a database of its own for each xdist worker (rate-limit counters
    and their reset between tests must not cross workers)."""
    url = os.environ.get("TEST_REDIS_URL")
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if not url or not worker.startswith("gw"):
        return url
    base, _, number = url.rpartition("/")
    start = int(number) if number.isdigit() else 15
    return f"{base}/{max(start - int(worker[2:]), 0)}"


def empty_all_tables() -> None:
    tables = [t.name for t in db.metadata.sorted_tables]
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text(
            "TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"
        ))
    else:
        for table in reversed(tables):
            db.session.execute(text(f'DELETE FROM "{table}"'))
        has_seq = db.session.execute(text(
            "SELECT name FROM sqlite_master WHERE name='sqlite_sequence'")).first()
        if has_seq:
            db.session.execute(text("DELETE FROM sqlite_sequence"))
    db.session.commit()


@pytest.fixture
def app(database_url):
    overrides = {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SERVER_NAME": None,
    }
    redis_url = _worker_redis_url()
    if redis_url:
        overrides["REDIS_URL"] = redis_url
        overrides["RATELIMIT_STORAGE_URI"] = redis_url
    app = create_app(overrides)
    with app.app_context():
        empty_all_tables()
        limiter.reset()
        yield app
        db.session.remove()
        db.engine.dispose()


class BrowserClient(FlaskClient):
    """A test client that sends the CSRF token like a browser that loaded the form."""

    def csrf_token(self) -> str:
        page = self.get("/language").get_data(as_text=True)  # a form for every visitor
        match = CSRF_RE.search(page)
        assert match, "no CSRF token on the language page"
        return match.group(1)

    def post(self, *args, csrf: bool = True, **kwargs):
        if csrf:
            data = kwargs.get("data")
            if data is None:
                data = {}
            if isinstance(data, dict) and "csrf_token" not in data:
                data = {**data, "csrf_token": self.csrf_token()}
            kwargs["data"] = data
        return super().post(*args, **kwargs)


@pytest.fixture
def client(app):
    app.test_client_class = BrowserClient
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make_user(app) -> Callable:
    """make_user(role="trainer", email=None, **profile) → a saved User with TEST_PASSWORD."""
    from app.auth import services
    from app.auth.models import User

    counter = {"n": 0}

    def factory(role: str | tuple[str, ...] = "learner", *, email: str | None = None,
                password: str = TEST_PASSWORD, **profile) -> User:
        counter["n"] += 1
        roles = {role} if isinstance(role, str) else set(role)
        email = email or f"user{counter['n']}-{'-'.join(sorted(roles))}@example.test"
        profile.setdefault("name", f"Test User {counter['n']}")
        user = services.create_user(email=email, password=password, roles=roles, **profile)
        db.session.commit()
        return user

    return factory


def login(client, user_or_email, password: str = TEST_PASSWORD):
    email = user_or_email if isinstance(user_or_email, str) else user_or_email.email
    response = client.post("/login", data={"email": email, "password": password})
    assert response.status_code == 302, f"login failed for {email}"
    return response


@pytest.fixture
def login_as(client, make_user):
    """login_as("organiser") → a new user of that role, signed in on `client`."""

    def factory(role: str | tuple[str, ...] = "learner", **profile):
        user = make_user(role, **profile)
        login(client, user)
        return user

    return factory
