"""Outgoing e-mail. Without MAIL_SERVER, messages are written to the log instead."""

from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage

from flask import current_app

log = logging.getLogger("akmn.mail")


def outbox() -> list[EmailMessage]:
    """Messages sent by this app in tests (and when mail is not configured)."""
    return current_app.extensions.setdefault("akmn_outbox", [])


def send_mail(to: str | list[str], subject: str, body: str) -> EmailMessage:
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_DEFAULT_SENDER"]
    message["To"] = ", ".join(to) if isinstance(to, list) else to
    message["Subject"] = subject
    message.set_content(body)
    if not config.get("MAIL_SERVER"):
        if current_app.testing or config.get("ENVIRONMENT") == "development":
            box = outbox()
            box.append(message)
            del box[:-200]
        log.info("mail (not sent, no MAIL_SERVER) to=%s subject=%s\n%s", message["To"], subject,
                 body)
        return message
    smtp_class = smtplib.SMTP_SSL if config["MAIL_USE_SSL"] else smtplib.SMTP
    try:
        with smtp_class(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=20) as smtp:
            if config["MAIL_USE_TLS"] and not config["MAIL_USE_SSL"]:
                smtp.starttls()
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException):
        log.exception("could not send mail to %s (%s)", message["To"], subject)
    return message
