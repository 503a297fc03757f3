"""The scale path for real: a Celery worker process on Redis sends the mail that a request
queued. Runs where a Redis database is given (TEST_REDIS_URL: CI's PostgreSQL run)."""

from __future__ import annotations

import secrets
import time

import pytest
from sqlalchemy import select

from app import create_app
from app.extensions import db
from app.mail import send_mail
from app.mail.models import SENT, OutgoingMail
from tests.jobs.celery_worker import Worker, broker_url

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not broker_url(), reason="needs Redis (TEST_REDIS_URL)")]


@pytest.fixture
def celery_app(app, database_url):
    queue = f"akmn-test-{secrets.token_hex(4)}"
    flask_app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url,
                            "BACKGROUND_MODE": "celery", "CELERY_BROKER_URL": broker_url(),
                            "CELERY_QUEUE": queue})
    with flask_app.app_context():
        yield flask_app, queue
        db.session.remove()


def test_a_celery_worker_sends_queued_mail(celery_app, database_url, smtp_sink):
    _flask_app, queue = celery_app
    worker = Worker(database_url, broker_url(), queue,
                    env={"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": str(smtp_sink.port),
                         "MAIL_USE_TLS": "0"})
    send_mail("official@example.test", "Through Celery", "Sent by a worker process.")
    db.session.commit()  # the task is on the broker now; no worker yet
    worker.start()
    try:
        deadline = time.monotonic() + 90
        while not smtp_sink.messages and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        worker.stop()
    assert [m["Subject"] for m in smtp_sink.messages] == ["Through Celery"]
    db.session.expire_all()
    assert db.session.scalars(select(OutgoingMail.status)).all() == [SENT]
