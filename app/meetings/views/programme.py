"""The meeting page's head (title, facts, calendar links), agenda (with its speakers) and
documents, rendered once per revision; its participants list, once per state of its rows.

The fragments are cached (app/cache.py) under everything that changes them: the meeting and
its revision (services.revise), the language, the viewer's time zone (their own session
times) and the viewer's class (permissions.viewer_class: which documents, profile links and
buttons they see). A hit loads nothing of the agenda. The managers' delete buttons carry
the viewer's CSRF token: it is stored as a mark and put back on every view.

The participants list shows accounts' and experts' profiles, which change without a
revision: its rows are loaded on every view (one statement, plain values) and are
themselves the key, as read (the names are put together only on a miss), with the language
and whether the viewer manages the meeting (the answers column); whether the viewer sees
the list at all is decided before.
"""

from __future__ import annotations

from flask import render_template
from flask_babel import get_locale
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from app.cache import cached_fragment
from app.meetings import display, ical, participation, permissions, services
from app.meetings.agenda import speakers_of
from app.web import external_url

CSRF_MARK = "@@csrf-token@@"
PARTS = ("agenda", "documents")


def fragments(meeting, viewer, viewer_class: str | None = None) -> dict[str, Markup]:
    """{"agenda": …, "documents": …} as `viewer` (of `viewer_class`, when known) sees them."""
    viewer_class = viewer_class or permissions.viewer_class(viewer, meeting)
    manage = viewer_class in ("organiser", "manager")
    token = generate_csrf() if manage else None
    key = ("meeting", meeting.id, meeting.revision, str(get_locale()),
           display.viewer_zone() or "", viewer_class)

    def render(part: str) -> str:
        services.load_agenda(meeting)
        html = render_template(f"meetings/_page_{part}.html", meeting=meeting, manage=manage,
                               speakers=speakers_of(meeting) if part == "agenda" else None,
                               documents=services.visible_documents(viewer, meeting.documents))
        return html.replace(token, CSRF_MARK) if token else html

    found = {part: cached_fragment((*key, part), render, part) for part in PARTS}
    if token:
        found = {part: Markup(str(html).replace(CSRF_MARK, token))  # noqa: S704 - our HTML
                 for part, html in found.items()}
    return found


def meeting_url(meeting) -> str:
    """The meeting page's public address (calendars, the Google Calendar link)."""
    return external_url("meetings.detail", meeting_id=meeting.id)


def google_url(meeting) -> str:
    where = ical.location(meeting)
    details = "\n\n".join(p for p in (meeting.objectives.strip()[:800], meeting_url(meeting))
                          if p)
    return display.google_calendar_url(meeting, details=details, location=where)


def head(meeting, *, join_link: bool, manage: bool) -> Markup:
    """The head as the viewer sees it: under the revision, the language, the viewer's zone
    (their own time beside the venue's), what the viewer may see of the online link, and
    the organisers' names (a rename moves no revision; they are loaded for the key)."""
    zone = display.viewer_zone() or ""
    organisers = tuple(user.display_name for user in meeting.organisers)
    key = ("meeting-head", meeting.id, meeting.revision, str(get_locale()), zone,
           join_link, manage, organisers)

    def render() -> str:
        return render_template("meetings/_page_head.html", meeting=meeting, manage=manage,
                               join_link=join_link, when=display.meeting_when(meeting),
                               google_url=google_url(meeting))

    return cached_fragment(key, render)


def participants_list(meeting, *, manage: bool) -> Markup:
    """The participants section (for a viewer who may see it; `manage`: with the answers)."""
    values = participation.participant_values(meeting.id)  # the key: the rows as read
    key = ("meeting-participants", meeting.id, str(get_locale()), manage, values)

    def render() -> str:
        return render_template("meetings/_page_participants.html", manage=manage,
                               participants=participation.participant_rows(meeting.id, values))

    return cached_fragment(key, render)
