"""Meetings, their agenda, documents and outcomes. Plain functions: no request, no commit."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import bindparam, func, select
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import joinedload, lazyload, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from app import signals
from app.auth.audit import record_audit
from app.auth.models import User
from app.extensions import db
from app.files.services import store_upload
from app.meetings import permissions
from app.meetings.models import (
    PUBLIC,
    Meeting,
    MeetingDay,
    MeetingDocument,
    MeetingOrganiser,
    MeetingSession,
    SessionPerson,
)
from app.timeutil import to_utc, to_zone, utcnow

PAST_PAGE_SIZE = 20
MAX_AUTO_DAYS = 14
MEETING_FIELDS = ("title", "series_number", "objectives", "description", "timezone", "mode",
                  "venue", "city", "country", "join_url", "status", "visibility")
# Changes that calendars must pick up (iCalendar SEQUENCE).
SCHEDULE_FIELDS = ("starts_at", "ends_at", "timezone", "mode", "venue", "city", "country",
                   "status")


class MeetingError(Exception):
    """A change that cannot be made; `field` names the form field it belongs to."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


# --- the schedule ----------------------------------------------------------------------

def visible_meetings(viewer):
    """A select of the meetings `viewer` may see (see permissions.can_see_meeting)."""
    return meetings_visible_when(signed_in=viewer is not None and viewer.is_authenticated)


def meetings_visible_when(*, signed_in: bool):
    """visible_meetings of a viewer signed in or not (what the visibility depends on)."""
    query = select(Meeting)
    if not signed_in:
        query = query.where(Meeting.visibility == PUBLIC)
    return query


@dataclass
class Schedule:
    upcoming: list[Meeting]
    past: object  # a Flask-SQLAlchemy Pagination of past meetings
    years: list[int] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)


def schedule(viewer, *, year: int | None = None, country: str = "", page: int = 1,
             now: datetime | None = None) -> Schedule:
    now = now or utcnow()
    base = visible_meetings(viewer)
    facets = db.session.execute(
        base.with_only_columns(Meeting.starts_on, Meeting.country)).all()
    years = sorted({row.starts_on.year for row in facets}, reverse=True)
    countries = sorted({row.country for row in facets if row.country})
    query = base
    if year:
        query = query.where(Meeting.starts_on >= date(year, 1, 1),
                            Meeting.starts_on <= date(year, 12, 31))
    if country:
        query = query.where(Meeting.country == country)
    upcoming = list(db.session.scalars(
        query.where(Meeting.ends_at >= now).order_by(Meeting.starts_at, Meeting.id)))
    past = db.paginate(
        query.where(Meeting.ends_at < now).order_by(Meeting.starts_at.desc(), Meeting.id.desc()),
        page=page, per_page=PAST_PAGE_SIZE, error_out=False)
    return Schedule(upcoming, past, years, countries)


def upcoming_public_meetings(now: datetime | None = None) -> list[Meeting]:
    now = now or utcnow()
    return list(db.session.scalars(
        select(Meeting).where(Meeting.visibility == PUBLIC, Meeting.ends_at >= now)
        .order_by(Meeting.starts_at, Meeting.id)))


def meeting_choices() -> list[tuple[int, str]]:
    """(id, label) of every meeting, newest first: for other domains' "planned by" selects."""
    from app.meetings.display import full_title

    meetings = db.session.scalars(select(Meeting).order_by(Meeting.starts_at.desc()))
    return [(m.id, f"{full_title(m)} ({m.starts_on.isoformat()})") for m in meetings]


def load_meeting(meeting_id: int, *, agenda: bool = True) -> Meeting | None:
    """The meeting with its organisers (one query) and, with `agenda`, its agenda, people
    and documents (load_agenda)."""
    meeting = db.session.scalars(_meeting_statement(),
                                 {"meeting_id": meeting_id}).unique().first()
    if meeting is not None and agenda:
        load_agenda(meeting)
    return meeting


@functools.cache
def _meeting_statement():
    """Built once (every meeting page runs it); the id is bound."""
    return select(Meeting).where(Meeting.id == bindparam("meeting_id")).options(
        # The organisers' roles are not shown: no User.role_rows (lazy="selectin") query.
        joinedload(Meeting.organiser_links).joinedload(MeetingOrganiser.user)
        .lazyload(User.role_rows))


