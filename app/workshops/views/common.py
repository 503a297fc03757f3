"""What the workshop pages share: the loaders of the objects in the URL."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from app.extensions import db
from app.workshops import services
from app.workshops.models import AttendanceSession, Enrolment, Workshop
from app.workshops.permissions import can_view_workshop


def workshop_or_404(workshop_id: int, check=can_view_workshop, *,
                    staff_only: bool = False) -> Workshop:
    """The workshop in the URL: 404 if missing or not visible, 403 if `check` fails
    (`staff_only`: loaded without its courses and resource persons, see get_workshop)."""
    workshop = services.get_workshop(workshop_id, staff_only=staff_only)
    if workshop is None or not can_view_workshop(current_user, workshop):
        abort(404)
    if not check(current_user, workshop):
        abort(403)
    return workshop


def session_or_404(workshop: Workshop, session_id: int) -> AttendanceSession:
    """An attendance session of `workshop` (404 for another workshop's)."""
    session = db.get_or_404(AttendanceSession, session_id)
    if session.workshop_id != workshop.id:
        abort(404)
    return session


def enrolment_or_404(workshop: Workshop, enrolment_id: int) -> Enrolment:
    """An enrolment in `workshop` (404 for another workshop's)."""
    enrolment = db.get_or_404(Enrolment, enrolment_id)
    if enrolment.workshop_id != workshop.id:
        abort(404)
    return enrolment
