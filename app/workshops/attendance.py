"""Attendance sessions, marking on a roster, QR check-in; every correction is logged."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, datetime, time

from flask_babel import gettext as _
from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import selectinload

from app import signals
from app.auth.audit import record_audit
from app.auth.models import User
from app.extensions import db
from app.timeutil import to_utc, utcnow
from app.workshops import checkin
from app.workshops.errors import CheckInFailed, WorkshopError
from app.workshops.models import (
    APPROVED,
    CANCELLED,
    MANUAL,
    QR,
    Attendance,
    AttendanceSession,
    Enrolment,
    Workshop,
)


def add_session(workshop: Workshop, *, title: str, day: date, start: time, end: time,
                actor: User) -> AttendanceSession:
    if end <= start:
        raise WorkshopError(_("The session must end after it starts."))
    session = AttendanceSession(
        workshop=workshop, title=title.strip(),
        starts_at=to_utc(datetime.combine(day, start), workshop.timezone),
        ends_at=to_utc(datetime.combine(day, end), workshop.timezone),
    )
    db.session.add(session)
    db.session.flush()
    record_audit("workshop.session_add", actor=actor, target=f"workshop:{workshop.id}",
                 details=f"{session.id} {session.title}")
    return session


def delete_session(session: AttendanceSession, *, actor: User) -> None:
    workshop = session.workshop
    marked = db.session.scalar(select(func.count()).select_from(Attendance).where(
        Attendance.session_id == session.id)) or 0
    record_audit("workshop.session_delete", actor=actor, target=f"workshop:{workshop.id}",
                 details=f"{session.id} {session.title} ({marked} attendance records)")
    db.session.delete(session)
    db.session.flush()
    from app.workshops.completion import refresh_completion

    refresh_completion(workshop)


@dataclass
class RosterLine:
    enrolment: Enrolment
    attendance: Attendance | None

    @property
    def present(self) -> bool:
        return bool(self.attendance and self.attendance.present)


def session_roster(session: AttendanceSession) -> list[RosterLine]:
    """Approved learners of the workshop with their attendance at `session` (two queries)."""
    approved = db.session.scalars(
        select(Enrolment).where(Enrolment.workshop_id == session.workshop_id,
                                Enrolment.status == APPROVED)
        .options(selectinload(Enrolment.user))
    ).all()
    marks = {a.user_id: a for a in db.session.scalars(
        select(Attendance).where(Attendance.session_id == session.id))}
    lines = [RosterLine(e, marks.get(e.user_id)) for e in approved]
    return sorted(lines, key=lambda line: (line.enrolment.user.name.lower(),
                                           line.enrolment.user_id))


def _log_line(present: bool, method: str, actor: User | None) -> str:
    state = "present" if present else "absent"
    who = f" by {actor.name} <{actor.email}>" if actor is not None else ""
    return f"{utcnow():%Y-%m-%d %H:%M} UTC: {state} ({method}){who}\n"


def _record(session: AttendanceSession, user_id: int, present: bool, method: str,
            actor: User | None, existing: Attendance | None) -> Attendance | None:
    """Create or change one record; returns it when something changed."""
    now = utcnow()
    if existing is None:
        existing = Attendance(session_id=session.id, user_id=user_id, present=present,
                              method=method, recorded_at=now,
                              recorded_by_id=actor.id if actor else None,
                              log=_log_line(present, method, actor))
        db.session.add(existing)
        return existing
    if existing.present == present:
        return None
    existing.present = present
    existing.method = method
    existing.corrected_at = now
    existing.corrected_by_id = actor.id if actor else None
    existing.log = (existing.log or "") + _log_line(present, method, actor)
    return existing


def mark_attendance(session: AttendanceSession, present_user_ids: set[int], *,
                    actor: User) -> int:
    """Set who was present among the approved learners; returns how many records changed.

    A change to an existing record is a correction: it is logged on the record and in the
    audit log.
    """
    lines = session_roster(session)
    changed_users = []
    for line in lines:
        user_id = line.enrolment.user_id
        present = user_id in present_user_ids
        if line.attendance is None and not present:
            # Unmarked and absent: record the absence so the roster is complete.
            _record(session, user_id, False, MANUAL, actor, None)
            continue
        was = line.attendance.present if line.attendance else None
        if _record(session, user_id, present, MANUAL, actor, line.attendance) is None:
            continue
        changed_users.append(user_id)
        if was is not None:
            record_audit("workshop.attendance_correct", actor=actor,
                         target=f"workshop:{session.workshop_id}",
                         details=f"session {session.id} ({session.title}): "
                                 f"{line.enrolment.user.email} "
                                 f"{'absent' if present else 'present'} -> "
                                 f"{'present' if present else 'absent'}")
    db.session.flush()
    if changed_users:
        signals.attendance_recorded.send(session.workshop, user_ids=changed_users)
    return len(changed_users)


def check_in_target(workshop: Workshop, token: str, user: User,
                    ) -> tuple[AttendanceSession, Attendance | None]:
    """The session a QR token names and the user's record there (reads only).

    CheckInFailed when the token is stale or forged, the session is gone, the workshop is
    cancelled or the user is not enrolled."""
    session_id = checkin.read_token(token, workshop.id)
    session = db.session.get(AttendanceSession, session_id)
    if session is None or session.workshop_id != workshop.id:
        raise CheckInFailed(_("This check-in code belongs to a session that no longer "
                              "exists."))
    if workshop.status == CANCELLED:
        raise CheckInFailed(_("This workshop is cancelled."))
    enrolment = db.session.scalar(select(Enrolment).where(
        Enrolment.workshop_id == workshop.id, Enrolment.user_id == user.id))
    if enrolment is None or enrolment.status != APPROVED:
        raise CheckInFailed(_("You are not enrolled in this workshop, so you cannot check "
                              "in. Speak to the organisers."))
    existing = db.session.scalar(select(Attendance).where(
        Attendance.session_id == session.id, Attendance.user_id == user.id))
    return session, existing


def check_in(workshop: Workshop, token: str, user: User) -> tuple[AttendanceSession, bool]:
    """Record the user present at the session a QR token names.

    Returns the session and whether the user was already marked present.
    """
    session, existing = check_in_target(workshop, token, user)
    if existing is not None and existing.present:
        return session, True
    _record(session, user.id, True, QR, user, existing)
    db.session.flush()
    signals.attendance_recorded.send(workshop, user_ids=[user.id])
    return session, False


@functools.cache
def _attendance_counts_statement(some: bool):
    """Sessions attended per user in :workshop_id (`some`: of the users :user_ids)."""
    query = (select(Attendance.user_id, func.count())
             .join(AttendanceSession, AttendanceSession.id == Attendance.session_id)
             .where(AttendanceSession.workshop_id == bindparam("workshop_id"),
                    Attendance.present)
             .group_by(Attendance.user_id))
    if some:
        query = query.where(Attendance.user_id.in_(bindparam("user_ids", expanding=True)))
    return query


def attendance_counts(workshop: Workshop, user_ids: list[int] | None = None) -> dict[int, int]:
    """Sessions attended per user (one query)."""
    params = {"workshop_id": workshop.id}
    if user_ids is not None:
        params["user_ids"] = list(user_ids)
    return dict(db.session.execute(_attendance_counts_statement(user_ids is not None),
                                   params).all())


@functools.cache
def _session_count_statement():
    return select(func.count()).select_from(AttendanceSession).where(
        AttendanceSession.workshop_id == bindparam("workshop_id"))


def session_count(workshop: Workshop) -> int:
    return db.session.scalar(_session_count_statement(), {"workshop_id": workshop.id}) or 0


def present_counts(workshop: Workshop) -> dict[int, int]:
    """Learners present per session (one query)."""
    return dict(db.session.execute(
        select(Attendance.session_id, func.count())
        .join(AttendanceSession, AttendanceSession.id == Attendance.session_id)
        .where(AttendanceSession.workshop_id == workshop.id, Attendance.present)
        .group_by(Attendance.session_id)).all())
