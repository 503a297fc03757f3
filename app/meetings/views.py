"""Public pages: the schedule, a meeting, its agenda, documents, answers and calendars."""

from __future__ import annotations

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from app.auth.permissions import is_organiser
from app.experts.models import Expert
from app.extensions import db, login_manager
from app.files.views import send_stored_file
from app.markdown import render_markdown
from app.meetings import bp, display, ical, links, participation, permissions, services
from app.meetings.agenda import speakers_of
from app.meetings.forms import RsvpForm
from app.meetings.models import MeetingDocument
from app.reference import country_name


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


def markdown(text: str | None) -> Markup:
    """Authors' Markdown as HTML, sanitised by app.markdown (nh3 allow-list)."""
    return Markup(render_markdown(text))  # noqa: S704 - sanitised HTML


def expert_url(expert: Expert | None) -> str | None:
    """The expert's profile, when the directory is installed and shows this expert."""
    if expert is None or "experts.detail" not in current_app.view_functions:
        return None
    if not (expert.listed_publicly or is_organiser(current_user)):
        return None
    return url_for("experts.detail", expert_id=expert.id)


def visible_meeting(meeting_id: int):
    """Load a meeting the current user may see: anonymous → sign in; otherwise 404."""
    meeting = services.load_meeting(meeting_id)
    if meeting is None:
        abort(404)
    if not permissions.can_see_meeting(current_user, meeting):
        if not current_user.is_authenticated:
            abort(login_manager.unauthorized())
        abort(404)
    return meeting


@bp.route("/")
def index():
    args = request.args
    found = services.schedule(current_user, year=args.get("year", type=int),
                              country=args.get("country", ""),
                              page=args.get("page", 1, type=int))
    return render_template("meetings/index.html", schedule=found, args=args,
                           can_create=permissions.can_create_meeting(current_user))


@bp.route("/<int:meeting_id>")
def detail(meeting_id: int):
    meeting = visible_meeting(meeting_id)
    mine = permissions.participant_record(current_user, meeting)
    rsvp_form = RsvpForm(answer=mine.rsvp if mine and mine.rsvp != "pending" else None,
                         note=mine.rsvp_note if mine else "")
    see_people = permissions.can_see_participants(current_user, meeting)
    return render_template(
        "meetings/detail.html", meeting=meeting, mine=mine, rsvp_form=rsvp_form,
        can_answer=permissions.can_answer_invitation(current_user, meeting),
        join_link=permissions.can_see_join_link(current_user, meeting),
        participants=participation.participants_of(meeting) if see_people else None,
        documents=services.visible_documents(current_user, meeting.documents),
        speakers=speakers_of(meeting),
        outcomes=links.outcomes_of([meeting.id], current_user)[meeting.id],
        google_url=_google_url(meeting),
    )


@bp.route("/<int:meeting_id>/agenda")
def agenda(meeting_id: int):
    meeting = visible_meeting(meeting_id)
    return render_template("meetings/agenda.html", meeting=meeting,
                           speakers=speakers_of(meeting))


@bp.route("/<int:meeting_id>/rsvp", methods=["POST"])
def rsvp(meeting_id: int):
    meeting = visible_meeting(meeting_id)
    if not current_user.is_authenticated:
        abort(login_manager.unauthorized())
    if not permissions.can_answer_invitation(current_user, meeting):
        abort(403)
    form = RsvpForm()
    if form.validate_on_submit():
        participation.answer_invitation(permissions.participant_record(current_user, meeting),
                                        answer=form.answer.data, note=form.note.data or "")
        flash(_("Thank you, your answer has been recorded."), "success")
    else:
        flash(_("Choose an answer."), "error")
    return redirect(url_for("meetings.detail", meeting_id=meeting.id) + "#your-answer")


@bp.route("/<int:meeting_id>/documents/<int:document_id>")
def document(meeting_id: int, document_id: int):
    meeting = visible_meeting(meeting_id)
    doc = db.session.get(MeetingDocument, document_id)
    if doc is None or doc.meeting_id != meeting.id:
        abort(404)
    if not permissions.can_see_document(current_user, doc):
        if not current_user.is_authenticated:
            abort(login_manager.unauthorized())
        abort(403)
    return send_stored_file(doc.file, private=doc.visibility != "public")


@bp.route("/<int:meeting_id>.ics")
def ics(meeting_id: int):
    meeting = visible_meeting(meeting_id)
    join = meeting.join_url if permissions.can_see_join_link(current_user, meeting) else ""
    body = ical.meeting_calendar(meeting, url=_meeting_url(meeting), join_url=join)
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'attachment; filename="meeting-{meeting.id}.ics"'
    return response


def feed():
    """/meetings.ics: upcoming public meetings, for calendar subscriptions."""
    meetings = services.upcoming_public_meetings()
    body = ical.feed_calendar(meetings, url_of=_meeting_url,
                              name=_("AKMN International Experts Meetings"))
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = 'inline; filename="meetings.ics"'
    return response


def _meeting_url(meeting) -> str:
    return url_for("meetings.detail", meeting_id=meeting.id, _external=True)


def _google_url(meeting) -> str:
    where = ical.location(meeting)
    details = "\n\n".join(p for p in (meeting.objectives.strip()[:800], _meeting_url(meeting))
                          if p)
    return display.google_calendar_url(meeting, details=details, location=where)


def meeting_place(meeting) -> str:
    parts = [meeting.venue, meeting.city, country_name(meeting.country)]
    return ", ".join(p for p in parts if p)
