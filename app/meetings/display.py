"""How meetings read: series labels, and times at the venue and in the viewer's own zone.

Times are stored as naive UTC with the meeting's IANA zone. The page shows the venue time
and, for a signed-in user whose zone has a different offset at that moment, their time too
(a meeting in Seoul seen from Yangon: 09:00 KST is 07:30 in Yangon).

The Babel formatting is a pure function of its arguments (times, zone, locale): it is
memoised per process (`lru_cache`), so an agenda's sixteen session times are formatted once,
not on every view of the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_interval, format_skeleton, get_timezone_location
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.reference import ALL_TIMEZONES
from app.timeutil import to_zone

FORMATS_CACHED = 4096  # memoised formatted times per process (see above)

# Ordinals for "3rd International Experts Meeting" per interface language. The sentence
# around the ordinal is a translated string, so each language puts it where it belongs
# (ko: "제3차 국제전문가회의", vi: "Hội nghị Chuyên gia Quốc tế lần thứ 3").
ORDINAL_PATTERNS = {
    "ko": "제{n}차",
    "th": "ครั้งที่ {n}",
    "lo": "ຄັ້ງທີ {n}",
    "km": "លើកទី{n}",
    "vi": "lần thứ {n}",
    "id": "ke-{n}",
    "ms": "ke-{n}",
    "fil": "ika-{n}",
    "pt": "{n}.ª",
}


def _locale() -> Locale:
    return get_locale() or Locale("en")


def ordinal(n: int, locale: Locale | None = None) -> str:
    language = (locale or _locale()).language
    if language == "en":
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"{n}{suffix}"
    return ORDINAL_PATTERNS.get(language, "{n}").format(n=n)


def series_label(meeting) -> str:
    """'3rd International Experts Meeting' (localised); '' for a meeting outside the series."""
    if not meeting.series_number:
        return ""
    return _series_label(meeting.series_number, _locale())


@lru_cache(maxsize=FORMATS_CACHED)
def _series_label(number: int, locale: Locale) -> str:
    # The locale is the request's (gettext reads it from the request): part of the key.
    return _("%(ordinal)s International Experts Meeting", ordinal=ordinal(number, locale))


def full_title(meeting) -> str:
    label = series_label(meeting)
    return f"{label}: {meeting.title}" if label else meeting.title


def utc_offset(moment: datetime) -> str:
    """'UTC+9', 'UTC+6:30', 'UTC−3' (with a minus sign), 'UTC' for an aware datetime."""
    offset = moment.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "\u2212"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def zone_name(zone: str, locale: Locale | None = None) -> str:
    """A readable, localised name of the zone: 'South Korea Time', 'Myanmar (Burma) Time'."""
    if zone in ("UTC", "Etc/UTC"):
        return "UTC"
    return _zone_name(zone, locale or _locale())


@lru_cache(maxsize=FORMATS_CACHED)
def _zone_name(zone: str, locale: Locale) -> str:
    return get_timezone_location(ZoneInfo(zone), locale=locale)


def zone_label(zone: str, at_utc: datetime, locale: Locale | None = None) -> str:
    return _zone_label(zone, at_utc, locale or _locale())


@lru_cache(maxsize=FORMATS_CACHED)
def _zone_label(zone: str, at_utc: datetime, locale: Locale) -> str:
    name = zone_name(zone, locale)
    offset = utc_offset(to_zone(at_utc, zone))
    return name if name == offset else f"{name} ({offset})"


def same_clock(start_utc: datetime, end_utc: datetime, zone_a: str, zone_b: str) -> bool:
    """Whether two zones read the same wall-clock time for the whole span."""
    return all(to_zone(t, zone_a).utcoffset() == to_zone(t, zone_b).utcoffset()
               for t in (start_utc, end_utc))


def viewer_zone() -> str | None:
    """The signed-in user's time zone, if valid."""
    if current_user and current_user.is_authenticated and current_user.timezone in ALL_TIMEZONES:
        return current_user.timezone
    return None


def _date_and_time(moment: datetime, date_skeleton: str, tz: ZoneInfo, locale: Locale) -> str:
    """A date and a time joined as the locale joins them ('Tue, Jun 3, 2025, 09:00')."""
    day = format_skeleton(date_skeleton, moment, tzinfo=tz, locale=locale)
    hours = format_skeleton("Hm", moment, tzinfo=tz, locale=locale)
    glue = locale.datetime_formats.get("medium", "{1}, {0}")
    return str(glue).replace("{1}", day).replace("{0}", hours)


