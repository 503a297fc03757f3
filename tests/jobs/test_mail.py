"""Mail leaves after the commit, through a real SMTP server, and survives one that hangs."""

from __future__ import annotations

import logging
import time
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from app import jobs
from app.extensions import db
from app.mail import outbox, send_mail
from app.mail import tasks as mail_tasks
from app.mail.models import FAILED, HELD, PENDING, SENT, OutgoingMail
from app.timeutil import utcnow

# Worker threads hold PostgreSQL connections of their own; one returned after the thread ends
# may be collected during a later test.
pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")


class Row:
    def __init__(self, row):
        self.__dict__.update({c.key: getattr(row, c.key) for c in OutgoingMail.__table__.c})


def _rows():
    """The queued messages as plain values; the transaction ends at once, so the test never
    holds SQLite's lock while a worker thread needs it."""
    db.session.expire_all()
    rows = [Row(r) for r in db.session.scalars(select(OutgoingMail).order_by(OutgoingMail.id))]
    db.session.commit()
    return rows


def _wait_for(condition, timeout: float = 20.0):
    """Poll until `condition()` is true (background threads); fails the test at the limit."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError("condition not reached")


def test_reset_mail_reaches_a_real_smtp_server(client, make_user, smtp_sink, mail_to):
    user = make_user(email="official@example.test")
    mail_to(smtp_sink.port)
    response = client.post("/password/forgot", data={"email": user.email})
    assert response.status_code == 302
    assert len(smtp_sink.messages) == 1
    message = smtp_sink.messages[0]
    assert message["To"] == "official@example.test"
    assert "/password/reset/" in message.get_payload(decode=True).decode()
    [row] = _rows()
    assert row.status == SENT
    assert row.attempts == 0
    assert row.sent_at is not None


def test_nothing_is_sent_for_a_rolled_back_transaction(app, smtp_sink, mail_to):
    mail_to(smtp_sink.port)
    send_mail("a@example.test", "Subject", "Body")
    db.session.rollback()
    assert smtp_sink.messages == []
    assert db.session.scalar(select(func.count()).select_from(OutgoingMail)) == 0


def test_a_message_is_sent_once_however_often_delivery_runs(app, smtp_sink, mail_to):
    mail_to(smtp_sink.port)
    message = send_mail("a@example.test", "Once", "Body")
    db.session.commit()  # delivered here (inline in tests)
    assert mail_tasks.deliver_mail(message.id) == "skipped"
    assert mail_tasks.retry_mail() == 0
    assert len(smtp_sink.messages) == 1


def test_a_hanging_mail_server_does_not_hold_the_request(app, client, make_user, silent_smtp,
                                                         smtp_sink, mail_to):
    """The request returns while delivery is still waiting for the server; the message is
    kept, retried with back-off, and leaves once a server answers."""
    user = make_user(email="official@example.test")
    app.config["BACKGROUND_MODE"] = "thread"
    mail_to(silent_smtp, timeout=3.0)
    try:
        response = client.post("/password/forgot", data={"email": user.email})
        assert response.status_code == 302
        # The response is here; the delivery thread is still waiting for the greeting.
        [row] = _rows()
        assert row.status == PENDING
        assert row.attempts == 0
        _wait_for(lambda: _rows()[0].attempts == 1)
        row = _rows()[0]
        assert row.status == PENDING
        assert "timed out" in row.last_error.lower()
        assert row.next_attempt_at > utcnow()
    finally:
        app.config["BACKGROUND_MODE"] = "inline"
        jobs.runner(app).pool.shutdown(wait=True)
        app.extensions.pop(jobs.EXTENSION, None)
    # The server comes back; the periodic job sends what is due.
    mail_to(smtp_sink.port)
    db.session.execute(update(OutgoingMail).values(next_attempt_at=utcnow()))
    db.session.commit()
    assert mail_tasks.retry_mail() == 1
    assert [m["To"] for m in smtp_sink.messages] == ["official@example.test"]
    assert _rows()[0].status == SENT


def test_a_message_fails_for_good_after_the_last_attempt(app, silent_smtp, mail_to):
    mail_to(silent_smtp, timeout=0.2)
    app.config["MAIL_MAX_ATTEMPTS"] = 2
    message = send_mail("a@example.test", "Subject", "Body")
    db.session.commit()  # attempt 1
    db.session.execute(update(OutgoingMail).values(next_attempt_at=utcnow()))
    db.session.commit()
    mail_tasks.retry_mail()  # attempt 2, the last
    row = db.session.get(OutgoingMail, message.id)
    db.session.refresh(row)
    assert row.status == FAILED
    assert row.attempts == 2
    assert row.body == "Body"


def test_a_claim_held_by_a_dead_worker_is_released(app, smtp_sink, mail_to):
    app.config["BACKGROUND_MODE"] = "none"
    mail_to(smtp_sink.port)
    message = send_mail("a@example.test", "Subject", "Body")
    db.session.commit()
    stale = utcnow() - mail_tasks.CLAIM_TIMEOUT - timedelta(seconds=1)
    db.session.execute(update(OutgoingMail).values(claim_token="dead", claimed_at=stale))
    db.session.commit()
    assert mail_tasks.retry_mail() == 1
    assert len(smtp_sink.messages) == 1
    assert db.session.get(OutgoingMail, message.id).status == SENT


def test_production_without_mail_server_logs_no_body(app, caplog):
    app.config.update(TESTING=False, ENVIRONMENT="production", MAIL_SERVER=None)
    try:
        with caplog.at_level(logging.INFO, logger="akmn.mail"):
            message = send_mail("a@example.test", "Reset your password",
                                "Open https://learn.example/password/reset/SECRET-TOKEN")
            db.session.commit()
    finally:
        app.config.update(TESTING=True, ENVIRONMENT="testing")
    assert "SECRET-TOKEN" not in caplog.text
    assert "MAIL_SERVER is not configured" in caplog.text
    assert db.session.get(OutgoingMail, message.id).status == HELD
    assert outbox() == []


def test_tests_and_development_get_the_outbox(app):
    send_mail(["a@example.test", "b@example.test"], "Hello", "Body")
    db.session.commit()
    assert [m["To"] for m in outbox()] == ["a@example.test, b@example.test"]
