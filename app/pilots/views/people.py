"""Participants (personal data: organisers and the participant's own account), partner
organisations and mentors."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.auth.models import ORGANISER
from app.auth.permissions import role_required
from app.experts.models import Expert
from app.extensions import db
from app.pilots import bp, participants, services
from app.pilots.forms import (
    DeleteParticipantForm,
    MentorForm,
    ParticipantForm,
    PartnerForm,
    form_data,
)
from app.pilots.models import KEPT_ON_DELETION, PilotMentor, PilotPartner
from app.pilots.permissions import can_see_participant
from app.pilots.views.common import (
    csv_response,
    delete_record,
    participant_or_404,
    project_or_404,
    record_routes,
)
from app.web import form_page


def _participant_data(form: ParticipantForm) -> dict:
    data = form_data(form, exclude=("csrf_token", "account_email"))
    data["user_id"] = form.account_user.id if form.account_user else None
    return data


def _to_participant(record):
    return redirect(url_for("pilots.participant", participant_id=record.id))


@bp.route("/participants/<int:participant_id>")
def participant(participant_id: int):
    record = participant_or_404(participant_id, check=can_see_participant)
    return render_template("pilots/participant.html", participant=record,
                           project=record.project,
                           trainings=participants.completed_trainings(record.user_id))


@bp.route("/<int:project_id>/participants/new", methods=["GET", "POST"])
@role_required(ORGANISER)
def participant_create(project_id: int):
    project = project_or_404(project_id)
    return form_page(
        ParticipantForm(country_of_origin=project.country), "pilots/participant_form.html",
        lambda form: participants.add_participant(project, _participant_data(form)),
        _("Participant recorded."), _to_participant, rejects=(services.PilotError,),
        project=project, participant=None)


@bp.route("/participants/<int:participant_id>/edit", methods=["GET", "POST"])
@role_required(ORGANISER)
def participant_edit(participant_id: int):
    record = participant_or_404(participant_id)
    if record.anonymised_at is not None:
        abort(404)
    form = ParticipantForm(obj=record, account_email=record.user.email if record.user else "")
    if not form.is_submitted():
        form.languages.data = record.language_codes
    return form_page(
        form, "pilots/participant_form.html",
        lambda form: participants.update_participant(record, _participant_data(form)),
        _("Saved."), _to_participant, rejects=(services.PilotError,),
        project=record.project, participant=record)


@bp.route("/participants/<int:participant_id>/delete", methods=["GET", "POST"])
@role_required(ORGANISER)
def participant_delete(participant_id: int):
    record = participant_or_404(participant_id)
    if record.anonymised_at is not None:
        flash(_("The personal data of this participant has already been deleted."), "success")
        return redirect(url_for("pilots.detail", project_id=record.project_id))
    form = DeleteParticipantForm()
    if form.validate_on_submit():
        participants.delete_on_request(record, actor=current_user)
        flash(_("The participant's personal data has been deleted. Kept for the counts: "
                "country of origin, visa category and role in the project."), "success")
        return redirect(url_for("pilots.detail", project_id=record.project_id,
                                _anchor="participants"))
    return render_template("pilots/participant_delete.html", form=form, participant=record,
                           project=record.project, kept=KEPT_ON_DELETION)


@bp.route("/<int:project_id>/participants.csv")
@role_required(ORGANISER)
def participants_csv(project_id: int):
    project = project_or_404(project_id)
    return csv_response(participants.participants_csv(project, actor=current_user),
                        f"pilot-{project.id}-participants")


record_routes("partner", PilotPartner, PartnerForm, services.add_partner,
              services.update_partner, _l("Partner organisation added."),
              new_form=lambda project: {"country": project.country})


@bp.route("/partners/<int:partner_id>/delete", methods=["POST"])
@role_required(ORGANISER)
def partner_delete(partner_id: int):
    return delete_record(PilotPartner, partner_id, services.delete_partner,
                         _("Partner organisation removed."), "partners")


@bp.route("/<int:project_id>/mentors", methods=["GET", "POST"])
@role_required(ORGANISER)
def mentors(project_id: int):
    project = project_or_404(project_id)
    form = MentorForm()
    form.expert_id.choices = services.mentor_choices(project)
    return form_page(
        form, "pilots/mentors.html",
        lambda form: services.add_mentor(project, db.session.get(Expert, form.expert_id.data),
                                         note=form.note.data or ""),
        _("Mentor added."), lambda _m: redirect(url_for("pilots.mentors", project_id=project.id)),
        rejects=(services.PilotError,), field="expert_id", project=project)


@bp.route("/mentors/<int:mentor_id>/remove", methods=["POST"])
@role_required(ORGANISER)
def mentor_remove(mentor_id: int):
    return delete_record(
        PilotMentor, mentor_id, services.remove_mentor, _("Mentor removed."),
        lambda mentor: redirect(url_for("pilots.mentors", project_id=mentor.project_id)))