def load_agenda(meeting: Meeting) -> Meeting:
    """Load the days, sessions with their people and documents with their files of a loaded
    meeting (five queries; nothing when they are loaded already).

    The sessions are loaded once, for the meeting, and handed to their days; the documents
    once, and handed to their sessions (not a second time through days → sessions)."""
    if "sessions" not in sa_inspect(meeting).unloaded:
        return meeting
    db.session.scalars(
        select(Meeting).where(Meeting.id == meeting.id).options(
            lazyload(Meeting.organiser_links),
            selectinload(Meeting.days),
            selectinload(Meeting.sessions).selectinload(MeetingSession.people)
            .selectinload(SessionPerson.expert),
            selectinload(Meeting.documents).selectinload(MeetingDocument.file),
        )
    ).first()
    by_day: dict[int, list[MeetingSession]] = {day.id: [] for day in meeting.days}
    for session in meeting.sessions:  # in the order of MeetingDay.sessions
        by_day.setdefault(session.day_id, []).append(session)
    for day in meeting.days:
        set_committed_value(day, "sessions", by_day[day.id])
    by_session: dict[int, list[MeetingDocument]] = {s.id: [] for s in meeting.sessions}
    for document in meeting.documents:  # by id, as MeetingSession.documents
        if document.session_id in by_session:
            by_session[document.session_id].append(document)
    for session in meeting.sessions:
        set_committed_value(session, "documents", by_session[session.id])
    return meeting


def revise(meeting: Meeting) -> None:
    """Something the meeting page shows changed: its cached agenda fragment is stale."""
    meeting.revision = (meeting.revision or 0) + 1


# --- meetings --------------------------------------------------------------------------

def parse_emails(text: str) -> list[str]:
    parts = (p.strip().lower() for p in text.replace(";", ",").replace("\n", ",").split(","))
    seen: list[str] = []
    for part in parts:
        if part and part not in seen:
            seen.append(part)
    return seen


def find_accounts(text: str) -> tuple[list[User], list[str]]:
    """Active accounts for a list of e-mail addresses, and the addresses not found."""
    emails = parse_emails(text)
    if not emails:
        return [], []
    users = {u.email.lower(): u for u in db.session.scalars(
        select(User).where(func.lower(User.email).in_(emails), User.active))}
    return [users[e] for e in emails if e in users], [e for e in emails if e not in users]


def _apply(meeting: Meeting, data: dict) -> None:
    zone = data.get("timezone") or meeting.timezone
    starts_at = to_utc(data["starts_local"], zone)
    ends_at = to_utc(data["ends_local"], zone)
    if ends_at <= starts_at:
        raise MeetingError(_("The meeting must end after it starts."), "ends_local")
    for name in MEETING_FIELDS:
        if name in data:
            value = data[name].strip() if isinstance(data[name], str) else data[name]
            setattr(meeting, name, value if value is not None or name == "series_number" else "")
    if not meeting.is_online:
        meeting.join_url = ""
    if not meeting.has_venue:
        meeting.venue = ""
    meeting.starts_at, meeting.ends_at = starts_at, ends_at
    meeting.starts_on = data["starts_local"].date()


def _set_organisers(meeting: Meeting, organisers: list[User]) -> None:
    wanted = {u.id for u in organisers}
    meeting.organiser_links = [link for link in meeting.organiser_links
                               if link.user_id in wanted]
    have = {link.user_id for link in meeting.organiser_links}
    for user in organisers:
        if user.id not in have:
            meeting.organiser_links.append(MeetingOrganiser(user=user))
            have.add(user.id)


def create_meeting(data: dict, *, organisers: list[User], actor: User | None) -> Meeting:
    meeting = Meeting(created_by_id=getattr(actor, "id", None))
    _apply(meeting, data)
    _set_organisers(meeting, organisers)
    db.session.add(meeting)
    db.session.flush()
    # The agenda starts with a day for each date of the meeting (at most two weeks).
    first, last = meeting_dates(meeting)
    for offset in range(min((last - first).days + 1, MAX_AUTO_DAYS)):
        db.session.add(MeetingDay(meeting=meeting, date=first + timedelta(days=offset)))
    db.session.flush()
    record_audit("meeting.create", actor=actor, target=f"meeting:{meeting.id}",
                 details=meeting.title)
    return meeting


