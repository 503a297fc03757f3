"""What workshops tell other domains: the trainings a pilot participant completed, and the
workshops that came out of an experts' meeting."""

from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.extensions import db
from app.meetings import links as meeting_links
from app.pilots import trainings
from app.workshops.models import COMPLETED, DRAFT, Enrolment, Workshop
from app.workshops.permissions import can_view_workshop


def completed_workshops(user_id: int) -> list[trainings.CompletedTraining]:
    rows = db.session.execute(
        select(Workshop.id, Workshop.title, Enrolment.completed_at)
        .join(Enrolment, Enrolment.workshop_id == Workshop.id)
        .where(Enrolment.user_id == user_id, Enrolment.completion_status == COMPLETED)
        .order_by(Enrolment.completed_at.desc())
    )
    return [
        trainings.CompletedTraining(
            title=row.title,
            completed_on=row.completed_at.date() if row.completed_at else None,
            url=url_for("workshops.detail", workshop_id=row.id),
        )
        for row in rows
    ]


def workshops_of_meetings(meeting_ids: list[int], viewer) -> dict[int, list]:
    """Workshops planned at these meetings that `viewer` may see (one query)."""
    found: dict[int, list] = {}
    rows = db.session.scalars(
        select(Workshop).where(Workshop.planned_by_meeting_id.in_(meeting_ids))
        .order_by(Workshop.start_date)
    )
    for workshop in rows:
        if workshop.status == DRAFT and not can_view_workshop(viewer, workshop):
            continue
        found.setdefault(workshop.planned_by_meeting_id, []).append(
            meeting_links.Outcome(_l("Workshop"), workshop.title,
                                  url_for("workshops.detail", workshop_id=workshop.id)))
    return found


def register() -> None:
    trainings.register(completed_workshops)
    meeting_links.register(workshops_of_meetings)
