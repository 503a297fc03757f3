from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.timeutil import utcnow

PENDING, SENT, FAILED, HELD = "pending", "sent", "failed", "held"


class OutgoingMail(db.Model):
    """A message on its way out: written in the request's transaction, sent by a task after
    the commit, retried with back-off, kept (with its last error) when it cannot be sent."""

    __tablename__ = "outgoing_mail"
    __table_args__ = (Index("ix_outgoing_mail_status_next", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    to_address: Mapped[str] = mapped_column(Text)
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default=PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    claim_token: Mapped[str | None] = mapped_column(String(32))
    claimed_at: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]