def format_span(start_utc: datetime, end_utc: datetime, zone: str, *,
                locale: Locale | None = None) -> str:
    """'Tue, Jun 3, 2025, 09:00 – 17:30' or, over several days, both dates with times."""
    return _format_span(start_utc, end_utc, zone, locale or _locale())


@lru_cache(maxsize=FORMATS_CACHED)
def _format_span(start_utc: datetime, end_utc: datetime, zone: str, locale: Locale) -> str:
    start, end = to_zone(start_utc, zone), to_zone(end_utc, zone)
    tz = ZoneInfo(zone)
    if start.date() == end.date():
        day = format_skeleton("yMMMEd", start, tzinfo=tz, locale=locale)
        hours = format_interval(start, end, "Hm", tzinfo=tz, locale=locale)
        glue = locale.datetime_formats.get("medium", "{1}, {0}")
        return str(glue).replace("{1}", day).replace("{0}", hours)
    return "{} – {}".format(_date_and_time(start, "yMMMEd", tz, locale),
                            _date_and_time(end, "yMMMEd", tz, locale))


def format_dates(start_utc: datetime, end_utc: datetime, zone: str, *,
                 locale: Locale | None = None) -> str:
    """The dates at the venue: 'Jun 3 – 4, 2025'."""
    start, end = to_zone(start_utc, zone), to_zone(end_utc, zone)
    return format_interval(start, end, "yMMMd", tzinfo=ZoneInfo(zone), locale=locale or _locale())


def format_hours(start_utc: datetime, end_utc: datetime, zone: str, *,
                 ref_date: date | None = None, locale: Locale | None = None) -> str:
    """'09:00 – 10:30' in `zone`; with the date when it is not `ref_date` (or crosses midnight)."""
    return _format_hours(start_utc, end_utc, zone, ref_date, locale or _locale())


@lru_cache(maxsize=FORMATS_CACHED)
def _format_hours(start_utc: datetime, end_utc: datetime, zone: str, ref_date: date | None,
                  locale: Locale) -> str:
    start, end = to_zone(start_utc, zone), to_zone(end_utc, zone)
    tz = ZoneInfo(zone)
    if start.date() != end.date():
        return "{} – {}".format(_date_and_time(start, "MMMEd", tz, locale),
                                _date_and_time(end, "MMMEd", tz, locale))
    hours = format_interval(start, end, "Hm", tzinfo=tz, locale=locale)
    if ref_date is not None and start.date() != ref_date:
        glue = locale.datetime_formats.get("medium", "{1}, {0}")
        day = format_skeleton("MMMEd", start, tzinfo=tz, locale=locale)
        return str(glue).replace("{1}", day).replace("{0}", hours)
    return hours


@dataclass(frozen=True)
class Span:
    text: str
    zone: str  # 'South Korea Time (UTC+9)'
    start_iso: str
    end_iso: str


@dataclass(frozen=True)
class When:
    venue: Span
    local: Span | None  # the viewer's time, when their clock differs from the venue's


def _span(text: str, zone: str, start_utc: datetime, end_utc: datetime,
          locale: Locale) -> Span:
    return Span(text, zone_label(zone, start_utc, locale), to_zone(start_utc, zone).isoformat(),
                to_zone(end_utc, zone).isoformat())


def meeting_when(meeting, zone: str | None = None) -> When:
    zone = zone if zone is not None else viewer_zone()
    return _when(False, meeting.starts_at, meeting.ends_at, meeting.timezone, zone, _locale())


def session_when(session, meeting, zone: str | None = None) -> When:
    zone = zone if zone is not None else viewer_zone()
    return _when(True, session.starts_at, session.ends_at, meeting.timezone, zone, _locale())


