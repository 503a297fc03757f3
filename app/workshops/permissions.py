"""Who may do what with a workshop."""

from __future__ import annotations

from app.auth.models import ORGANISER
from app.auth.permissions import is_admin
from app.workshops.models import (
    DRAFT,
    STAFF_ORGANISER,
    STAFF_TRAINER,
    Workshop,
)


def _signed_in(user) -> bool:
    return bool(user and user.is_authenticated)


def _staff_roles(user, workshop: Workshop) -> set[str]:
    if not _signed_in(user):
        return set()
    return {s.role for s in workshop.staff if s.user_id == user.id}


def can_create_workshop(user) -> bool:
    return _signed_in(user) and user.has_role(ORGANISER)


def can_manage_workshop(user, workshop: Workshop) -> bool:
    """Edit, enrolment decisions, invitations, roster import: the workshop's organisers."""
    if is_admin(user):
        return True
    return (STAFF_ORGANISER in _staff_roles(user, workshop)) and user.has_role(ORGANISER)


def can_run_workshop(user, workshop: Workshop) -> bool:
    """Roster, progress, attendance and the check-in code: organisers and trainers."""
    return can_manage_workshop(user, workshop) or STAFF_TRAINER in _staff_roles(user, workshop)


def can_view_workshop(user, workshop: Workshop) -> bool:
    return workshop.status != DRAFT or can_run_workshop(user, workshop)
