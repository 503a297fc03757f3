"""Saving a workshop, changing its status, reminders before it starts."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from app.auth.audit import record_audit
from app.auth.models import User
from app.extensions import db
from app.timeutil import utcnow
from app.workshops import notify
from app.workshops.completion import refresh_completion
from app.workshops.errors import InvalidTransition
from app.workshops.models import (
    APPROVED,
    DRAFT,
    FINISHED,
    OPEN,
    RUNNING,
    STAFF_ORGANISER,
    STAFF_TRAINER,
    TRANSITIONS,
    Workshop,
    WorkshopCourse,
    WorkshopResourcePerson,
    WorkshopStaff,
)
from app.workshops.services.enrolment import promote_waitlist
from app.workshops.services.reading import enrolments, today_at

# Plain columns a workshop form sets.
WORKSHOP_FIELDS = (
    "title", "description", "start_date", "end_date", "mode", "host_country", "city", "venue",
    "timezone", "capacity", "enrolment_policy", "enrolment_deadline", "languages",
    "certificate_template", "certificate_languages", "planned_by_meeting_id",
    "require_lessons", "require_quizzes", "min_attendance_percent",
)
RULE_FIELDS = ("require_lessons", "require_quizzes", "min_attendance_percent")


def save_workshop(workshop: Workshop | None, data: dict, *, actor: User) -> Workshop:
    """Create (workshop=None) or update a workshop from form data.

    `data` holds WORKSHOP_FIELDS plus course_ids, organiser_ids, trainer_ids, expert_ids.
    """
    creating = workshop is None
    if creating:
        workshop = Workshop(created_by_id=actor.id, status=DRAFT)
        db.session.add(workshop)
    before_capacity = workshop.capacity
    before_rule = tuple(getattr(workshop, f) for f in RULE_FIELDS)
    for name in WORKSHOP_FIELDS:
        if name in data:
            setattr(workshop, name, data[name])
    _set_links(workshop, data)
    db.session.flush()
    record_audit("workshop.create" if creating else "workshop.edit", actor=actor,
                 target=f"workshop:{workshop.id}", details=workshop.title)
    if not creating:
        grew = workshop.capacity is None or (before_capacity is not None
                                             and workshop.capacity > before_capacity)
        if grew:
            promote_waitlist(workshop)
        if tuple(getattr(workshop, f) for f in RULE_FIELDS) != before_rule:
            refresh_completion(workshop)
    return workshop


def _set_links(workshop: Workshop, data: dict) -> None:
    if "course_ids" in data:
        wanted = [int(i) for i in data["course_ids"]]
        current = {link.course_id: link for link in workshop.course_links}
        workshop.course_links = [
            current.get(cid) or WorkshopCourse(course_id=cid) for cid in dict.fromkeys(wanted)]
        for position, link in enumerate(workshop.course_links):
            link.position = position
    for role, key in ((STAFF_ORGANISER, "organiser_ids"), (STAFF_TRAINER, "trainer_ids")):
        if key not in data:
            continue
        wanted = {int(i) for i in data[key]}
        keep = [s for s in workshop.staff if s.role != role or s.user_id in wanted]
        have = {s.user_id for s in keep if s.role == role}
        workshop.staff = keep + [WorkshopStaff(user_id=uid, role=role)
                                 for uid in sorted(wanted - have)]
    if "expert_ids" in data:
        wanted = [int(i) for i in data["expert_ids"]]
        current = {link.expert_id: link for link in workshop.resource_person_links}
        workshop.resource_person_links = [
            current.get(eid) or WorkshopResourcePerson(expert_id=eid)
            for eid in dict.fromkeys(wanted)]
        for position, link in enumerate(workshop.resource_person_links):
            link.position = position


def set_status(workshop: Workshop, status: str, *, actor: User) -> None:
    if status not in TRANSITIONS.get(workshop.status, set()):
        raise InvalidTransition(_("A workshop cannot go from %(a)s to %(b)s.",
                                  a=workshop.status, b=status))
    if status == OPEN and not workshop.course_links and not workshop.sessions:
        raise InvalidTransition(_("Add at least one course or attendance session before "
                                  "opening the workshop."))
    before = workshop.status
    workshop.status = status
    record_audit("workshop.status", actor=actor, target=f"workshop:{workshop.id}",
                 details=f"{before} -> {status}")
    if status in (FINISHED, RUNNING):
        refresh_completion(workshop)



def due_reminders(now: datetime, *, days: int) -> list[Workshop]:
    """Open or running workshops starting within `days` days whose reminder is not sent."""
    found = db.session.scalars(
        select(Workshop).where(Workshop.status.in_((OPEN, RUNNING)),
                               Workshop.reminder_sent_at.is_(None),
                               Workshop.start_date >= now.date() - timedelta(days=1),
                               Workshop.start_date <= now.date() + timedelta(days=days))
        .order_by(Workshop.start_date))
    return [w for w in found if today_at(w) <= w.start_date]


def send_reminders(workshop: Workshop) -> int:
    """E-mail every approved learner that the workshop is starting; returns how many."""
    sent = 0
    for enrolment in enrolments(workshop, statuses=(APPROVED,)):
        notify.workshop_starting(enrolment)
        sent += 1
    workshop.reminder_sent_at = utcnow()
    return sent
