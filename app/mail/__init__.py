"""Outgoing e-mail, never sent inside a request.

``send_mail`` writes the message to the ``outgoing_mail`` table in the caller's transaction
and enqueues its delivery for after the commit; a failed delivery is retried with back-off
(the message and its last error kept), and the periodic ``retry_mail`` job sends whatever is
due, so mail survives a mail server that does not answer and a restart of the app.

Without ``MAIL_SERVER``: in tests and development the message goes to :func:`outbox` (and,
in development only, its body to the log, so a developer can follow a reset link); in
production the log says that mail is not configured — never the body, which may hold a
reset or invitation link — and the message is kept as ``held``.
"""

from __future__ import annotations

from email.message import EmailMessage

from flask import current_app

from app.extensions import db
from app.mail.models import OutgoingMail


def outbox() -> list[EmailMessage]:
    """Messages "sent" by this app in tests and development when mail is not configured."""
    return current_app.extensions.setdefault("akmn_outbox", [])


def send_mail(to: str | list[str], subject: str, body: str) -> OutgoingMail:
    """Queue a message; it leaves after the current transaction commits."""
    from app import jobs
    from app.mail import tasks

    message = OutgoingMail(to_address=", ".join(to) if isinstance(to, list) else to,
                           subject=subject[:300], body=body)
    db.session.add(message)
    db.session.flush()
    jobs.enqueue(tasks.deliver_mail, message.id)
    return message


def build_message(row: OutgoingMail) -> EmailMessage:
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_DEFAULT_SENDER"]
    message["To"] = row.to_address
    message["Subject"] = row.subject
    message["Message-ID"] = f"<akmn-{row.id}-{row.created_at:%Y%m%d%H%M%S}@akmn.mail>"
    message.set_content(row.body)
    return message
