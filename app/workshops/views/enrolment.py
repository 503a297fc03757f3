"""Enrolment pages: enrolling and withdrawing, organisers' decisions, invitations, roster
import."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.imports.upload import import_page
from app.workshops import bp, services
from app.workshops.errors import NameNeeded, WorkshopError
from app.workshops.forms import (
    ENROLMENT_LABELS,
    DecisionForm,
    InviteForm,
    RosterImportForm,
)
from app.workshops.models import APPLIED, INVITED, WAITLISTED
from app.workshops.permissions import (
    can_manage_workshop,
)
from app.workshops.views.common import enrolment_or_404, workshop_or_404


@bp.route("/<int:workshop_id>/enrol", methods=["POST"])
@login_required
def enrol(workshop_id: int):
    workshop = workshop_or_404(workshop_id)
    try:
        enrolment = services.enrol(workshop, current_user)
    except WorkshopError as exc:
        flash(str(exc), "error")
    else:
        flash({"approved": _("You are enrolled. A confirmation has been sent by e-mail."),
               "applied": _("Your application has been sent to the organisers."),
               "waitlisted": _("The workshop is full: you are on the waiting list and will be "
                               "enrolled when a seat becomes free.")}[enrolment.status],
              "success")
    return redirect(url_for("workshops.detail", workshop_id=workshop.id))


@bp.route("/<int:workshop_id>/withdraw", methods=["POST"])
@login_required
def withdraw(workshop_id: int):
    workshop = workshop_or_404(workshop_id)
    enrolment = services.enrolment_of(workshop, current_user)
    if enrolment is None:
        abort(404)
    try:
        services.withdraw(enrolment, actor=current_user)
    except WorkshopError as exc:
        flash(str(exc), "error")
    else:
        flash(_("You have withdrawn from the workshop."), "success")
    return redirect(url_for("workshops.detail", workshop_id=workshop.id))


@bp.route("/<int:workshop_id>/enrolments")
@login_required
def enrolments(workshop_id: int):
    workshop = workshop_or_404(workshop_id, can_manage_workshop)
    rows = services.enrolments(workshop)
    return render_template("workshops/enrolments.html", workshop=workshop, rows=rows,
                           counts=services.status_counts(workshop),
                           seats_left=services.seats_left(workshop), form=DecisionForm(),
                           pending=(APPLIED, WAITLISTED, INVITED))


@bp.route("/<int:workshop_id>/enrolments/<int:enrolment_id>", methods=["POST"])
@login_required
def decide(workshop_id: int, enrolment_id: int):
    workshop = workshop_or_404(workshop_id, can_manage_workshop)
    enrolment = enrolment_or_404(workshop, enrolment_id)
    form = DecisionForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        services.decide(enrolment, form.action.data, actor=current_user, note=form.note.data)
    except WorkshopError as exc:
        flash(str(exc), "error")
    else:
        flash(_("%(name)s: %(status)s.", name=enrolment.user.name,
                status=ENROLMENT_LABELS[enrolment.status]), "success")
    return redirect(url_for("workshops.enrolments", workshop_id=workshop.id))


@bp.route("/<int:workshop_id>/invite", methods=["GET", "POST"])
@login_required
def invite(workshop_id: int):
    workshop = workshop_or_404(workshop_id, can_manage_workshop)
    form = InviteForm()
    if form.validate_on_submit():
        try:
            enrolment, created = services.invite(
                workshop, email=form.email.data, name=form.name.data or "",
                actor=current_user, country=form.country.data,
                agency=(form.agency.data or "").strip())
        except NameNeeded as exc:
            form.name.errors.append(str(exc))
        except WorkshopError as exc:
            form.email.errors.append(str(exc))
        else:
            flash(_("An invitation has been sent to %(email)s.", email=enrolment.user.email)
                  + (" " + _("A new account was created.") if created else ""), "success")
            return redirect(url_for("workshops.enrolments", workshop_id=workshop.id))
    return render_template("workshops/invite.html", workshop=workshop, form=form)


@bp.route("/<int:workshop_id>/roster/import", methods=["GET", "POST"])
@login_required
def import_roster(workshop_id: int):
    workshop = workshop_or_404(workshop_id, can_manage_workshop)

    def done(result, _filename: str):  # import_roster wrote the roster (nothing when refused)
        return (_("%(added)d officials enrolled (%(new)d new accounts invited); "
                  "%(already)d were already enrolled.", added=len(result.added),
                  new=len(result.created), already=len(result.already)),
                url_for("workshops.enrolments", workshop_id=workshop.id))

    return import_page(RosterImportForm(), "roster", "workshops/import.html",
                       lambda text: services.import_roster(workshop, text, actor=current_user),
                       done, target_id=workshop.id, workshop=workshop,
                       seats_left=services.seats_left(workshop))
