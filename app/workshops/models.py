"""Workshops: a cohort of officials around one or more courses, with attendance days."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models_base import Timestamps, optional_key, owner_key
from app.timeutil import utcnow

if TYPE_CHECKING:
    from app.auth.models import User
    from app.courses.models import Course
    from app.experts.models import Expert
    from app.meetings.models import Meeting

# Workshop status
DRAFT, OPEN, RUNNING, FINISHED, CANCELLED = "draft", "open", "running", "finished", "cancelled"
STATUSES = (DRAFT, OPEN, RUNNING, FINISHED, CANCELLED)
# The status changes an organiser may make.
TRANSITIONS = {
    DRAFT: {OPEN, CANCELLED},
    OPEN: {DRAFT, RUNNING, CANCELLED},
    RUNNING: {OPEN, FINISHED, CANCELLED},
    FINISHED: {RUNNING},
    CANCELLED: {DRAFT},
}
# Mode
ONLINE, IN_PERSON, BLENDED = "online", "in-person", "blended"
MODES = (ONLINE, IN_PERSON, BLENDED)
# Enrolment policy
POLICY_OPEN, POLICY_APPROVAL, POLICY_INVITATION = "open", "approval", "invitation"
POLICIES = (POLICY_OPEN, POLICY_APPROVAL, POLICY_INVITATION)
# Staff roles within one workshop
STAFF_ORGANISER, STAFF_TRAINER = "organiser", "trainer"

# Enrolment status
APPLIED, APPROVED, DECLINED, WAITLISTED, WITHDRAWN, INVITED = (
    "applied", "approved", "declined", "waitlisted", "withdrawn", "invited")
ENROLMENT_STATUSES = (APPLIED, APPROVED, DECLINED, WAITLISTED, WITHDRAWN, INVITED)
# Completion status (stored on approved enrolments, computed from the records)
IN_PROGRESS, COMPLETED, NOT_COMPLETED = "in_progress", "completed", "not_completed"
COMPLETION_STATUSES = (IN_PROGRESS, COMPLETED, NOT_COMPLETED)

# Attendance method
MANUAL, QR = "manual", "qr"


class Workshop(Timestamps, db.Model):
    __tablename__ = "workshops"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    start_date: Mapped[date] = mapped_column(Date, index=True)
    end_date: Mapped[date] = mapped_column(Date)
    mode: Mapped[str] = mapped_column(String(12), default=ONLINE)
    host_country: Mapped[str] = mapped_column(String(2), default="XX", index=True)
    city: Mapped[str] = mapped_column(String(120), default="")
    venue: Mapped[str] = mapped_column(String(300), default="")
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Seoul")
    capacity: Mapped[int | None]  # None: no limit
    enrolment_policy: Mapped[str] = mapped_column(String(12), default=POLICY_OPEN)
    enrolment_deadline: Mapped[date | None] = mapped_column(Date)
    languages: Mapped[list] = mapped_column(JSON, default=list)
    certificate_template: Mapped[str] = mapped_column(String(100), default="")
    certificate_languages: Mapped[list] = mapped_column(JSON, default=list)
    # The experts' meeting that planned it (the meetings domain adds the foreign key).
    planned_by_meeting_id: Mapped[int | None] = optional_key("meetings")
    planned_by_meeting: Mapped[Meeting | None] = relationship(
        "Meeting", foreign_keys=[planned_by_meeting_id], lazy="select")
    status: Mapped[str] = mapped_column(String(12), default=DRAFT, index=True)
    # Completion rule: any combination of the three.
    require_lessons: Mapped[bool] = mapped_column(default=True)
    require_quizzes: Mapped[bool] = mapped_column(default=True)
    min_attendance_percent: Mapped[int] = mapped_column(default=0)  # 0: not required
    reminder_sent_at: Mapped[datetime | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    is_demo: Mapped[bool] = mapped_column(default=False)

    course_links: Mapped[list[WorkshopCourse]] = relationship(
        back_populates="workshop", order_by="WorkshopCourse.position",
        cascade="all, delete-orphan")
    staff: Mapped[list[WorkshopStaff]] = relationship(
        back_populates="workshop", cascade="all, delete-orphan")
    resource_person_links: Mapped[list[WorkshopResourcePerson]] = relationship(
        back_populates="workshop", order_by="WorkshopResourcePerson.position",
        cascade="all, delete-orphan")
    sessions: Mapped[list[AttendanceSession]] = relationship(
        back_populates="workshop", order_by="AttendanceSession.starts_at",
        cascade="all, delete-orphan")

    @property
    def courses(self) -> list[Course]:
        return [link.course for link in self.course_links]

    @property
    def organisers(self) -> list[User]:
        return [s.user for s in self.staff if s.role == STAFF_ORGANISER]

    @property
    def trainers(self) -> list[User]:
        return [s.user for s in self.staff if s.role == STAFF_TRAINER]

    @property
    def resource_persons(self) -> list[Expert]:
        return [link.expert for link in self.resource_person_links]

    @property
    def has_rule(self) -> bool:
        return self.require_lessons or self.require_quizzes or self.min_attendance_percent > 0

    def __repr__(self) -> str:
        return f"<Workshop {self.id} {self.title!r}>"


class WorkshopCourse(db.Model):
    __tablename__ = "workshop_courses"
    __table_args__ = (UniqueConstraint("workshop_id", "course_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = owner_key("workshops")
    course_id: Mapped[int] = owner_key("courses")
    position: Mapped[int] = mapped_column(default=0)

    workshop: Mapped[Workshop] = relationship(back_populates="course_links")
    course: Mapped[Course] = relationship("Course")


class WorkshopStaff(db.Model):
    """An organiser or a trainer of one workshop."""

    __tablename__ = "workshop_staff"
    __table_args__ = (UniqueConstraint("workshop_id", "user_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = owner_key("workshops")
    user_id: Mapped[int] = owner_key("users")
    role: Mapped[str] = mapped_column(String(12))

    workshop: Mapped[Workshop] = relationship(back_populates="staff")
    user: Mapped[User] = relationship("User")


class WorkshopResourcePerson(db.Model):
    __tablename__ = "workshop_resource_persons"
    __table_args__ = (UniqueConstraint("workshop_id", "expert_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = owner_key("workshops")
    expert_id: Mapped[int] = owner_key("experts")
    position: Mapped[int] = mapped_column(default=0)

    workshop: Mapped[Workshop] = relationship(back_populates="resource_person_links")
    expert: Mapped[Expert] = relationship("Expert")


class Enrolment(db.Model):
    __tablename__ = "enrolments"
    __table_args__ = (
        UniqueConstraint("workshop_id", "user_id"),
        # The counts per workshop (requests, completers) read this index only.
        Index("ix_enrolments_workshop_status_completion", "workshop_id", "status",
              "completion_status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"))
    user_id: Mapped[int] = owner_key("users")
    status: Mapped[str] = mapped_column(String(12))
    note: Mapped[str] = mapped_column(Text, default="")  # the organiser's note on a decision
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # When the current status began (waitlist order, application date…)
    status_changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    completion_status: Mapped[str] = mapped_column(String(16), default=IN_PROGRESS, index=True)
    completed_at: Mapped[datetime | None]

    workshop: Mapped[Workshop] = relationship()
    user: Mapped[User] = relationship("User", foreign_keys=[user_id])
    decided_by: Mapped[User | None] = relationship("User", foreign_keys=[decided_by_id])

    @property
    def holds_seat(self) -> bool:
        return self.status == APPROVED


class AttendanceSession(db.Model):
    """An in-person or live day (or half-day) whose attendance is taken."""

    __tablename__ = "attendance_sessions"
    __table_args__ = (Index("ix_attendance_sessions_workshop_start", "workshop_id", "starts_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[datetime]  # naive UTC
    ends_at: Mapped[datetime]  # naive UTC
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    workshop: Mapped[Workshop] = relationship(back_populates="sessions")


class Attendance(db.Model):
    __tablename__ = "attendances"
    __table_args__ = (UniqueConstraint("session_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = owner_key("attendance_sessions")
    user_id: Mapped[int] = owner_key("users")
    present: Mapped[bool] = mapped_column(default=False)
    method: Mapped[str] = mapped_column(String(8), default=MANUAL)
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))
    corrected_at: Mapped[datetime | None]
    corrected_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))
    # One line per change: "2026-03-04 09:12 UTC present (qr) by …"
    log: Mapped[str] = mapped_column(Text, default="")

    session: Mapped[AttendanceSession] = relationship()
    user: Mapped[User] = relationship("User", foreign_keys=[user_id])
