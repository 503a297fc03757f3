"""The scale path under a crash: a Celery worker renders a 60-certificate cohort, is killed
with SIGKILL half-way, and a new worker finishes — every certificate rendered exactly once,
nobody running a command. Runs where a Redis database is given (CI's PostgreSQL run)."""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import func, select

from app import create_app
from app.certificates import services, tasks
from app.certificates.data import CertificateData
from app.certificates.models import Certificate
from app.extensions import db
from tests.jobs.celery_worker import Worker, broker_url

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not broker_url(), reason="needs Redis (TEST_REDIS_URL)")]

COHORT = 60


def _rendered() -> int:
    count = db.session.scalar(select(func.count()).select_from(Certificate)
                              .where(Certificate.rendered_at.is_not(None)))
    db.session.commit()
    return count


def _wait(condition, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("not reached in time")
        time.sleep(0.3)


@pytest.fixture
def celery_app(app, database_url):
    queue = f"akmn-test-{secrets.token_hex(4)}"
    flask_app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url,
                            "BACKGROUND_MODE": "celery", "CELERY_BROKER_URL": broker_url(),
                            "CELERY_QUEUE": queue, "CERTIFICATE_CLAIM_TIMEOUT": 3})
    with flask_app.app_context():
        yield queue, flask_app.config["SECRET_KEY"]
        db.session.remove()


def test_a_killed_worker_strands_no_certificate(celery_app, database_url, make_user):
    queue, secret = celery_app  # the worker decrypts the same signing key
    users = [make_user("learner", name=f"Official {i}") for i in range(COHORT)]
    data = CertificateData(holder_name="", title="Labour Migration Governance",
                           course_titles=("Foundations",), start_date=date(2026, 3, 9),
                           end_date=date(2026, 3, 13), hours=24, venue="Bangkok",
                           host_country="TH")
    recipients = [(u, replace(data, holder_name=u.name)) for u in users]
    services.issue_many(recipients, template="classic", issued_by=None)
    db.session.commit()  # 60 render tasks on the broker
    env = {"CERTIFICATE_CLAIM_TIMEOUT": "3", "PUBLIC_BASE_URL": "http://localhost",
           "SECRET_KEY": secret}
    worker = Worker(database_url, broker_url(), queue, env=env, concurrency=2)
    worker.start()
    try:
        _wait(lambda: _rendered() >= COHORT // 3, timeout=240)
        worker.kill()  # SIGKILL half-way: tasks in flight are neither acked nor finished
        halfway = _rendered()
        assert halfway < COHORT
        worker = Worker(database_url, broker_url(), queue, env=env, concurrency=2)
        worker.start()
        time.sleep(4)  # the dead worker's claims go stale (CERTIFICATE_CLAIM_TIMEOUT=3)
        tasks.render_pending_certificates.func()  # what beat runs every minute
        db.session.commit()
        _wait(lambda: _rendered() == COHORT, timeout=300)
    finally:
        worker.stop()
    rows = db.session.scalars(select(Certificate)).all()
    assert len(rows) == COHORT
    for certificate in rows:
        assert certificate.render_claim is None
        assert certificate.render_error is None
        assert hashlib.sha256(certificate.pdf).hexdigest() == certificate.pdf_sha256
