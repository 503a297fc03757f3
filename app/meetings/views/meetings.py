"""Organiser pages of a meeting: scheduling it, editing, deleting, its outcomes."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.models import ORGANISER
from app.auth.permissions import role_required
from app.meetings import bp, permissions, services
from app.meetings.forms import MeetingForm, OutcomesForm
from app.meetings.outcomes import outcomes_of
from app.meetings.services import MeetingError
from app.meetings.views import back_to_meeting, meeting_or_404
from app.timeutil import to_zone
from app.web import show_refusal

# --- the meeting -----------------------------------------------------------------------

def _meeting_data(form: MeetingForm) -> dict:
    names = (*services.MEETING_FIELDS, "starts_local", "ends_local")
    return {name: form[name].data for name in names}


def _save_meeting(form: MeetingForm, meeting=None):
    organisers, unknown = services.find_accounts(form.organisers.data or "")
    if unknown:
        form.organisers.errors = [_("No active account has these e-mail addresses: "
                                    "%(emails)s.", emails=", ".join(unknown))]
        return None
    try:
        if meeting is None:
            return services.create_meeting(_meeting_data(form), organisers=organisers,
                                           actor=current_user)
        return services.update_meeting(meeting, _meeting_data(form), organisers=organisers,
                                       actor=current_user)
    except MeetingError as exc:
        show_refusal(form, exc)
        return None


@bp.route("/new", methods=["GET", "POST"])
@role_required(ORGANISER)
def create():
    form = MeetingForm(organisers=current_user.email)
    if form.validate_on_submit() and (meeting := _save_meeting(form)) is not None:
        flash(_("The meeting has been scheduled. Its agenda has a day for each date; add "
                "the sessions."), "success")
        return back_to_meeting(meeting, "agenda")
    return render_template("meetings/meeting_form.html", form=form, meeting=None)


@bp.route("/<int:meeting_id>/edit", methods=["GET", "POST"])
def edit(meeting_id: int):
    meeting = meeting_or_404(meeting_id, check=permissions.can_manage_meeting)
    zone = meeting.timezone
    form = MeetingForm(data={
        **{name: getattr(meeting, name) for name in services.MEETING_FIELDS},
        "organisers": "\n".join(u.email for u in meeting.organisers),
        "starts_local": to_zone(meeting.starts_at, zone).replace(tzinfo=None),
        "ends_local": to_zone(meeting.ends_at, zone).replace(tzinfo=None)})
    if form.validate_on_submit() and _save_meeting(form, meeting) is not None:
        flash(_("Saved."), "success")
        return back_to_meeting(meeting)
    return render_template("meetings/meeting_form.html", form=form, meeting=meeting)


@bp.route("/<int:meeting_id>/delete", methods=["POST"])
def delete(meeting_id: int):
    meeting = meeting_or_404(meeting_id, check=permissions.can_manage_meeting)
    title = meeting.title
    services.delete_meeting(meeting, actor=current_user)
    flash(_("The meeting “%(title)s” has been deleted.", title=title), "success")
    return redirect(url_for("meetings.index"))


@bp.route("/<int:meeting_id>/outcomes", methods=["GET", "POST"])
def outcomes(meeting_id: int):
    meeting = meeting_or_404(meeting_id, check=permissions.can_manage_meeting)
    form = OutcomesForm(obj=meeting)
    if form.validate_on_submit():
        services.record_outcomes(meeting, minutes=form.minutes.data or "",
                                 recommendations=form.recommendations.data or "")
        flash(_("The outcomes have been saved."), "success")
        return back_to_meeting(meeting, "outcomes")
    return render_template("meetings/outcomes_form.html", form=form, meeting=meeting,
                           came_out=outcomes_of(meeting.id, current_user))
