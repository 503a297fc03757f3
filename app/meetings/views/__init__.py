"""Meeting pages. schedule: the public schedule, a meeting, its agenda, answers, calendars;
meetings: creating, editing, deleting, outcomes; documents; participants; agenda: days,
sessions and their people. The loaders below are the one way a handler gets its objects."""

from __future__ import annotations

from functools import lru_cache

from flask import abort, flash, redirect, url_for
from flask_login import current_user
from markupsafe import Markup

from app.auth.permissions import is_organiser
from app.experts.models import Expert
from app.extensions import db, login_manager
from app.markdown import render_markdown
from app.meetings import bp, display, permissions, services
from app.meetings.models import Meeting
from app.reference import country_name


def meeting_or_404(meeting_id: int, check=permissions.can_see_meeting, *,
                   with_agenda: bool = True) -> Meeting:
    """The meeting (with its agenda, people and documents unless not `with_agenda`) if
    `check(current_user, meeting)` allows it.
    Otherwise: anonymous → sign in; signed in → 404 when the check is seeing
    the meeting (its existence is not revealed), 403 for any other check."""
    meeting = services.load_meeting(meeting_id, agenda=with_agenda)
    if meeting is None:
        abort(404)
    if not check(current_user, meeting):
        if not current_user.is_authenticated:
            abort(login_manager.unauthorized())
        abort(404 if check is permissions.can_see_meeting else 403)
    return meeting


def part_or_404(model, object_id: int, meeting: Meeting):
    """A day, session, document or participant that belongs to `meeting` (else 404)."""
    found = db.session.get(model, object_id)
    if found is None or found.meeting_id != meeting.id:
        abort(404)
    return found


def back_to_meeting(meeting, anchor: str = ""):
    url = url_for("meetings.detail", meeting_id=meeting.id)
    return redirect(f"{url}#{anchor}" if anchor else url)


def remove_part(meeting_id: int, model, object_id: int, remove, message, anchor: str):
    """A delete button's POST: `remove(part)` for a part of a meeting the user manages, flash
    `message`, back to the meeting page at `anchor`."""
    meeting = meeting_or_404(meeting_id, check=permissions.can_manage_meeting)
    remove(part_or_404(model, object_id, meeting))
    flash(message, "success")
    return back_to_meeting(meeting, anchor)


def markdown(text: str | None) -> Markup:
    """Authors' Markdown as HTML, sanitised by app.markdown (nh3 allow-list)."""
    return Markup(_rendered(text or ""))  # noqa: S704 - sanitised HTML


MARKDOWN_CACHED = 256  # rendered texts per process: a meeting's objectives, minutes…


@lru_cache(maxsize=MARKDOWN_CACHED)
def _rendered(text: str) -> str:
    """render_markdown is a pure function of the text: a meeting's texts are rendered once
    per process and version of the text (the text itself is the key), not on every view."""
    return render_markdown(text)


def expert_url(expert: Expert | None) -> str | None:
    """The expert's profile, when the directory shows this expert to the viewer."""
    if expert is None or not (expert.listed_publicly or is_organiser(current_user)):
        return None
    return url_for("experts.detail", expert_id=expert.id)


def meeting_place(meeting: Meeting) -> str:
    parts = [meeting.venue, meeting.city, country_name(meeting.country)]
    return ", ".join(p for p in parts if p)


@bp.context_processor
def _helpers():
    return {
        "labels": display.LABELS,
        "series_label": display.series_label,
        "full_title": display.full_title,
        "meeting_when": display.meeting_when,
        "session_when": display.session_when,
        "day_label": display.day_label,
        "format_dates": display.format_dates,
        "file_size": display.file_size,
        "expert_url": expert_url,
        "markdown": markdown,
        "can_manage_meeting": permissions.can_manage_meeting,
        "can_see_document": permissions.can_see_document,
        "meeting_place": meeting_place,
    }


from app.meetings.views import agenda, documents, meetings, participants, schedule  # noqa: E402,F401
