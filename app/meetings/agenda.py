"""The agenda of a meeting: days, sessions, their chairs and speakers. No request, no commit.

When experts of the directory are added to or removed from the agenda (a person, or a
session or day with its people), `signals.expert_contribution_changed` is sent with the
meeting as sender, after the flush.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from app import signals
from app.auth.models import User
from app.experts.models import Expert
from app.extensions import db
from app.meetings.models import Meeting, MeetingDay, MeetingSession, SessionPerson
from app.meetings.participation import ensure_expert_participant
from app.meetings.services import MeetingError, experts_in, meeting_dates, revise
from app.timeutil import to_utc, to_zone


def _agenda_changed(meeting: Meeting) -> None:
    """Calendars re-read the sessions of an imported meeting when its SEQUENCE rises."""
    meeting.sequence += 1


def _contributions_changed(meeting: Meeting, expert_ids: list[int]) -> None:
    if expert_ids:
        signals.expert_contribution_changed.send(meeting, expert_ids=expert_ids)


def _check_day(meeting: Meeting, day_date: date, day: MeetingDay | None) -> None:
    first, last = meeting_dates(meeting)
    if not first <= day_date <= last:
        raise MeetingError(_("The day must fall within the meeting (%(first)s to %(last)s).",
                             first=first.isoformat(), last=last.isoformat()), "date")
    clash = db.session.scalar(select(MeetingDay.id).where(
        MeetingDay.meeting_id == meeting.id, MeetingDay.date == day_date))
    if clash is not None and (day is None or clash != day.id):
        raise MeetingError(_("The agenda already has this day."), "date")


def add_day(meeting: Meeting, *, day_date: date, title: str = "") -> MeetingDay:
    _check_day(meeting, day_date, None)
    day = MeetingDay(meeting=meeting, date=day_date, title=title.strip())
    db.session.add(day)
    revise(meeting)
    db.session.flush()
    return day


def update_day(day: MeetingDay, *, day_date: date, title: str = "") -> MeetingDay:
    _check_day(day.meeting, day_date, day)
    shift = day_date - day.date
    if shift:
        # The sessions move with their day and keep their hours at the venue.
        zone = day.meeting.timezone
        for session in day.sessions:
            for name in ("starts_at", "ends_at"):
                local = to_zone(getattr(session, name), zone).replace(tzinfo=None) + shift
                setattr(session, name, to_utc(local, zone))
        _agenda_changed(day.meeting)
    day.date = day_date
    day.title = title.strip()
    revise(day.meeting)
    db.session.flush()
    return day


def delete_day(day: MeetingDay) -> None:
    meeting, expert_ids = day.meeting, experts_in(day.sessions)
    if day.sessions:
        _agenda_changed(meeting)
    revise(meeting)
    db.session.delete(day)
    db.session.flush()
    _contributions_changed(meeting, expert_ids)


def next_day_date(meeting: Meeting) -> date:
    """A sensible date for a new agenda day: the first meeting day not in the agenda yet."""
    first, last = meeting_dates(meeting)
    taken = {day.date for day in meeting.days}
    current = first
    while current <= last:
        if current not in taken:
            return current
        current += timedelta(days=1)
    return first


def save_session(meeting: Meeting, session: MeetingSession | None, *, day: MeetingDay,
                 start: time, end: time, title: str, kind: str, room: str = "",
                 description: str = "") -> MeetingSession:
    if day.meeting_id != meeting.id:
        raise MeetingError(_("Choose a day of this meeting."), "day")
    if end <= start:
        raise MeetingError(_("The session must end after it starts."), "end")
    if session is None:
        session = MeetingSession(meeting=meeting)
        db.session.add(session)
    session.day = day
    session.starts_at = to_utc(datetime.combine(day.date, start), meeting.timezone)
    session.ends_at = to_utc(datetime.combine(day.date, end), meeting.timezone)
    session.title = title.strip()
    session.kind = kind
    session.room = room.strip()
    session.description = description.strip()
    _agenda_changed(meeting)
    revise(meeting)
    db.session.flush()
    return session


def delete_session(session: MeetingSession) -> None:
    meeting, expert_ids = session.meeting, experts_in([session])
    _agenda_changed(meeting)
    revise(meeting)
    db.session.delete(session)
    db.session.flush()
    _contributions_changed(meeting, expert_ids)


def add_session_person(session: MeetingSession, *, role: str, expert: Expert | None = None,
                       guest_name: str = "", guest_affiliation: str = "",
                       actor: User | None = None) -> SessionPerson:
    guest_name = guest_name.strip()
    if (expert is None) == (not guest_name):
        raise MeetingError(_("Choose an expert from the directory or type a guest's name, "
                             "not both."), "expert")
    if expert is not None and any(p.expert_id == expert.id and p.role == role
                                  for p in session.people):
        raise MeetingError(_("This expert is already listed in this role."), "expert")
    position = max((p.position for p in session.people), default=-1) + 1
    person = SessionPerson(session=session, role=role, expert=expert, guest_name=guest_name,
                           guest_affiliation=guest_affiliation.strip() if not expert else "",
                           position=position)
    db.session.add(person)
    revise(session.meeting)
    if expert is not None:
        # Speakers and chairs from the directory are participants of the meeting.
        ensure_expert_participant(session.meeting, expert, actor=actor)
    db.session.flush()
    _contributions_changed(session.meeting, [expert.id] if expert is not None else [])
    return person


def remove_session_person(person: SessionPerson) -> None:
    meeting, expert_id = person.session.meeting, person.expert_id
    revise(meeting)
    db.session.delete(person)
    db.session.flush()
    _contributions_changed(meeting, [expert_id] if expert_id else [])


def move_session_person(person: SessionPerson, offset: int) -> None:
    """Move a person up (-1) or down (+1) in the session's order."""
    people = sorted(person.session.people, key=lambda p: (p.position, p.id))
    index = people.index(person)
    other = index + offset
    if 0 <= other < len(people):
        people[index], people[other] = people[other], people[index]
    for position, item in enumerate(people):
        item.position = position
    revise(person.session.meeting)
    db.session.flush()


def expert_choices() -> list[tuple[int, str]]:
    experts = db.session.scalars(
        select(Expert).where(~Expert.archived).order_by(Expert.name, Expert.id))
    return [(e.id, " · ".join(p for p in (e.display_name, e.organisation) if p))
            for e in experts]


@dataclass
class Speaker:
    name: str
    affiliation: str
    expert: Expert | None
    roles: list[tuple[str, MeetingSession]]


def speakers_of(meeting: Meeting) -> list[Speaker]:
    """Everyone who chairs or speaks, once each, with their sessions (agenda loaded)."""
    found: dict[tuple, Speaker] = {}
    for session in meeting.sessions:
        for person in session.people:
            key = ("e", person.expert_id) if person.expert_id else ("g", person.guest_name)
            speaker = found.setdefault(key, Speaker(person.name, person.affiliation,
                                                    person.expert, []))
            speaker.roles.append((person.role, session))
    return sorted(found.values(), key=lambda s: (s.expert.name if s.expert else s.name).casefold())
