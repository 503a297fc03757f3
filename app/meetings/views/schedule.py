"""Public pages: the schedule, a meeting, its agenda, answers and calendars."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.extensions import login_manager
from app.meetings import bp, feed_bp, ical, participation, permissions, services
from app.meetings.agenda import speakers_of
from app.meetings.forms import RsvpForm
from app.meetings.outcomes import outcomes_of
from app.meetings.views import meeting_or_404, programme
from app.pagefonts import subset_fonts
from app.query_args import page_arg, text_arg, year_arg


@bp.route("/")
def index():
    args = request.args
    found = services.schedule(current_user, year=year_arg(args),
                              country=text_arg(args, "country"), page=page_arg(args))
    return render_template("meetings/index.html", schedule=found, args=args,
                           can_create=permissions.can_create_meeting(current_user))


@bp.route("/<int:meeting_id>")
@subset_fonts  # officials' names in up to seven scripts
def detail(meeting_id: int):
    meeting = meeting_or_404(meeting_id, with_agenda=False)  # the agenda: on a fragment miss
    viewer = current_user._get_current_object()
    access = permissions.meeting_access(viewer, meeting)
    mine = access.mine
    rsvp_form = (RsvpForm(answer=mine.rsvp if mine.rsvp != "pending" else None,
                          note=mine.rsvp_note) if access.answer else None)  # implies mine
    return render_template(
        "meetings/detail.html", meeting=meeting, mine=mine, rsvp_form=rsvp_form,
        manage=access.manage, can_answer=access.answer,
        head=programme.head(meeting, join_link=access.join_link, manage=access.manage),
        participants_html=(programme.participants_list(meeting, manage=access.manage)
                           if access.see_participants else ""),
        programme=programme.fragments(meeting, viewer, access.viewer_class),
        outcomes=outcomes_of(meeting.id, viewer),
    )


@bp.route("/<int:meeting_id>/agenda")
def agenda(meeting_id: int):
    meeting = meeting_or_404(meeting_id)
    return render_template("meetings/agenda.html", meeting=meeting,
                           speakers=speakers_of(meeting))


@bp.route("/<int:meeting_id>/rsvp", methods=["POST"])
def rsvp(meeting_id: int):
    meeting = meeting_or_404(meeting_id)
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


@bp.route("/<int:meeting_id>.ics")
def ics(meeting_id: int):
    meeting = meeting_or_404(meeting_id)
    join = meeting.join_url if permissions.can_see_join_link(current_user, meeting) else ""
    body = ical.meeting_calendar(meeting, url=programme.meeting_url(meeting), join_url=join)
    return _calendar(body, f'attachment; filename="meeting-{meeting.id}.ics"')


@feed_bp.route("/meetings.ics")
def upcoming():
    """/meetings.ics: upcoming public meetings, for calendar subscriptions."""
    meetings = services.upcoming_public_meetings()
    body = ical.feed_calendar(meetings, url_of=programme.meeting_url,
                              name=_("AKMN International Experts Meetings"))
    return _calendar(body, 'inline; filename="meetings.ics"')


def _calendar(body: str, disposition: str) -> Response:
    return Response(body, mimetype="text/calendar",
                    headers={"Content-Disposition": disposition})
