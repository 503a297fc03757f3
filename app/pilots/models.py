"""Brain Circulation pilot projects (Program 3): projects, participants, partners, mentors,
milestones, the activity log and outcome indicators.

Links to other domains: `PilotProject.planned_by_meeting` (the experts' meeting that
planned the project) and `PilotWorkshop.workshop` (a related training), plain relationships.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models_base import Timestamps, optional_key, owner_key
from app.timeutil import utcnow

if TYPE_CHECKING:
    from app.auth.models import User
    from app.experts.models import Expert
    from app.files.models import StoredFile
    from app.meetings.models import Meeting
    from app.workshops.models import Workshop

SECTORS = ("agriculture", "manufacturing", "it", "health", "education", "tourism",
           "small-business", "public-administration", "other")
PROPOSAL, APPROVED, ACTIVE, COMPLETED, DISCONTINUED = (
    "proposal", "approved", "active", "completed", "discontinued")
STATUSES = (PROPOSAL, APPROVED, ACTIVE, COMPLETED, DISCONTINUED)
VISA_CATEGORIES = ("E-9", "E-7", "F-6", "D-2", "F-2", "F-5", "other")
PARTICIPANT_ROLES = ("lead", "trainer", "coordinator", "entrepreneur", "adviser", "other")
PARTNER_TYPES = ("government", "academia", "training", "international", "civil-society",
                 "private", "other")
# Kept when a participant's personal data is deleted on request (anonymised counts).
KEPT_ON_DELETION = ("country_of_origin", "visa_category", "role")


class PilotProject(Timestamps, db.Model):
    __tablename__ = "pilot_projects"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    country: Mapped[str] = mapped_column(String(2), index=True)  # home country (ASEAN)
    region: Mapped[str] = mapped_column(String(200), default="")
    sector: Mapped[str] = mapped_column(String(30), index=True)
    summary: Mapped[str] = mapped_column(Text, default="")  # Markdown
    objectives: Mapped[str] = mapped_column(Text, default="")  # Markdown
    status: Mapped[str] = mapped_column(String(20), default=PROPOSAL, index=True)
    start_date: Mapped[date | None]
    end_date: Mapped[date | None]
    budget: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    currency: Mapped[str] = mapped_column(String(3), default="")
    funding_source: Mapped[str] = mapped_column(String(300), default="")
    is_public: Mapped[bool] = mapped_column(default=False, index=True)
    planned_by_meeting_id: Mapped[int | None] = optional_key("meetings")
    created_by_id: Mapped[int | None] = optional_key("users")
    is_demo: Mapped[bool] = mapped_column(default=False)

    status_changes: Mapped[list[PilotStatusChange]] = relationship(
        back_populates="project", cascade="all, delete-orphan",
        order_by="(PilotStatusChange.changed_on, PilotStatusChange.id)")
    partners: Mapped[list[PilotPartner]] = relationship(
        back_populates="project", cascade="all, delete-orphan",
        order_by="PilotPartner.name")
    mentors: Mapped[list[PilotMentor]] = relationship(
        back_populates="project", cascade="all, delete-orphan", order_by="PilotMentor.id")
    participants: Mapped[list[PilotParticipant]] = relationship(
        back_populates="project", cascade="all, delete-orphan",
        order_by="PilotParticipant.id")
    milestones: Mapped[list[PilotMilestone]] = relationship(
        back_populates="project", cascade="all, delete-orphan",
        order_by="(PilotMilestone.due_date, PilotMilestone.id)")
    activities: Mapped[list[PilotActivity]] = relationship(
        back_populates="project", cascade="all, delete-orphan",
        order_by="(PilotActivity.occurred_on.desc(), PilotActivity.id.desc())")
    indicators: Mapped[list[PilotIndicator]] = relationship(
        back_populates="project", cascade="all, delete-orphan",
        order_by="(PilotIndicator.position, PilotIndicator.id)")
    workshop_links: Mapped[list[PilotWorkshop]] = relationship(
        back_populates="project", cascade="all, delete-orphan", order_by="PilotWorkshop.id")
    planned_by_meeting: Mapped[Meeting | None] = relationship("Meeting")

    @property
    def status_since(self) -> date | None:
        dates = [c.changed_on for c in self.status_changes if c.status == self.status]
        return max(dates) if dates else None


class PilotStatusChange(db.Model):
    """Each change of a project's status, with the date it took effect."""

    __tablename__ = "pilot_status_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = owner_key("pilot_projects")
    status: Mapped[str] = mapped_column(String(20))
    changed_on: Mapped[date]
    note: Mapped[str] = mapped_column(String(500), default="")
    recorded_by_id: Mapped[int | None] = optional_key("users")
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    project: Mapped[PilotProject] = relationship(back_populates="status_changes")
    recorded_by: Mapped[User | None] = relationship("User")


class PilotPartner(db.Model):
    """A partner organisation, in Korea or in the home country (or elsewhere)."""

    __tablename__ = "pilot_partners"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = owner_key("pilot_projects")
    name: Mapped[str] = mapped_column(String(300))
    org_type: Mapped[str] = mapped_column(String(20), default="other")
    role: Mapped[str] = mapped_column(String(300), default="")
    contact: Mapped[str] = mapped_column(String(300), default="")  # organisers only
    country: Mapped[str] = mapped_column(String(2), index=True)

    project: Mapped[PilotProject] = relationship(back_populates="partners")


