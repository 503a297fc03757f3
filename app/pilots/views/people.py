"""Participants (personal data: organisers and the participant's own account), partner
organisations and mentors."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
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
from app.pilots.views.common import csv_response, participant_or_404, project_or_404


def _participant_data(form: ParticipantForm) -> dict:
    data = form_data(form, exclude=("csrf_token", "account_email"))
    data["user_id"] = form.account_user.id if form.account_user else None
    return data


def _account_free(form: ParticipantForm, project, participant=None) -> bool:
    user = form.account_user
    if user and participants.account_taken(project, user.id,
                                           except_id=getattr(participant, "id", None)):
        form.account_email.errors.append(
            _("This account is already linked to another participant of the project."))
        return False
    return True


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
    form = ParticipantForm(country_of_origin=project.country)
    if form.validate_on_submit() and _account_free(form, project):
        record = participants.add_participant(project, _participant_data(form))
        flash(_("Participant recorded."), "success")
        return redirect(url_for("pilots.participant", participant_id=record.id))
    return render_template("pilots/participant_form.html", form=form, project=project,
                           participant=None)


@bp.route("/participants/<int:participant_id>/edit", methods=["GET", "POST"])
@role_required(ORGANISER)
def participant_edit(participant_id: int):
    record = participant_or_404(participant_id)
    if record.anonymised_at is not None:
        abort(404)
    form = ParticipantForm(obj=record, account_email=record.user.email if record.user else "")
    if not form.is_submitted():
        form.languages.data = record.language_codes
    if form.validate_on_submit() and _account_free(form, record.project, record):
        participants.update_participant(record, _participant_data(form))
        flash(_("Saved."), "success")
        return redirect(url_for("pilots.participant", participant_id=record.id))
    return render_template("pilots/participant_form.html", form=form, project=record.project,
                           participant=record)


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


@bp.route("/<int:project_id>/partners/new", methods=["GET", "POST"])
@role_required(ORGANISER)
def partner_create(project_id: int):
    project = project_or_404(project_id)
    form = PartnerForm(country=project.country)
    if form.validate_on_submit():
        services.add_partner(project, form_data(form))
        flash(_("Partner organisation added."), "success")
        return redirect(url_for("pilots.detail", project_id=project.id, _anchor="partners"))
    return render_template("pilots/partner_form.html", form=form, project=project,
                           partner=None)


@bp.route("/partners/<int:partner_id>/edit", methods=["GET", "POST"])
@role_required(ORGANISER)
def partner_edit(partner_id: int):
    partner = db.get_or_404(PilotPartner, partner_id)
    form = PartnerForm(obj=partner)
    if form.validate_on_submit():
        services.update_partner(partner, form_data(form))
        flash(_("Saved."), "success")
        return redirect(url_for("pilots.detail", project_id=partner.project_id,
                                _anchor="partners"))
    return render_template("pilots/partner_form.html", form=form, project=partner.project,
                           partner=partner)


@bp.route("/partners/<int:partner_id>/delete", methods=["POST"])
@role_required(ORGANISER)
def partner_delete(partner_id: int):
    partner = db.get_or_404(PilotPartner, partner_id)
    project_id = partner.project_id
    services.delete_partner(partner)
    flash(_("Partner organisation removed."), "success")
    return redirect(url_for("pilots.detail", project_id=project_id, _anchor="partners"))


@bp.route("/<int:project_id>/mentors", methods=["GET", "POST"])
@role_required(ORGANISER)
def mentors(project_id: int):
    project = project_or_404(project_id)
    form = MentorForm()
    form.expert_id.choices = services.mentor_choices(project)
    if form.validate_on_submit():
        try:
            services.add_mentor(project, db.session.get(Expert, form.expert_id.data),
                                note=form.note.data or "")
        except services.PilotError as exc:
            form.expert_id.errors.append(str(exc))
        else:
            flash(_("Mentor added."), "success")
            return redirect(url_for("pilots.mentors", project_id=project.id))
    return render_template("pilots/mentors.html", form=form, project=project)


@bp.route("/mentors/<int:mentor_id>/remove", methods=["POST"])
@role_required(ORGANISER)
def mentor_remove(mentor_id: int):
    mentor = db.get_or_404(PilotMentor, mentor_id)
    project_id = mentor.project_id
    services.remove_mentor(mentor)
    flash(_("Mentor removed."), "success")
    return redirect(url_for("pilots.mentors", project_id=project_id))
