"""Notifications fired from the signals of other domains (app/signals.py).

Each event gets a subject ("enrolment:12") and an event key that names this occurrence
("approved@2030-01-05T09:00:00"), so a signal sent twice for the same change notifies once,
while a later, different change (approved again after a withdrawal) notifies again.
"""

from __future__ import annotations

from flask_babel import gettext as _

from app import jobs, signals
from app.notifications import tasks
from app.notifications.links import path_for
from app.notifications.services import notify

# Enrolment statuses as the workshops domain stores them (and the words of the signal doc).
APPROVED, WAITLISTED = "approved", "waitlisted"
REQUESTED = {"applied", "requested"}
PROMOTED = "promoted"


def _stamp(value) -> str:
    return value.isoformat(timespec="seconds") if value is not None else ""


@signals.enrolment_changed.connect
def _enrolment_changed(enrolment, previous=None, actor=None, **_kwargs):
    status = enrolment.status
    if status == previous:
        return
    workshop, user = enrolment.workshop, enrolment.user
    data = {"title": workshop.title, "name": user.name}
    subject = f"enrolment:{enrolment.id}"
    event = f"{status}@{_stamp(enrolment.status_changed_at)}"
    url = path_for("workshops.detail", workshop_id=workshop.id)
    if status in REQUESTED:
        organisers = [u for u in workshop.organisers if u.id != user.id]
        notify(organisers, "enrolment_requested", subject=subject, event=event, data=data,
               url=path_for("workshops.enrolments", workshop_id=workshop.id))
        return
    if actor is not None and actor.id == user.id:
        return  # the learner's own doing (open enrolment, joining the list): no news to them
    if status == PROMOTED or (status == APPROVED and previous == WAITLISTED):
        kind = "enrolment_promoted"
    elif status == APPROVED:
        kind = "enrolment_approved"
    elif status == WAITLISTED:
        kind = "enrolment_waitlisted"
    else:
        return
    details = _("Dates: %(dates)s", dates=_dates(workshop))
    if enrolment.note:
        details += "\n\n" + _("Note from the organisers: %(note)s", note=enrolment.note)
    # A new enrolment approved by staff is a roster import, whose own e-mail welcomes the
    # learner (with the link to choose a password): no second e-mail for it.
    notify([user], kind, subject=subject, event=event, data=data, url=url,
           email=previous is not None, email_text=details)


def _dates(workshop) -> str:
    if workshop.start_date == workshop.end_date:
        return workshop.start_date.isoformat()
    return f"{workshop.start_date.isoformat()} – {workshop.end_date.isoformat()}"


@signals.attempt_finished.connect
def _attempt_finished(attempt, quiz=None, needs_grading=False, **_kwargs):
    # Told from a task after the commit: finishing an attempt keeps its constant, small
    # number of statements (tests/quizzes/test_attempts.py bounds it).
    if needs_grading and not attempt.is_preview:
        jobs.enqueue(tasks.notify_essay_submitted, attempt.id)


@signals.attempt_graded.connect
def _attempt_graded(attempt, grader=None, **_kwargs):
    # A regrade sends this for every attempt of a question: a task each, after the commit.
    if not attempt.is_preview:
        jobs.enqueue(tasks.notify_attempt_graded, attempt.id)


@signals.certificate_issued.connect
def _certificate_issued(certificate, actor=None, **_kwargs):
    # Certificates are issued by the hundred in one request: notify from a task after the
    # commit, so issuing costs no extra statement per certificate.
    jobs.enqueue(tasks.notify_certificate, certificate.id, "issued")


@signals.certificate_revoked.connect
def _certificate_revoked(certificate, actor=None, reason="", **_kwargs):
    jobs.enqueue(tasks.notify_certificate, certificate.id, "revoked")
