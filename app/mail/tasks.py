"""Delivering queued mail: claim → send (outside any transaction) → record, once per message.

A message is *claimed* with a conditional UPDATE, so two workers never send it twice; a claim
older than ``CLAIM_TIMEOUT`` (a worker that died mid-send) is free again for the periodic job.
A failure is recorded on the row (attempts, last error, next attempt with back-off) and
logged without the body; after ``MAIL_MAX_ATTEMPTS`` the message is kept as ``failed``.
"""

from __future__ import annotations

import logging
import secrets
import smtplib
from datetime import timedelta

from flask import current_app
from sqlalchemy import or_, select, update

from app import jobs
from app.extensions import db
from app.mail import build_message, outbox
from app.mail.models import FAILED, HELD, PENDING, SENT, OutgoingMail
from app.timeutil import utcnow

log = logging.getLogger("akmn.mail")
CLAIM_TIMEOUT = timedelta(minutes=2)
BATCH = 200


def backoff(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min … at most an hour between attempts."""
    return timedelta(seconds=min(3600, 30 * 2 ** max(0, attempts - 1)))


def _claim(message_id: int, token: str) -> bool:
    now = utcnow()
    result = db.session.execute(
        update(OutgoingMail)
        .where(OutgoingMail.id == message_id, OutgoingMail.status == PENDING,
               OutgoingMail.next_attempt_at <= now,
               or_(OutgoingMail.claim_token.is_(None),
                   OutgoingMail.claimed_at < now - CLAIM_TIMEOUT))
        .values(claim_token=token, claimed_at=now)
        .execution_options(synchronize_session=False))
    db.session.commit()
    return result.rowcount == 1


def _smtp_send(message) -> None:
    config = current_app.config
    smtp_class = smtplib.SMTP_SSL if config["MAIL_USE_SSL"] else smtplib.SMTP
    with smtp_class(config["MAIL_SERVER"], config["MAIL_PORT"],
                    timeout=float(config.get("MAIL_TIMEOUT", 10))) as smtp:
        if config["MAIL_USE_TLS"] and not config["MAIL_USE_SSL"]:
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
        smtp.send_message(message)


@jobs.task(retries=0)  # retries are the row's own (next_attempt_at), picked up by retry_mail
def deliver_mail(message_id: int) -> str:
    """Send one queued message; returns its status afterwards."""
    token = secrets.token_hex(16)
    if not _claim(message_id, token):
        return "skipped"
    row = db.session.get(OutgoingMail, message_id)
    message = build_message(row)
    db.session.commit()  # no transaction stays open while talking to the mail server
    config = current_app.config
    values: dict = {"claim_token": None, "claimed_at": None}
    if not config.get("MAIL_SERVER"):
        if current_app.testing or config.get("ENVIRONMENT") == "development":
            box = outbox()
            box.append(message)
            del box[:-200]
            if config.get("ENVIRONMENT") == "development":
                log.info("mail (no MAIL_SERVER) to=%s subject=%s\n%s", row.to_address,
                         row.subject, row.body)
            values.update(status=SENT, sent_at=utcnow())
        else:
            log.warning("mail not sent: MAIL_SERVER is not configured (message %d to %s, "
                        "%r kept as held)", row.id, row.to_address, row.subject)
            values.update(status=HELD, last_error="MAIL_SERVER is not configured")
    else:
        try:
            _smtp_send(message)
            values.update(status=SENT, sent_at=utcnow(), last_error="")
        except (OSError, smtplib.SMTPException) as exc:
            attempts = row.attempts + 1
            limit = int(config.get("MAIL_MAX_ATTEMPTS", 8))
            error = f"{type(exc).__name__}: {exc}"[:500]
            values.update(attempts=attempts, last_error=error)
            if attempts >= limit:
                values["status"] = FAILED
                log.error("mail %d to %s failed for good after %d attempts: %s", row.id,
                          row.to_address, attempts, error)
            else:
                values["next_attempt_at"] = utcnow() + backoff(attempts)
                log.warning("mail %d to %s not sent (attempt %d, next in %s): %s", row.id,
                            row.to_address, attempts, backoff(attempts), error)
    db.session.execute(update(OutgoingMail).where(OutgoingMail.id == message_id,
                                                  OutgoingMail.claim_token == token)
                       .values(**values).execution_options(synchronize_session=False))
    db.session.commit()
    return values.get("status", PENDING)


@jobs.periodic(minutes=1)
def retry_mail() -> int:
    """Send what is due: retries after back-off, messages a dead worker held, and messages
    queued before a restart. Returns how many were sent."""
    now = utcnow()
    due = db.session.scalars(
        select(OutgoingMail.id).where(
            OutgoingMail.status == PENDING, OutgoingMail.next_attempt_at <= now,
            or_(OutgoingMail.claim_token.is_(None),
                OutgoingMail.claimed_at < now - CLAIM_TIMEOUT))
        .order_by(OutgoingMail.id).limit(BATCH)).all()
    db.session.commit()
    return sum(deliver_mail(message_id) == SENT for message_id in due)
