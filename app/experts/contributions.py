"""Where an expert contributed, for the profile page: courses (as resource person),
sessions chaired or spoken in at experts' meetings, workshops (as resource person or
trainer) and pilot projects mentored.

The directory reads the other domains' models directly, one query per kind, and shows only
what `viewer` may see. Each item keeps its endpoint and values; `url` builds the link when the
page renders it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.courses.models import ARCHIVED, PUBLISHED, Course, CourseResourcePerson
from app.courses.permissions import can_view_course
from app.experts.models import Expert
from app.extensions import db
from app.meetings.display import SESSION_ROLE_LABELS, full_title
from app.meetings.models import Meeting, MeetingSession, SessionPerson
from app.meetings.permissions import can_see_meeting
from app.pilots.models import PilotMentor, PilotProject
from app.pilots.permissions import can_manage_pilots
from app.workshops.models import (
    DRAFT,
    STAFF_TRAINER,
    Workshop,
    WorkshopResourcePerson,
    WorkshopStaff,
)


@dataclass(frozen=True)
class Contribution:
    kind: Any  # translated label: "Speaker", "Resource person", "Mentor"…
    title: str
    endpoint: str
    values: dict = field(default_factory=dict)
    when: date | datetime | None = None

    @property
    def url(self) -> str:
        return url_for(self.endpoint, **self.values)


def _courses(expert_id: int, viewer) -> list[Contribution]:
    """Published (and archived) courses for everybody, drafts for those who may edit them."""
    courses = db.session.scalars(
        select(Course).join(CourseResourcePerson, CourseResourcePerson.course_id == Course.id)
        .where(CourseResourcePerson.expert_id == expert_id)
        .options(selectinload(Course.author_links)))
    return [Contribution(_l("Resource person"), c.title, "courses.detail", {"slug": c.slug},
                         c.published_at or c.created_at)
            for c in courses
            if c.status in (PUBLISHED, ARCHIVED) or can_view_course(viewer, c)]


def _sessions(expert_id: int, viewer) -> list[Contribution]:
    rows = db.session.execute(
        select(SessionPerson.role, MeetingSession, Meeting)
        .join(MeetingSession, SessionPerson.session_id == MeetingSession.id)
        .join(Meeting, MeetingSession.meeting_id == Meeting.id)
        .where(SessionPerson.expert_id == expert_id)
        .order_by(MeetingSession.starts_at, MeetingSession.id))
    return [Contribution(SESSION_ROLE_LABELS.get(role, role),
                         f"{full_title(meeting)} — {session.title}", "meetings.detail",
                         {"meeting_id": meeting.id, "_anchor": f"agenda-session-{session.id}"},
                         session.starts_at)
            for role, session, meeting in rows if can_see_meeting(viewer, meeting)]


def _workshops(expert_id: int) -> list[Contribution]:
    """Non-draft workshops where the expert was a resource person or (as a user) a trainer."""
    as_resource = select(Workshop).join(
        WorkshopResourcePerson, WorkshopResourcePerson.workshop_id == Workshop.id).where(
        WorkshopResourcePerson.expert_id == expert_id)
    as_trainer = (select(Workshop).join(WorkshopStaff, WorkshopStaff.workshop_id == Workshop.id)
                  .join(Expert, Expert.user_id == WorkshopStaff.user_id)
                  .where(Expert.id == expert_id, WorkshopStaff.role == STAFF_TRAINER))
    found = []
    for label, query in ((_l("Resource person"), as_resource), (_l("Trainer"), as_trainer)):
        found += [Contribution(label, w.title, "workshops.detail", {"workshop_id": w.id},
                               w.start_date)
                  for w in db.session.scalars(query.where(Workshop.status != DRAFT))]
    return found


def _mentoring(expert_id: int, viewer) -> list[Contribution]:
    manager = can_manage_pilots(viewer)
    query = (select(PilotProject).join(PilotMentor, PilotMentor.project_id == PilotProject.id)
             .where(PilotMentor.expert_id == expert_id))
    if not manager:
        query = query.where(PilotProject.is_public)
    endpoint = "pilots.detail" if manager else "pilots.public_detail"
    return [Contribution(_l("Mentor"), p.title, endpoint, {"project_id": p.id}, p.start_date)
            for p in db.session.scalars(query)]


def contributions_of(expert_id: int, viewer) -> list[Contribution]:
    """Newest first: a constant number of queries whatever the expert did."""
    found = [*_courses(expert_id, viewer), *_sessions(expert_id, viewer), *_workshops(expert_id),
             *_mentoring(expert_id, viewer)]
    return sorted(found, key=lambda c: (str(c.when or ""), str(c.title)), reverse=True)
