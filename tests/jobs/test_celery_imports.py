"""A big roster import done by a real Celery worker process (Redis broker), killed with
SIGKILL half-way and restarted: every official enrolled exactly once. Runs where a Redis
database is given (TEST_REDIS_URL: CI's PostgreSQL run)."""

from __future__ import annotations

import secrets
import time
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from app import create_app
from app.extensions import db
from app.imports import services
from app.imports.models import DONE, ImportJob
from app.timeutil import utcnow
from app.workshops.models import Enrolment
from tests.jobs.celery_worker import Worker, broker_url
from tests.workshops.factories import make_workshop
from tests.workshops.test_roster_import import roster_csv

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not broker_url(), reason="needs Redis (TEST_REDIS_URL)")]


def _wait(check, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while not check() and time.monotonic() < deadline:
        time.sleep(0.1)


def _job() -> ImportJob:
    db.session.expire_all()
    job = db.session.scalar(select(ImportJob))
    db.session.rollback()
    return job


def test_a_worker_killed_half_way_through_an_import_leaves_no_row_twice(app, database_url,
                                                                        make_user):
    queue = f"akmn-test-{secrets.token_hex(4)}"
    organiser = make_user("organiser")
    workshop = make_workshop(organiser)
    flask_app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url,
                            "BACKGROUND_MODE": "celery", "CELERY_BROKER_URL": broker_url(),
                            "CELERY_QUEUE": queue})
    # Small chunks, so the worker is still writing when it is killed.
    env = {"IMPORT_CHUNK_ROWS": "5"}
    with flask_app.app_context():
        services.start_import("roster", roster_csv(300), actor=db.session.get(
            type(organiser), organiser.id), target_id=workshop.id, filename="cohort.csv")
        db.session.commit()  # the task is on the broker
        worker = Worker(database_url, broker_url(), queue, env=env)
        worker.start()
        try:
            _wait(lambda: (_job().done or 0) >= 20)
            worker.kill()
            half = _job()
            assert 0 < half.done < 300, half.done
            # The claim of the dead worker goes stale (a minute in production) …
            db.session.execute(update(ImportJob).values(
                claimed_at=utcnow() - timedelta(minutes=5)))
            db.session.commit()
            # … and the periodic round of a restarted worker takes the job up again.
            worker = Worker(database_url, broker_url(), queue, env=env)
            worker.start()
            from app.imports import tasks

            assert tasks.resume_imports() == 1
            db.session.commit()
            _wait(lambda: _job().status == DONE)
        finally:
            worker.stop()
        job = _job()
        assert (job.status, job.done) == (DONE, 300)
        assert job.result["added"] == 300
        assert db.session.scalar(select(func.count(Enrolment.id))) == 300
        assert db.session.scalar(select(func.count(func.distinct(Enrolment.user_id)))) == 300
        db.session.remove()
