"""Notifications in the application, e-mail preferences per kind, workshop announcements and
the personal calendar feed's secret token."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models_base import owner_key
from app.timeutil import utcnow

if TYPE_CHECKING:
    from app.auth.models import User
    from app.workshops.models import Workshop


class Notification(db.Model):
    """One thing a user should know about. ``(user, kind, subject, event)`` is unique, so
    the same event never notifies twice (a signal sent again, two receivers, a retried task).
    The text is built when shown, in the reader's language, from ``data``."""

    __tablename__ = "notifications"
    __table_args__ = (
        UniqueConstraint("user_id", "kind", "subject", "event",
                         name="uq_notifications_user_kind_subject_event"),
        Index("ix_notifications_user_read", "user_id", "read_at"),
        Index("ix_notifications_user_created", "user_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str] = mapped_column(String(80))  # what it is about: "enrolment:12"
    event: Mapped[str] = mapped_column(String(120))  # which event of it: "approved@…"
    data: Mapped[dict] = mapped_column(JSON, default=dict)  # the facts the text needs
    url: Mapped[str] = mapped_column(String(500), default="")  # a path inside the app
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]
    emailed: Mapped[bool] = mapped_column(default=False)

    user: Mapped[User] = relationship("User")

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationPreference(db.Model):
    """Whether a user wants an e-mail copy of one kind (no row: the kind's default)."""

    __tablename__ = "notification_preferences"
    __table_args__ = (UniqueConstraint("user_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = owner_key("users")
    kind: Mapped[str] = mapped_column(String(40))
    email: Mapped[bool] = mapped_column(default=True)


class Announcement(db.Model):
    """A message from a workshop's organisers or trainers to its cohort (Markdown)."""

    __tablename__ = "announcements"
    __table_args__ = (Index("ix_announcements_workshop_created", "workshop_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")  # Markdown as written
    body_html: Mapped[str] = mapped_column(Text, default="")  # rendered and sanitised
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    workshop: Mapped[Workshop] = relationship("Workshop")
    author: Mapped[User | None] = relationship("User")


class CalendarToken(db.Model):
    """The secret of a user's personal calendar feed; only its SHA-256 is stored."""

    __tablename__ = "calendar_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship("User")
