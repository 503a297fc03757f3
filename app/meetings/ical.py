"""iCalendar (RFC 5545) files: one meeting with its sessions, and the feed of upcoming meetings.

Events carry the venue's zone (DTSTART;TZID=Asia/Seoul:…) with a VTIMEZONE built from the
IANA database, stable UIDs (from Meeting.uid), DTSTAMP, SEQUENCE and STATUS, so Google
Calendar, Outlook and Apple Calendar update an imported meeting instead of duplicating it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from icalendar import Calendar, Event

from app.meetings.display import full_title
from app.meetings.models import CANCELLED, CONFIRMED, HELD, Meeting, MeetingSession
from app.reference import country_name
from app.timeutil import utcnow

PRODID = "-//ASEAN-Korea Migration Network//AKMN Learn//EN"
UID_DOMAIN = "akmn-learn"
EVENT_STATUS = {CANCELLED: "CANCELLED", CONFIRMED: "CONFIRMED", HELD: "CONFIRMED"}


def meeting_uid(meeting: Meeting) -> str:
    return f"meeting-{meeting.uid}@{UID_DOMAIN}"


def session_uid(meeting: Meeting, session: MeetingSession) -> str:
    return f"meeting-{meeting.uid}-session-{session.id}@{UID_DOMAIN}"


def _aware(utc_naive: datetime, zone: str) -> datetime:
    return utc_naive.replace(tzinfo=UTC).astimezone(ZoneInfo(zone))


def _utc(naive: datetime) -> datetime:
    return naive.replace(tzinfo=UTC)


def location(meeting: Meeting, room: str = "") -> str:
    parts = [room] if room else []
    if meeting.has_venue:
        parts += [meeting.venue, meeting.city, country_name(meeting.country)]
    elif meeting.city:
        parts += [meeting.city, country_name(meeting.country)]
    text = ", ".join(p for p in parts if p)
    if meeting.is_online:
        text = f"{text} + {_('online')}" if text else _("Online")
    return text


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    return calendar


def _common(event: Event, meeting: Meeting, stamp: datetime) -> None:
    event.add("dtstamp", _utc(stamp))
    event.add("last-modified", _utc(meeting.updated_at))
    event.add("sequence", meeting.sequence)
    event.add("status", EVENT_STATUS.get(meeting.status, "TENTATIVE"))


def meeting_event(meeting: Meeting, *, url: str, join_url: str = "",
                  stamp: datetime | None = None) -> Event:
    stamp = stamp or utcnow()
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("summary", full_title(meeting))
    event.add("dtstart", _aware(meeting.starts_at, meeting.timezone))
    event.add("dtend", _aware(meeting.ends_at, meeting.timezone))
    event.add("created", _utc(meeting.created_at))
    _common(event, meeting, stamp)
    where = location(meeting)
    if where:
        event.add("location", where)
    lines = [meeting.objectives.strip()] if meeting.objectives.strip() else []
    if join_url:
        lines.append(_("Join online: %(url)s", url=join_url))
    lines.append(url)
    event.add("description", "\n\n".join(lines))
    event.add("url", url)
    return event


def session_event(meeting: Meeting, session: MeetingSession, *, url: str,
                  stamp: datetime | None = None) -> Event:
    stamp = stamp or utcnow()
    event = Event()
    event.add("uid", session_uid(meeting, session))
    event.add("summary", f"{session.title} ({full_title(meeting)})")
    event.add("dtstart", _aware(session.starts_at, meeting.timezone))
    event.add("dtend", _aware(session.ends_at, meeting.timezone))
    _common(event, meeting, stamp)
    event.add("related-to", meeting_uid(meeting), parameters={"RELTYPE": "PARENT"})
    if session.kind == "break":
        event.add("transp", "TRANSPARENT")
    where = location(meeting, session.room)
    if where:
        event.add("location", where)
    lines = []
    for label, people in ((_("Chair"), session.chairs), (_("Speakers"), session.speakers)):
        if people:
            lines.append(f"{label}: " + "; ".join(p.name for p in people))
    if session.description.strip():
        lines.append(session.description.strip())
    anchor = f"{url}#agenda-session-{session.id}"
    lines.append(anchor)
    event.add("description", "\n\n".join(lines))
    event.add("url", anchor)
    return event


def _finish(calendar: Calendar, meetings: list[Meeting]) -> bytes:
    if meetings:
        first = min(m.starts_at for m in meetings).date() - timedelta(days=366)
        last = max(m.ends_at for m in meetings).date() + timedelta(days=366)
        calendar.add_missing_timezones(first_date=first, last_date=last)
    return calendar.to_ical()


def meeting_calendar(meeting: Meeting, *, url: str, join_url: str = "",
                     stamp: datetime | None = None) -> bytes:
    """The meeting and each agenda session as VEVENTs, with the VTIMEZONE of the venue."""
    stamp = stamp or utcnow()
    calendar = _calendar(full_title(meeting))
    calendar.add_component(meeting_event(meeting, url=url, join_url=join_url, stamp=stamp))
    for session in meeting.sessions:
        calendar.add_component(session_event(meeting, session, url=url, stamp=stamp))
    return _finish(calendar, [meeting])


def feed_calendar(meetings: list[Meeting], *, url_of: Callable[[Meeting], str],
                  name: str, stamp: datetime | None = None) -> bytes:
    """The upcoming public meetings (without their sessions), for calendar subscriptions."""
    stamp = stamp or utcnow()
    calendar = _calendar(name)
    calendar.add("refresh-interval", timedelta(hours=12), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT12H")
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting, url=url_of(meeting), stamp=stamp))
    return _finish(calendar, meetings)