class PilotMentor(db.Model):
    __tablename__ = "pilot_mentors"
    __table_args__ = (UniqueConstraint("project_id", "expert_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = owner_key("pilot_projects")
    expert_id: Mapped[int] = owner_key("experts")
    note: Mapped[str] = mapped_column(String(300), default="")

    project: Mapped[PilotProject] = relationship(back_populates="mentors")
    expert: Mapped[Expert] = relationship("Expert")


class PilotWorkshop(db.Model):
    """A related training (workshop)."""

    __tablename__ = "pilot_workshops"
    __table_args__ = (UniqueConstraint("pilot_id", "workshop_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pilot_id: Mapped[int] = owner_key("pilot_projects")
    workshop_id: Mapped[int] = owner_key("workshops")

    project: Mapped[PilotProject] = relationship(back_populates="workshop_links")
    workshop: Mapped[Workshop] = relationship("Workshop")


class PilotParticipant(Timestamps, db.Model):
    """A migrant taking part. Personal data: organisers, admins and the person themself.

    Deleting on request empties every personal field and sets `anonymised_at`; the row
    stays as an anonymised count (KEPT_ON_DELETION).
    """

    __tablename__ = "pilot_participants"
    __table_args__ = (UniqueConstraint("project_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = owner_key("pilot_projects")
    # Kept after deletion on request:
    country_of_origin: Mapped[str] = mapped_column(String(2), index=True)
    visa_category: Mapped[str] = mapped_column(String(10), index=True)
    role: Mapped[str] = mapped_column(String(20), default="other")
    # Personal data:
    name: Mapped[str] = mapped_column(String(200), default="")
    native_name: Mapped[str] = mapped_column(String(200), default="")
    city_in_korea: Mapped[str] = mapped_column(String(120), default="")
    years_in_korea: Mapped[int | None]
    occupation: Mapped[str] = mapped_column(String(200), default="")
    skills: Mapped[str] = mapped_column(Text, default="")
    education: Mapped[str] = mapped_column(String(300), default="")
    languages: Mapped[str] = mapped_column(String(200), default="")  # BCP 47, comma-separated
    role_note: Mapped[str] = mapped_column(String(300), default="")
    consent_date: Mapped[date | None]
    consent_scope: Mapped[str] = mapped_column(String(500), default="")
    user_id: Mapped[int | None] = optional_key("users")
    anonymised_at: Mapped[datetime | None] = mapped_column(index=True)

    project: Mapped[PilotProject] = relationship(back_populates="participants")
    user: Mapped[User | None] = relationship("User")

    @property
    def language_codes(self) -> list[str]:
        return [code for code in self.languages.split(",") if code]

    @property
    def display_name(self) -> str:
        if self.native_name and self.native_name != self.name:
            return f"{self.name} ({self.native_name})"
        return self.name


class PilotMilestone(db.Model):
    __tablename__ = "pilot_milestones"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = owner_key("pilot_projects")
    title: Mapped[str] = mapped_column(String(300))
    due_date: Mapped[date | None]
    done_date: Mapped[date | None]
    note: Mapped[str] = mapped_column(Text, default="")

    project: Mapped[PilotProject] = relationship(back_populates="milestones")


class PilotActivity(db.Model):
    """A dated entry in the project's activity log (Markdown), with attachments."""

    __tablename__ = "pilot_activities"
    __table_args__ = (Index("ix_pilot_activities_project_date", "project_id", "occurred_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("pilot_projects.id", ondelete="CASCADE"))
    occurred_on: Mapped[date]
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text, default="")
    author_id: Mapped[int | None] = optional_key("users")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    project: Mapped[PilotProject] = relationship(back_populates="activities")
    author: Mapped[User | None] = relationship("User")
    attachments: Mapped[list[PilotAttachment]] = relationship(
        back_populates="activity", cascade="all, delete-orphan", order_by="PilotAttachment.id")


class PilotAttachment(db.Model):
    __tablename__ = "pilot_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = owner_key("pilot_activities")
    file_id: Mapped[int] = owner_key("stored_files")

    activity: Mapped[PilotActivity] = relationship(back_populates="attachments")
    file: Mapped[StoredFile] = relationship("StoredFile")


class PilotIndicator(db.Model):
    """An outcome indicator, e.g. "people trained in the home country"."""

    __tablename__ = "pilot_indicators"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = owner_key("pilot_projects")
    name: Mapped[str] = mapped_column(String(300))
    unit: Mapped[str] = mapped_column(String(60), default="")
    baseline: Mapped[float] = mapped_column(default=0)
    target: Mapped[float]
    position: Mapped[int] = mapped_column(default=0)

    project: Mapped[PilotProject] = relationship(back_populates="indicators")
    values: Mapped[list[PilotIndicatorValue]] = relationship(
        back_populates="indicator", cascade="all, delete-orphan",
        order_by="(PilotIndicatorValue.measured_on, PilotIndicatorValue.id)")

    @property
    def latest(self) -> PilotIndicatorValue | None:
        return self.values[-1] if self.values else None

    @property
    def progress(self) -> float | None:
        """Per cent of the way from baseline to target reached by the latest value."""
        if not self.values or self.target == self.baseline:
            return None
        return (self.values[-1].value - self.baseline) * 100 / (self.target - self.baseline)


class PilotIndicatorValue(db.Model):
    __tablename__ = "pilot_indicator_values"

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = owner_key("pilot_indicators")
    measured_on: Mapped[date]
    value: Mapped[float]
    note: Mapped[str] = mapped_column(String(300), default="")

    indicator: Mapped[PilotIndicator] = relationship(back_populates="values")
