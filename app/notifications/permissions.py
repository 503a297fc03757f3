"""Who may read and post a workshop's announcements (built on the workshops' predicates)."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.workshops.models import APPROVED, Enrolment, Workshop
from app.workshops.permissions import can_run_workshop


def _in_cohort(user, workshop: Workshop) -> bool:
    if not (user and user.is_authenticated):
        return False
    return db.session.scalar(select(Enrolment.id).where(
        Enrolment.workshop_id == workshop.id, Enrolment.user_id == user.id,
        Enrolment.status == APPROVED)) is not None


def can_post_announcement(user, workshop: Workshop) -> bool:
    """The workshop's organisers and trainers (and admins)."""
    return bool(user and user.is_authenticated) and can_run_workshop(user, workshop)


def can_read_announcements(user, workshop: Workshop) -> bool:
    """Its cohort (approved learners) and those who may post."""
    return can_post_announcement(user, workshop) or _in_cohort(user, workshop)
