"""The participants of a meeting (its managers): inviting, roles, removing, attendance."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from app.experts.models import Expert
from app.extensions import db
from app.meetings import agenda, bp, participation, permissions, services
from app.meetings.forms import InviteForm
from app.meetings.models import PARTICIPANT_ROLES, MeetingParticipant
from app.meetings.services import MeetingError
from app.meetings.views import meeting_or_404, part_or_404
from app.web import external_url


def _invite_form(**kwargs) -> InviteForm:
    form = InviteForm(**kwargs)
    form.expert.choices = [(0, "—"), *agenda.expert_choices()]
    return form


@bp.route("/<int:meeting_id>/participants", methods=["GET", "POST"])
def participants(meeting_id: int):
    meeting = meeting_or_404(meeting_id, check=permissions.can_manage_meeting)
    form = _invite_form()
    if form.validate_on_submit():
        users, unknown = services.find_accounts(form.emails.data or "")
        if unknown:
            form.emails.errors = [_("No active account has these e-mail addresses: "
                                    "%(emails)s.", emails=", ".join(unknown))]
        else:
            expert = db.session.get(Expert, form.expert.data) if form.expert.data else None
            added, already = participation.invite(
                meeting, users=users, experts=[expert] if expert else [], role=form.role.data,
                actor=current_user, notify=form.notify.data,
                link=external_url("meetings.detail", meeting_id=meeting.id))
            flash(ngettext("%(num)d participant invited.", "%(num)d participants invited.",
                           len(added)) + (" " + _(
                "Already invited: %(names)s.", names=", ".join(already)) if already else ""),
                "success")
            return redirect(url_for("meetings.participants", meeting_id=meeting.id))
    people = participation.participants_of(meeting)
    return render_template("meetings/participants.html", meeting=meeting, form=form,
                           people=people, counts=participation.answer_counts(people),
                           roles=PARTICIPANT_ROLES,
                           chairs=participation.chair_expert_ids(meeting))


@bp.route("/<int:meeting_id>/participants/<int:participant_id>/role", methods=["POST"])
def participant_role(meeting_id: int, participant_id: int):
    meeting = meeting_or_404(meeting_id, check=permissions.can_manage_meeting)
    participant = part_or_404(MeetingParticipant, participant_id, meeting)
    try:
        participation.change_role(participant, request.form.get("role", ""))
    except MeetingError as exc:
        flash(exc.message, "error")
    else:
        flash(_("The role of %(name)s has been changed.", name=participant.name), "success")
    return redirect(url_for("meetings.participants", meeting_id=meeting.id))


@bp.route("/<int:meeting_id>/participants/<int:participant_id>/delete", methods=["POST"])
def remove_participant(meeting_id: int, participant_id: int):
    meeting = meeting_or_404(meeting_id, check=permissions.can_manage_meeting)
    participant = part_or_404(MeetingParticipant, participant_id, meeting)
    name = participant.name
    participation.remove_participant(participant)
    flash(_("%(name)s is no longer a participant.", name=name), "success")
    return redirect(url_for("meetings.participants", meeting_id=meeting.id))


@bp.route("/<int:meeting_id>/attendance", methods=["POST"])
def attendance(meeting_id: int):
    meeting = meeting_or_404(meeting_id, check=permissions.can_manage_meeting)
    count = participation.record_attendance(
        meeting, set(request.form.getlist("attended", type=int)))
    flash(ngettext("Attendance saved: %(num)d participant attended.",
                   "Attendance saved: %(num)d participants attended.", count), "success")
    return redirect(url_for("meetings.participants", meeting_id=meeting.id))
