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
    to_add, result.already, errors = check_roster_rows(workshop, parsed.rows)
    result.errors.extend(errors)
    result.errors.sort(key=lambda e: e.line)
    if result.errors:
        result.already = []
        return result
    added = write_roster_rows(workshop, to_add, actor=actor)
    result.created = [enrolment.user for enrolment, created in added if created]
    result.added = [enrolment for enrolment, _created in added]
    record_roster_audit(workshop, actor=actor, added=len(result.added),
                        created=len(result.created), already=len(result.already))
    return result


def check_roster_rows(workshop: Workshop, rows: list[dict]
                      ) -> tuple[list[tuple], list[Enrolment], list[accounts.RowError]]:
    """What enrolling the officials of these parsed rows takes (``(row, user or None,
    enrolment or None)`` each), who is enrolled already, and the problems by line. Call with
    the workshop locked (``lock_workshop``): seats are counted now."""
    errors: list[accounts.RowError] = []
    already: list[Enrolment] = []
    if workshop.status in (FINISHED, CANCELLED):
        errors.append(accounts.RowError(1, _("the workshop is %(s)s", s=workshop.status)))
    emails = [row["email"] for row in rows]
    users = {u.email: u for u in db.session.scalars(select(User).where(User.email.in_(emails)))}
    current = {e.user_id: e for e in db.session.scalars(select(Enrolment).where(
        Enrolment.workshop_id == workshop.id,
        Enrolment.user_id.in_([u.id for u in users.values()])))}
    left = seats_left(workshop)
    to_add = []
    for row in rows:
        user = users.get(row["email"])
        if user is None and row["roles"] - {LEARNER}:
            errors.append(accounts.RowError(row["line"], _(
                "a workshop roster creates learner accounts only (roles: %(r)s)",
                r=", ".join(sorted(row["roles"])))))
            continue
        if user is not None and not user.active:
            errors.append(accounts.RowError(row["line"], _(
                "the account of %(e)s is deactivated", e=row["email"])))
            continue
        enrolment = current.get(user.id) if user is not None else None
        if enrolment is not None and enrolment.status == APPROVED:
            already.append(enrolment)
            continue
        if left is not None and len(to_add) >= left:
            errors.append(accounts.RowError(row["line"], _(
                "no seat left for %(e)s (capacity %(n)d)", e=row["email"],
                n=workshop.capacity)))
            continue
        to_add.append((row, user, enrolment))
    return to_add, already, errors


def write_roster_rows(workshop: Workshop, to_add: list[tuple], *, actor: User | None
                      ) -> list[tuple[Enrolment, bool]]:
    """Enrol what :func:`check_roster_rows` planned (new accounts get an invitation);
    returns ``(enrolment, account created)`` for each row."""
    added = []
    for row, user, enrolment in to_add:
        created = user is None
        if created:
            data = {k: v for k, v in row.items() if k not in {"line", "roles", "email", "name"}}
            user = accounts.create_user(email=row["email"], name=row["name"],
                                        roles={LEARNER}, actor=actor, **data)
        if enrolment is None:
            enrolment = Enrolment(workshop=workshop, user=user, status=APPROVED)
            db.session.add(enrolment)
        _set_status(enrolment, APPROVED, actor=actor)
        added.append((enrolment, created))
    db.session.flush()
    for enrolment, created in added:
        notify.added_to_roster(enrolment, account_link=invitation_link(enrolment.user)
                               if created else None)
    return added


def record_roster_audit(workshop: Workshop, *, actor: User | None, added: int, created: int,
                        already: int) -> None:
    record_audit("workshop.roster_import", actor=actor, target=f"workshop:{workshop.id}",
                 details=f"{added} added, {created} new accounts, {already} already enrolled")
