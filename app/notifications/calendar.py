"""The personal calendar feed: a user's workshop sessions, the close dates of the quizzes of
their workshops' courses and the meetings they said they attend, as one iCalendar file.

Events carry the venue's zone (the workshop's or the meeting's) with its VTIMEZONE, and
stable UIDs, as the meetings export does (app.meetings.ical, whose meeting events are reused
as they are), so Google Calendar, Outlook and Apple Calendar update them in place.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask_babel import gettext as _
from icalendar import Calendar, Event
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from app.auth.models import User
from app.extensions import db
from app.meetings.ical import PRODID, UID_DOMAIN, meeting_event
from app.meetings.models import RSVP_MAYBE, RSVP_YES, Meeting, MeetingParticipant
from app.notifications.links import absolute, path_for
from app.quizzes.models import Quiz
from app.timeutil import to_zone, utcnow
from app.workshops.models import (
    APPROVED,
    CANCELLED,
    DRAFT,
    AttendanceSession,
    Enrolment,
    Workshop,
    WorkshopCourse,
    WorkshopStaff,
)

HISTORY = timedelta(days=180)  # how far back the feed goes


def _utc(naive: datetime) -> datetime:
    return naive.replace(tzinfo=UTC)


def _workshops(user: User) -> tuple[list[Workshop], set[int]]:
    """Workshops the user learns in (approved) or staffs, and the ids of those they learn in."""
    learning = select(Enrolment.workshop_id).where(Enrolment.user_id == user.id,
                                                    Enrolment.status == APPROVED)
    staffing = select(WorkshopStaff.workshop_id).where(WorkshopStaff.user_id == user.id)
    workshops = list(db.session.scalars(
        select(Workshop).where(or_(Workshop.id.in_(learning), Workshop.id.in_(staffing)),
                               Workshop.status.not_in((DRAFT, CANCELLED)))
        .options(selectinload(Workshop.sessions)).order_by(Workshop.start_date, Workshop.id)))
    return workshops, set(db.session.scalars(learning))


def _session_event(workshop: Workshop, session: AttendanceSession, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", f"workshop-{workshop.id}-session-{session.id}@{UID_DOMAIN}")
    event.add("summary", f"{session.title} ({workshop.title})")
    event.add("dtstart", to_zone(session.starts_at, workshop.timezone))
    event.add("dtend", to_zone(session.ends_at, workshop.timezone))
    event.add("dtstamp", _utc(stamp))
    event.add("created", _utc(session.created_at))
    event.add("last-modified", _utc(workshop.updated_at))
    event.add("status", "CONFIRMED")
    where = ", ".join(p for p in (workshop.venue, workshop.city) if p)
    if where:
        event.add("location", where)
    url = absolute(path_for("workshops.detail", workshop_id=workshop.id))
    event.add("description", url)
    event.add("url", url)
    return event


def _quiz_event(quiz: Quiz, zone: str, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", f"quiz-{quiz.id}-closes@{UID_DOMAIN}")
    event.add("summary", _("Quiz closes: %(title)s", title=quiz.title))
    event.add("dtstart", to_zone(quiz.closes_at, zone))  # no end: a moment (RFC 5545 3.6.1)
    event.add("dtstamp", _utc(stamp))
    event.add("last-modified", _utc(quiz.updated_at))
    event.add("transp", "TRANSPARENT")
    url = absolute(path_for("quizzes.view", quiz_id=quiz.id))
    event.add("description", url)
    event.add("url", url)
    return event


def feed(user: User, *, stamp: datetime | None = None) -> bytes:
    """The user's calendar (a constant number of queries)."""
    stamp = stamp or utcnow()
    since = stamp - HISTORY
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _("AKMN Learn: %(name)s", name=user.name))
    calendar.add("refresh-interval", timedelta(hours=6), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT6H")
    moments: list[datetime] = []

    workshops, learning = _workshops(user)
    for workshop in workshops:
        for session in workshop.sessions:
            if session.ends_at >= since:
                calendar.add_component(_session_event(workshop, session, stamp))
                moments += [session.starts_at, session.ends_at]

    zone_of_course: dict[int, str] = {}
    if learning:
        for course_id, zone in db.session.execute(
                select(WorkshopCourse.course_id, Workshop.timezone)
                .join(Workshop, Workshop.id == WorkshopCourse.workshop_id)
                .where(WorkshopCourse.workshop_id.in_(learning))
                .order_by(Workshop.start_date)):
            zone_of_course.setdefault(course_id, zone)
    if zone_of_course:
        for quiz in db.session.scalars(
                select(Quiz).where(Quiz.course_id.in_(list(zone_of_course)),
                                   Quiz.closes_at.is_not(None), Quiz.closes_at >= since)
                .order_by(Quiz.closes_at, Quiz.id)):
            calendar.add_component(_quiz_event(quiz, zone_of_course[quiz.course_id], stamp))
            moments.append(quiz.closes_at)

    meetings = list(db.session.scalars(
        select(Meeting).join(MeetingParticipant, MeetingParticipant.meeting_id == Meeting.id)
        .where(MeetingParticipant.user_id == user.id,
               MeetingParticipant.rsvp.in_((RSVP_YES, RSVP_MAYBE)), Meeting.ends_at >= since)
        .order_by(Meeting.starts_at, Meeting.id)))
    for meeting in meetings:
        url = absolute(path_for("meetings.detail", meeting_id=meeting.id))
        calendar.add_component(meeting_event(meeting, url=url, stamp=stamp))
        moments += [meeting.starts_at, meeting.ends_at]

    if moments:
        calendar.add_missing_timezones(first_date=min(moments).date() - timedelta(days=366),
                                       last_date=max(moments).date() + timedelta(days=366))
    return calendar.to_ical()
