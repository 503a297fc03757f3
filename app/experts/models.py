"""The expert directory. Core model laid down by the foundation (so meetings and pilots can
refer to experts); the experts issue extends this module."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.timeutil import utcnow

if TYPE_CHECKING:
    from app.auth.models import User

PUBLIC, MEMBERS, ORGANISERS = "public", "members", "organisers"
VISIBILITY_LEVELS = (PUBLIC, MEMBERS, ORGANISERS)
ORGANISATION_TYPES = ("government", "academia", "international", "civil-society", "private")


class Expert(db.Model):
    __tablename__ = "experts"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    native_name: Mapped[str] = mapped_column(String(200), default="")
    honorific: Mapped[str] = mapped_column(String(40), default="")
    position: Mapped[str] = mapped_column(String(200), default="")
    organisation: Mapped[str] = mapped_column(String(300), default="")
    organisation_type: Mapped[str] = mapped_column(String(20), default="", index=True)
    country: Mapped[str] = mapped_column(String(2), default="XX", index=True)
    bio: Mapped[str] = mapped_column(Text, default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    email_visibility: Mapped[str] = mapped_column(String(12), default=ORGANISERS)
    phone: Mapped[str] = mapped_column(String(60), default="")
    phone_visibility: Mapped[str] = mapped_column(String(12), default=ORGANISERS)
    consent_date: Mapped[date | None]
    consent_recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"),
                                                index=True)
    archived: Mapped[bool] = mapped_column(default=False, index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    is_demo: Mapped[bool] = mapped_column(default=False)

    user: Mapped[User | None] = relationship("User", foreign_keys=[user_id])

    @property
    def listed_publicly(self) -> bool:
        return self.consent_date is not None and not self.archived

    @property
    def display_name(self) -> str:
        parts = [self.honorific, self.name]
        label = " ".join(p for p in parts if p)
        if self.native_name and self.native_name != self.name:
            label += f" ({self.native_name})"
        return label
