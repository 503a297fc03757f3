"""Periodic work of the workshops: reminding the cohort the day before a session starts."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app import jobs
from app.extensions import db
from app.i18n import locale_for
from app.timeutil import to_zone, utcnow
from app.workshops.models import CANCELLED, FINISHED, AttendanceSession, Workshop


def reminder_when(session: AttendanceSession, language: str, zone: str) -> str:
    """The session's start in a learner's language and time zone, the zone named."""
    try:
        tz = ZoneInfo(zone)
    except (KeyError, ValueError):
        zone, tz = "UTC", ZoneInfo("UTC")
    start = to_zone(session.starts_at, zone)
    return f"{format_datetime(start, 'medium', tzinfo=tz, locale=locale_for(language))} " \
           f"({zone})"


def sessions_to_remind(now=None) -> list[AttendanceSession]:
    """Sessions starting within the next REMINDER_HOURS (24) of workshops still on."""
    now = now or utcnow()
    ahead = timedelta(hours=float(current_app.config.get("REMINDER_HOURS", 24)))
    return list(db.session.scalars(
        select(AttendanceSession).join(Workshop)
        .where(AttendanceSession.starts_at > now, AttendanceSession.starts_at <= now + ahead,
               Workshop.status.not_in((CANCELLED, FINISHED)))
        .options(selectinload(AttendanceSession.workshop))
        .order_by(AttendanceSession.starts_at)))


@jobs.periodic(minutes=15)
def remind_sessions() -> int:
    """Tell each approved learner, the day before, that a session of their workshop starts:
    a notification (and its e-mail copy per their preference) in their language with the
    time in their zone. Once per session and start time: the notification row is the record
    (a re-run, or a second worker, sends nothing twice; a session moved to another time is
    reminded again). Returns how many reminders were created."""
    from app.notifications import queries, services
    from app.notifications.links import path_for

    sent = 0
    for session in sessions_to_remind():
        workshop = session.workshop
        groups: dict[tuple[str, str], list] = defaultdict(list)
        for learner in queries.cohort(workshop.id):
            groups[(learner.language or "en", learner.timezone or "UTC")].append(learner)
        url = path_for("workshops.detail", workshop_id=workshop.id)
        event = f"reminder:{session.starts_at:%Y%m%dT%H%M}"
        for (language, zone), learners in groups.items():
            sent += len(services.notify(
                learners, "session_reminder", subject=f"session:{session.id}", event=event,
                data={"title": workshop.title, "session": session.title,
                      "when": reminder_when(session, language, zone)}, url=url))
    return sent
