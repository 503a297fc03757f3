"""Participants (migrants): recording, editing, deletion on request, the CSV export.

Deleting a participant on request empties every personal field of the row and keeps only
KEPT_ON_DELETION (country of origin, visa category, role) so the project's counts stay
right; the audit log records who did it, without the person's name.

A record linked to a platform account lists the workshops that account completed
(`completed_trainings`, a query on the workshops' enrolments).
"""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import NamedTuple

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.auth.audit import record_audit
from app.extensions import db
from app.pilots.labels import ROLE_LABELS, label
from app.pilots.models import PilotParticipant, PilotProject
from app.pilots.services import PilotError
from app.reference import country_name, language_name
from app.timeutil import utcnow
from app.workshops.models import COMPLETED, Enrolment, Workshop

PERSONAL_FIELDS = ("name", "native_name", "city_in_korea", "years_in_korea", "occupation",
                   "skills", "education", "languages", "role_note", "consent_date",
                   "consent_scope", "user_id")
EDITABLE_FIELDS = ("country_of_origin", "visa_category", "role", *PERSONAL_FIELDS)
EMPTY = {"years_in_korea": None, "consent_date": None, "user_id": None}


class CompletedTraining(NamedTuple):
    workshop_id: int
    title: str
    completed_on: date | None


def completed_trainings(user_id: int | None) -> list[CompletedTraining]:
    """The workshops the account completed, newest first (one query); [] when the record
    is not linked to an account."""
    if user_id is None:
        return []
    rows = db.session.execute(
        select(Workshop.id, Workshop.title, Enrolment.completed_at)
        .join(Enrolment, Enrolment.workshop_id == Workshop.id)
        .where(Enrolment.user_id == user_id, Enrolment.completion_status == COMPLETED)
        .order_by(Enrolment.completed_at.desc(), Workshop.title.desc()))
    return [CompletedTraining(row.id, row.title,
                              row.completed_at.date() if row.completed_at else None)
            for row in rows]


def add_participant(project: PilotProject, data: dict) -> PilotParticipant:
    participant = PilotParticipant(project=project)
    update_participant(participant, data)
    db.session.add(participant)
    db.session.flush()
    return participant


def update_participant(participant: PilotParticipant, data: dict) -> PilotParticipant:
    """Set the fields in `data`; PilotError when the account (`user_id`) is already linked
    to another participant of the project."""
    user_id = data.get("user_id")
    with db.session.no_autoflush:
        taken = bool(user_id) and account_taken(participant.project, user_id,
                                                except_id=participant.id)
    if taken:
        raise PilotError(_("This account is already linked to another participant of the "
                           "project."), "account_email")
    for field in EDITABLE_FIELDS:
        if field in data:
            value = data[field]
            if field == "languages" and not isinstance(value, str):
                value = ",".join(value)
            setattr(participant, field, value)
    return participant


def delete_on_request(participant: PilotParticipant, *, actor) -> PilotParticipant:
    """Remove the personal data; keep an anonymised row for the counts. Audited."""
    for field in PERSONAL_FIELDS:
        setattr(participant, field, EMPTY.get(field, ""))
    participant.anonymised_at = utcnow()
    record_audit(
        "pilots.participant.delete", actor=actor, target=f"pilot:{participant.project_id}",
        details=(f"participant #{participant.id}: personal data deleted on request; kept "
                 f"(anonymised): country of origin {participant.country_of_origin}, "
                 f"visa category {participant.visa_category}, role {participant.role}"),
    )
    db.session.flush()
    return participant


def current_participants(project: PilotProject) -> list[PilotParticipant]:
    return [p for p in project.participants if p.anonymised_at is None]


def anonymised_participants(project: PilotProject) -> list[PilotParticipant]:
    return [p for p in project.participants if p.anonymised_at is not None]


def records_of(user) -> list[PilotParticipant]:
    """The signed-in person's own participant records."""
    if not (user and user.is_authenticated):
        return []
    return list(db.session.scalars(
        select(PilotParticipant)
        .where(PilotParticipant.user_id == user.id, PilotParticipant.anonymised_at.is_(None))
        .options(selectinload(PilotParticipant.project))
        .order_by(PilotParticipant.id)))


def account_taken(project: PilotProject, user_id: int, *, except_id: int | None = None) -> bool:
    return any(p.user_id == user_id and p.id != except_id for p in project.participants)


CSV_COLUMNS = ("id", "name", "native_name", "country_of_origin", "city_in_korea",
               "years_in_korea", "visa_category", "occupation", "skills", "education",
               "languages", "role", "role_note", "consent_date", "consent_scope", "account",
               "status")


def safe_cell(value) -> str:
    """A CSV cell that spreadsheets will not run as a formula."""
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def participants_csv(project: PilotProject, *, actor) -> str:
    """Every participant of the project, personal data included (organisers). Audited."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for p in project.participants:
        removed = p.anonymised_at is not None
        writer.writerow([safe_cell(v) for v in (
            p.id, p.name, p.native_name, p.country_of_origin, p.city_in_korea,
            p.years_in_korea, p.visa_category, p.occupation, p.skills, p.education,
            ";".join(p.language_codes), p.role, p.role_note,
            p.consent_date.isoformat() if p.consent_date else "", p.consent_scope,
            p.user.email if p.user else "",
            "deleted on request" if removed else "current",
        )])
    record_audit("pilots.participants.export", actor=actor, target=f"pilot:{project.id}",
                 details=f"{len(project.participants)} participant rows")
    return "\ufeff" + out.getvalue()


def describe(participant: PilotParticipant) -> dict:
    """Readable values for templates."""
    return {
        "country": country_name(participant.country_of_origin),
        "languages": [language_name(c) for c in participant.language_codes],
        "role": label(ROLE_LABELS, participant.role),
    }