@lru_cache(maxsize=FORMATS_CACHED)
def _when(hours: bool, start: datetime, end: datetime, venue_zone: str, zone: str | None,
          locale: Locale) -> When:
    """At the venue, and in `zone` when its clock differs. `hours`: a session's hours (in
    another zone, dated against the venue's day), else the meeting's span of days."""
    def text(in_zone: str, venue_date=None) -> str:
        if hours:
            return format_hours(start, end, in_zone, ref_date=venue_date, locale=locale)
        return format_span(start, end, in_zone, locale=locale)

    venue = _span(text(venue_zone), venue_zone, start, end, locale)
    local = None
    if zone and not same_clock(start, end, venue_zone, zone):
        venue_date = to_zone(start, venue_zone).date() if hours else None
        local = _span(text(zone, venue_date), zone, start, end, locale)
    return When(venue, local)


def day_label(day) -> str:
    """'Tuesday, June 3, 2025' (the venue date of an agenda day)."""
    return _full_date(day.date, _locale())


@lru_cache(maxsize=FORMATS_CACHED)
def _full_date(day: date, locale: Locale) -> str:
    return format_date(day, "full", locale=locale)


def google_calendar_url(meeting, *, details: str, location: str) -> str:
    """A Google Calendar 'add event' link (a link the user follows; the page fetches nothing)."""
    return _google_calendar_url(full_title(meeting), meeting.starts_at, meeting.ends_at,
                                meeting.timezone, details, location)


@lru_cache(maxsize=FORMATS_CACHED)
def _google_calendar_url(title: str, starts_at: datetime, ends_at: datetime, zone: str,
                         details: str, location: str) -> str:
    fmt = "%Y%m%dT%H%M%SZ"
    query = urlencode({
        "action": "TEMPLATE",
        "text": title,
        "dates": f"{starts_at.strftime(fmt)}/{ends_at.strftime(fmt)}",
        "ctz": zone,
        "details": details,
        "location": location,
    })
    return f"https://calendar.google.com/calendar/render?{query}"


# Labels of the stored codes, for forms and pages.
MODE_LABELS = {"in-person": _l("In person"), "online": _l("Online"), "hybrid": _l("Hybrid")}
STATUS_LABELS = {"planned": _l("Planned"), "confirmed": _l("Confirmed"), "held": _l("Held"),
                 "postponed": _l("Postponed"), "cancelled": _l("Cancelled")}
STATUS_BADGES = {"planned": "", "confirmed": "ok", "held": "", "postponed": "warn",
                 "cancelled": "danger"}
VISIBILITY_LABELS = {"public": _l("Public"), "members": _l("Signed-in members")}
SESSION_KIND_LABELS = {"opening": _l("Opening"), "keynote": _l("Keynote"), "panel": _l("Panel"),
                       "workshop": _l("Workshop"), "break": _l("Break"), "other": _l("Other")}
SESSION_ROLE_LABELS = {"chair": _l("Chair"), "speaker": _l("Speaker")}
PARTICIPANT_ROLE_LABELS = {"speaker": _l("Speaker"), "participant": _l("Participant"),
                           "observer": _l("Observer")}
RSVP_LABELS = {"pending": _l("No answer yet"), "yes": _l("Will attend"),
               "maybe": _l("Maybe"), "no": _l("Will not attend")}
DOCUMENT_KIND_LABELS = {"concept-note": _l("Concept note"), "presentation": _l("Presentation"),
                        "report": _l("Report"), "other": _l("Other")}
DOCUMENT_VISIBILITY_LABELS = {"public": _l("Everyone who sees the meeting"),
                              "participants": _l("Participants and organisers"),
                              "organisers": _l("Organisers only")}

LABELS = {
    "mode": MODE_LABELS, "status": STATUS_LABELS, "status_badge": STATUS_BADGES,
    "visibility": VISIBILITY_LABELS, "kind": SESSION_KIND_LABELS, "role": SESSION_ROLE_LABELS,
    "participant_role": PARTICIPANT_ROLE_LABELS, "rsvp": RSVP_LABELS,
    "document_kind": DOCUMENT_KIND_LABELS, "document_visibility": DOCUMENT_VISIBILITY_LABELS,
}


def choices(labels: dict) -> list[tuple[str, str]]:
    return [(code, str(label)) for code, label in labels.items()]


def file_size(size: int) -> str:
    """'820 KB', '1.4 MB' in the user's number format."""
    from flask_babel import format_decimal

    if size < 1024 * 1024:
        return _("%(n)s KB", n=format_decimal(max(1, round(size / 1024))))
    return _("%(n)s MB", n=format_decimal(round(size / (1024 * 1024), 1)))
