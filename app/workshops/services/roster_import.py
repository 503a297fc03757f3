"""Roster import: enrol every official of a users CSV, all rows or none."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select

from app.auth import services as accounts
from app.auth.audit import record_audit
from app.auth.models import LEARNER, User
from app.extensions import db
from app.workshops import notify
from app.workshops.models import (
    APPROVED,
    CANCELLED,
    FINISHED,
    Enrolment,
    Workshop,
)
from app.workshops.services.enrolment import _set_status, invitation_link, lock_workshop
from app.workshops.services.reading import seats_left


@dataclass
class RosterImport:
    errors: list[accounts.RowError] = field(default_factory=list)
    added: list[Enrolment] = field(default_factory=list)
    already: list[Enrolment] = field(default_factory=list)
    created: list[User] = field(default_factory=list)


def import_roster(workshop: Workshop, text: str, *, actor: User | None) -> RosterImport:
    """Enrol every official of a users CSV (the user-import format), creating the accounts
    that do not exist (with an e-mailed invitation). Every bad row is reported by line and
    then nothing is added."""
    result = RosterImport()
    parsed = accounts.parse_user_csv(text, require_new=False)
    result.errors = list(parsed.errors)
    workshop = lock_workshop(workshop)
    if workshop.status in (FINISHED, CANCELLED):
        result.errors.insert(0, accounts.RowError(1, _("the workshop is %(s)s",
                                                       s=workshop.status)))
    emails = [row["email"] for row in parsed.rows]
    users = {u.email: u for u in db.session.scalars(select(User).where(User.email.in_(emails)))}
    current = {e.user_id: e for e in db.session.scalars(select(Enrolment).where(
        Enrolment.workshop_id == workshop.id,
        Enrolment.user_id.in_([u.id for u in users.values()])))}
    left = seats_left(workshop)
    to_add = []
    for row in parsed.rows:
        user = users.get(row["email"])
        if user is None and row["roles"] - {LEARNER}:
            result.errors.append(accounts.RowError(row["line"], _(
                "a workshop roster creates learner accounts only (roles: %(r)s)",
                r=", ".join(sorted(row["roles"])))))
            continue
        if user is not None and not user.active:
            result.errors.append(accounts.RowError(row["line"], _(
                "the account of %(e)s is deactivated", e=row["email"])))
            continue
        enrolment = current.get(user.id) if user is not None else None
        if enrolment is not None and enrolment.status == APPROVED:
            result.already.append(enrolment)
            continue
        if left is not None and len(to_add) >= left:
            result.errors.append(accounts.RowError(row["line"], _(
                "no seat left for %(e)s (capacity %(n)d)", e=row["email"],
                n=workshop.capacity)))
            continue
        to_add.append((row, user, enrolment))
    result.errors.sort(key=lambda e: e.line)
    if result.errors:
        result.already = []
        return result
    for row, user, enrolment in to_add:
        created = user is None
        if created:
            data = {k: v for k, v in row.items() if k not in {"line", "roles", "email", "name"}}
            user = accounts.create_user(email=row["email"], name=row["name"],
                                        roles={LEARNER}, actor=actor, **data)
            result.created.append(user)
        if enrolment is None:
            enrolment = Enrolment(workshop=workshop, user=user, status=APPROVED)
            db.session.add(enrolment)
        _set_status(enrolment, APPROVED, actor=actor)
        result.added.append((enrolment, created))
    db.session.flush()
    record_audit("workshop.roster_import", actor=actor, target=f"workshop:{workshop.id}",
                 details=f"{len(result.added)} added, {len(result.created)} new accounts, "
                         f"{len(result.already)} already enrolled")
    for enrolment, created in result.added:
        notify.added_to_roster(enrolment, account_link=invitation_link(enrolment.user)
                               if created else None)
    result.added = [enrolment for enrolment, _created in result.added]
    return result