def update_meeting(meeting: Meeting, data: dict, *, organisers: list[User],
                   actor: User | None) -> Meeting:
    before = {name: getattr(meeting, name) for name in SCHEDULE_FIELDS}
    old_zone = meeting.timezone
    _apply(meeting, data)
    if meeting.timezone != old_zone:
        # Agenda times are wall-clock times at the venue: keep them when the zone changes.
        for session in meeting.sessions:
            session.starts_at = to_utc(to_zone(session.starts_at, old_zone).replace(tzinfo=None),
                                       meeting.timezone)
            session.ends_at = to_utc(to_zone(session.ends_at, old_zone).replace(tzinfo=None),
                                     meeting.timezone)
    _set_organisers(meeting, organisers)
    if any(getattr(meeting, name) != value for name, value in before.items()):
        meeting.sequence += 1
    revise(meeting)
    db.session.flush()
    return meeting


def delete_meeting(meeting: Meeting, *, actor: User | None) -> None:
    """Deletes the meeting with its agenda; the experts who spoke or chaired lose that
    contribution (`signals.expert_contribution_changed`, sender: the deleted meeting)."""
    files = [doc.file for doc in meeting.documents]
    expert_ids = experts_in(meeting.sessions)
    record_audit("meeting.delete", actor=actor, target=f"meeting:{meeting.id}",
                 details=meeting.title)
    db.session.delete(meeting)
    db.session.flush()
    for stored in files:
        db.session.delete(stored)
    db.session.flush()
    if expert_ids:
        signals.expert_contribution_changed.send(meeting, expert_ids=expert_ids)


def record_outcomes(meeting: Meeting, *, minutes: str, recommendations: str) -> None:
    meeting.minutes = minutes.strip()
    meeting.recommendations = recommendations.strip()
    revise(meeting)
    db.session.flush()


def experts_in(sessions) -> list[int]:
    """The directory experts listed in these sessions, once each."""
    return sorted({p.expert_id for session in sessions for p in session.people if p.expert_id})


def meeting_dates(meeting: Meeting) -> tuple[date, date]:
    """First and last day at the venue."""
    return (to_zone(meeting.starts_at, meeting.timezone).date(),
            to_zone(meeting.ends_at, meeting.timezone).date())


# --- documents -------------------------------------------------------------------------

def add_document(meeting: Meeting, upload, *, title: str, kind: str, visibility: str,
                 session: MeetingSession | None = None, actor: User | None = None
                 ) -> MeetingDocument:
    """Store an upload (same rules as course attachments) as a meeting document.

    Raises app.files.services.UploadRejected.
    """
    stored = store_upload(upload, kinds={"document", "image"}, uploaded_by=actor)
    document = MeetingDocument(meeting=meeting, session=session, file=stored, kind=kind,
                               title=title.strip() or stored.original_name,
                               visibility=visibility, uploaded_by_id=getattr(actor, "id", None))
    db.session.add(document)
    revise(meeting)
    db.session.flush()
    return document


def update_document(document: MeetingDocument, *, title: str, kind: str, visibility: str,
                    session: MeetingSession | None, upload=None,
                    actor: User | None = None) -> MeetingDocument:
    if upload is not None:
        old = document.file
        document.file = store_upload(upload, kinds={"document", "image"}, uploaded_by=actor)
        db.session.flush()
        db.session.delete(old)
    document.title = title.strip() or document.file.original_name
    document.kind = kind
    document.visibility = visibility
    document.session = session
    revise(document.meeting)
    db.session.flush()
    return document


def delete_document(document: MeetingDocument) -> None:
    stored = document.file
    revise(document.meeting)
    db.session.delete(document)
    db.session.flush()
    db.session.delete(stored)
    db.session.flush()


def visible_documents(viewer, documents: list[MeetingDocument]) -> list[MeetingDocument]:
    return [d for d in documents if permissions.can_see_document(viewer, d)]
