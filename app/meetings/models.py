"""International Experts Meetings: the meeting, its agenda, participants and documents.

Every date-time is stored as naive UTC; `Meeting.timezone` (IANA) says how the venue reads
it. Agenda days carry the venue-local date they stand for.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models_base import Timestamps, optional_key, owner_key
from app.timeutil import utcnow

if TYPE_CHECKING:
    from app.auth.models import User
    from app.experts.models import Expert
    from app.files.models import StoredFile

IN_PERSON, ONLINE, HYBRID = "in-person", "online", "hybrid"
MODES = (IN_PERSON, ONLINE, HYBRID)

PLANNED, CONFIRMED, HELD, POSTPONED, CANCELLED = (
    "planned", "confirmed", "held", "postponed", "cancelled")
STATUSES = (PLANNED, CONFIRMED, HELD, POSTPONED, CANCELLED)

PUBLIC, MEMBERS = "public", "members"
MEETING_VISIBILITIES = (PUBLIC, MEMBERS)

SESSION_KINDS = ("opening", "keynote", "panel", "workshop", "break", "other")

CHAIR, SPEAKER = "chair", "speaker"
SESSION_ROLES = (CHAIR, SPEAKER)

PARTICIPANT, OBSERVER = "participant", "observer"
PARTICIPANT_ROLES = (SPEAKER, PARTICIPANT, OBSERVER)

RSVP_PENDING, RSVP_YES, RSVP_MAYBE, RSVP_NO = "pending", "yes", "maybe", "no"
RSVP_ANSWERS = (RSVP_YES, RSVP_MAYBE, RSVP_NO)

DOCUMENT_KINDS = ("concept-note", "presentation", "report", "other")
PARTICIPANTS, ORGANISERS = "participants", "organisers"
DOCUMENT_VISIBILITIES = (PUBLIC, PARTICIPANTS, ORGANISERS)


def _new_uid() -> str:
    return str(uuid.uuid4())


class Meeting(Timestamps, db.Model):
    __tablename__ = "meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stable identity for calendars (iCalendar UID), independent of the row id.
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=_new_uid)
    title: Mapped[str] = mapped_column(String(300))
    series_number: Mapped[int | None] = mapped_column(index=True)
    objectives: Mapped[str] = mapped_column(Text, default="")
    description: Mapped[str] = mapped_column(Text, default="")
    starts_at: Mapped[datetime] = mapped_column(index=True)
    ends_at: Mapped[datetime] = mapped_column(index=True)
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Seoul")
    # The first day at the venue (derived from starts_at and timezone): year filter, lists.
    starts_on: Mapped[date] = mapped_column(index=True)
    mode: Mapped[str] = mapped_column(String(12), default=IN_PERSON)
    venue: Mapped[str] = mapped_column(String(300), default="")
    city: Mapped[str] = mapped_column(String(120), default="")
    country: Mapped[str] = mapped_column(String(2), default="", index=True)
    join_url: Mapped[str] = mapped_column(String(500), default="")
    status: Mapped[str] = mapped_column(String(12), default=PLANNED, index=True)
    visibility: Mapped[str] = mapped_column(String(12), default=PUBLIC, index=True)
    minutes: Mapped[str] = mapped_column(Text, default="")
    recommendations: Mapped[str] = mapped_column(Text, default="")
    # iCalendar SEQUENCE: raised when times, place or status change.
    sequence: Mapped[int] = mapped_column(default=0)
    # Raised by every change of what the meeting page shows (services.revise): the cached
    # agenda fragment is keyed by it.
    revision: Mapped[int] = mapped_column(default=0, server_default="0")
    created_by_id: Mapped[int | None] = optional_key("users")
    is_demo: Mapped[bool] = mapped_column(default=False)

    organiser_links: Mapped[list[MeetingOrganiser]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan")
    days: Mapped[list[MeetingDay]] = relationship(
        back_populates="meeting", order_by="MeetingDay.date", cascade="all, delete-orphan")
    sessions: Mapped[list[MeetingSession]] = relationship(
        back_populates="meeting", order_by="(MeetingSession.starts_at, MeetingSession.id)",
        cascade="all, delete-orphan")
    participants: Mapped[list[MeetingParticipant]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan")
    documents: Mapped[list[MeetingDocument]] = relationship(
        back_populates="meeting", order_by="MeetingDocument.id", cascade="all, delete-orphan")

    @property
    def organisers(self) -> list[User]:
        return [link.user for link in self.organiser_links]

    @property
    def is_online(self) -> bool:
        return self.mode in (ONLINE, HYBRID)

    @property
    def has_venue(self) -> bool:
        return self.mode in (IN_PERSON, HYBRID)


class MeetingOrganiser(db.Model):
    __tablename__ = "meeting_organisers"
    __table_args__ = (UniqueConstraint("meeting_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = owner_key("meetings")
    user_id: Mapped[int] = owner_key("users")

    meeting: Mapped[Meeting] = relationship(back_populates="organiser_links")
    user: Mapped[User] = relationship("User")


class MeetingDay(db.Model):
    __tablename__ = "meeting_days"
    __table_args__ = (UniqueConstraint("meeting_id", "date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = owner_key("meetings")
    date: Mapped[date]  # the date at the venue
    title: Mapped[str] = mapped_column(String(200), default="")

    meeting: Mapped[Meeting] = relationship(back_populates="days")
    sessions: Mapped[list[MeetingSession]] = relationship(
        back_populates="day", order_by="(MeetingSession.starts_at, MeetingSession.id)",
        cascade="all, delete-orphan")


class MeetingSession(db.Model):
    __tablename__ = "meeting_sessions"
    __table_args__ = (Index("ix_meeting_sessions_meeting_starts", "meeting_id", "starts_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    day_id: Mapped[int] = owner_key("meeting_days")
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(12), default="other")
    room: Mapped[str] = mapped_column(String(120), default="")
    description: Mapped[str] = mapped_column(Text, default="")

    meeting: Mapped[Meeting] = relationship(back_populates="sessions")
    day: Mapped[MeetingDay] = relationship(back_populates="sessions")
    people: Mapped[list[SessionPerson]] = relationship(
        back_populates="session", order_by="(SessionPerson.position, SessionPerson.id)",
        cascade="all, delete-orphan")
    documents: Mapped[list[MeetingDocument]] = relationship(
        back_populates="session", order_by="MeetingDocument.id")

    @property
    def chairs(self) -> list[SessionPerson]:
        return [p for p in self.people if p.role == CHAIR]

    @property
    def speakers(self) -> list[SessionPerson]:
        return [p for p in self.people if p.role == SPEAKER]


class SessionPerson(db.Model):
    """A chair or speaker of a session: an expert from the directory, or a named guest."""

    __tablename__ = "meeting_session_people"
    __table_args__ = (
        CheckConstraint("expert_id IS NOT NULL OR guest_name <> ''", name="expert_or_guest"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = owner_key("meeting_sessions")
    role: Mapped[str] = mapped_column(String(12), default=SPEAKER)
    expert_id: Mapped[int | None] = owner_key("experts")
    guest_name: Mapped[str] = mapped_column(String(200), default="")
    guest_affiliation: Mapped[str] = mapped_column(String(300), default="")
    position: Mapped[int] = mapped_column(default=0)

    session: Mapped[MeetingSession] = relationship(back_populates="people")
    expert: Mapped[Expert | None] = relationship("Expert")

    @property
    def name(self) -> str:
        return self.expert.display_name if self.expert else self.guest_name

    @property
    def affiliation(self) -> str:
        if self.expert:
            return ", ".join(p for p in (self.expert.position, self.expert.organisation) if p)
        return self.guest_affiliation


class MeetingParticipant(db.Model):
    """An invited person (an account or an expert of the directory) and their answer."""

    __tablename__ = "meeting_participants"
    __table_args__ = (
        UniqueConstraint("meeting_id", "user_id", name="uq_meeting_participants_meeting_user"),
        UniqueConstraint("meeting_id", "expert_id",
                         name="uq_meeting_participants_meeting_expert"),
        CheckConstraint("user_id IS NOT NULL OR expert_id IS NOT NULL", name="user_or_expert"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = owner_key("meetings")
    user_id: Mapped[int | None] = owner_key("users")
    expert_id: Mapped[int | None] = owner_key("experts")
    role: Mapped[str] = mapped_column(String(12), default=PARTICIPANT)
    rsvp: Mapped[str] = mapped_column(String(8), default=RSVP_PENDING)
    rsvp_note: Mapped[str] = mapped_column(String(300), default="")
    responded_at: Mapped[datetime | None]
    attended: Mapped[bool | None]
    invited_at: Mapped[datetime] = mapped_column(default=utcnow)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    meeting: Mapped[Meeting] = relationship(back_populates="participants")
    user: Mapped[User | None] = relationship("User", foreign_keys=[user_id])
    expert: Mapped[Expert | None] = relationship("Expert")

    @property
    def name(self) -> str:
        if self.user is not None:
            return self.user.display_name
        return self.expert.display_name if self.expert else ""

    @property
    def affiliation(self) -> str:
        if self.user is not None:
            return ", ".join(p for p in (self.user.position, self.user.agency) if p)
        if self.expert is not None:
            return ", ".join(p for p in (self.expert.position, self.expert.organisation) if p)
        return ""

    @property
    def country(self) -> str:
        person = self.user or self.expert
        return person.country if person is not None else ""

    @property
    def account(self) -> User | None:
        """The account that answers for this participant (directly or via the expert)."""
        if self.user is not None:
            return self.user
        return self.expert.user if self.expert is not None else None


class MeetingDocument(db.Model):
    """A concept note, presentation, report… of a meeting, optionally of one session."""

    __tablename__ = "meeting_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = owner_key("meetings")
    session_id: Mapped[int | None] = optional_key("meeting_sessions")
    kind: Mapped[str] = mapped_column(String(20), default="other")
    title: Mapped[str] = mapped_column(String(300))
    visibility: Mapped[str] = mapped_column(String(12), default=PUBLIC)
    file_id: Mapped[int] = owner_key("stored_files")
    uploaded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    meeting: Mapped[Meeting] = relationship(back_populates="documents")
    session: Mapped[MeetingSession | None] = relationship(back_populates="documents")
    file: Mapped[StoredFile] = relationship("StoredFile")
