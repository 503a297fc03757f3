"""The suite's `app` takes extra settings: parametrize `app_config` to change them."""

from __future__ import annotations

import contextlib

import pytest
import redis

from app import create_app
from app.extensions import db, limiter
from tests.conftest import _worker_redis_url, empty_all_tables


@pytest.fixture
def app_config() -> dict:
    """Settings on top of the test defaults; tests override it with parametrize."""
    return {}


@pytest.fixture
def app(database_url, app_config):
    overrides = {"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url, "SERVER_NAME": None}
    redis_url = _worker_redis_url()
    if redis_url:
        overrides["REDIS_URL"] = redis_url
        overrides["RATELIMIT_STORAGE_URI"] = redis_url
    overrides.update(app_config)
    app = create_app(overrides)
    with app.app_context():
        empty_all_tables()
        with contextlib.suppress(redis.exceptions.ConnectionError):  # the outage tests
            limiter.reset()
        yield app
        db.session.remove()
        db.engine.dispose()
    limiter._storage_dead = False  # the limiter is global: the next app starts on its storage
