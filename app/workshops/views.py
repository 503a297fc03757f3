"""Workshop pages: lists, detail, organiser forms, enrolment decisions, invitations, roster
import. Attendance and the roster are in views_roster.py."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup

from app.auth.models import ADMIN, ORGANISER, TRAINER
from app.auth.permissions import is_admin, role_required
from app.certificates.design import template_choices
from app.extensions import db
from app.markdown import render_markdown
from app.workshops import bp, completion, services
from app.workshops.errors import NameNeeded, WorkshopError
from app.workshops.forms import (
    ENROLMENT_LABELS,
    STATUS_ACTIONS,
    WORKSHOP_STATUS_LABELS,
    DecisionForm,
    InviteForm,
    RosterImportForm,
    WorkshopForm,
)
from app.workshops.models import APPLIED, INVITED, WAITLISTED, Enrolment, Workshop
from app.workshops.permissions import (
    can_create_workshop,
    can_manage_workshop,
    can_run_workshop,
    can_view_workshop,
)


def load_workshop(workshop_id: int, check=can_view_workshop) -> Workshop:
    """The workshop in the URL: 404 if missing or not visible, 403 if `check` fails."""
    workshop = services.get_workshop(workshop_id)
    if workshop is None or not can_view_workshop(current_user, workshop):
        abort(404)
    if not check(current_user, workshop):
        abort(403)
    return workshop


@bp.route("/")
def index():
    signed_in = current_user.is_authenticated
    lists = services.list_workshops(
        include_drafts_of=current_user if signed_in else None,
        all_drafts=is_admin(current_user))
    mine = services.my_enrolments(current_user) if signed_in else []
    staffed = services.staff_workshops(current_user) if signed_in else []
    return render_template("workshops/index.html", lists=lists, mine=mine, staffed=staffed,
                           can_create=can_create_workshop(current_user))


@bp.route("/<int:workshop_id>")
def detail(workshop_id: int):
    workshop = load_workshop(workshop_id)
    enrolment = services.enrolment_of(workshop, current_user)
    progress = None
    if enrolment is not None and enrolment.status == "approved":
        progress = completion.learner_progress(workshop, enrolment)
    return render_template(
        "workshops/detail.html", workshop=workshop, enrolment=enrolment, progress=progress,
        description=Markup(render_markdown(workshop.description)),  # noqa: S704 - sanitised
        seats_left=services.seats_left(workshop),
        enrolment_open=services.enrolment_is_open(workshop),
        can_manage=can_manage_workshop(current_user, workshop),
        can_run=can_run_workshop(current_user, workshop), status_actions=STATUS_ACTIONS,
        transitions=services.TRANSITIONS.get(workshop.status, set()))


def _workshop_form(workshop: Workshop | None) -> WorkshopForm:
    if workshop is None:
        form = WorkshopForm(organiser_ids=[current_user.id], timezone="Asia/Seoul",
                            certificate_template="classic",
                            require_lessons=True, require_quizzes=True, languages=["en"],
                            certificate_languages=["en"])
    else:
        form = WorkshopForm(obj=workshop, course_ids=[c.id for c in workshop.courses],
                            organiser_ids=[u.id for u in workshop.organisers],
                            trainer_ids=[u.id for u in workshop.trainers],
                            expert_ids=[e.id for e in workshop.resource_persons])
    form.course_ids.choices = services.course_choices()
    form.organiser_ids.choices = services.staff_choices(ORGANISER, ADMIN)
    form.trainer_ids.choices = services.staff_choices(TRAINER)
    form.expert_ids.choices = services.expert_choices()
    form.certificate_template.choices = [("", _("None yet")), *template_choices()]
    return form


@bp.route("/new", methods=["GET", "POST"])
@role_required(ORGANISER)
def create():
    form = _workshop_form(None)
    if form.validate_on_submit():
        workshop = services.save_workshop(None, form.data_for_service(), actor=current_user)
        flash(_("The workshop has been created as a draft."), "success")
        return redirect(url_for("workshops.detail", workshop_id=workshop.id))
    return render_template("workshops/form.html", form=form, workshop=None)


@bp.route("/<int:workshop_id>/edit", methods=["GET", "POST"])
@login_required
def edit(workshop_id: int):
    workshop = load_workshop(workshop_id, can_manage_workshop)
    form = _workshop_form(workshop)
    if form.validate_on_submit():
        services.save_workshop(workshop, form.data_for_service(), actor=current_user)
        flash(_("Saved."), "success")
        return redirect(url_for("workshops.detail", workshop_id=workshop.id))
    return render_template("workshops/form.html", form=form, workshop=workshop)


@bp.route("/<int:workshop_id>/status", methods=["POST"])
@login_required
def set_status(workshop_id: int):
    workshop = load_workshop(workshop_id, can_manage_workshop)
    try:
        services.set_status(workshop, request.form.get("status", ""), actor=current_user)
    except WorkshopError as exc:
        flash(str(exc), "error")
    else:
        flash(_("Status: %(s)s.", s=WORKSHOP_STATUS_LABELS[workshop.status]), "success")
    return redirect(url_for("workshops.detail", workshop_id=workshop.id))


@bp.route("/<int:workshop_id>/enrol", methods=["POST"])
@login_required
def enrol(workshop_id: int):
    workshop = load_workshop(workshop_id)
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
    workshop = load_workshop(workshop_id)
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
    workshop = load_workshop(workshop_id, can_manage_workshop)
    rows = services.enrolments(workshop)
    return render_template("workshops/enrolments.html", workshop=workshop, rows=rows,
                           counts=services.status_counts(workshop),
                           seats_left=services.seats_left(workshop), form=DecisionForm(),
                           pending=(APPLIED, WAITLISTED, INVITED))


@bp.route("/<int:workshop_id>/enrolments/<int:enrolment_id>", methods=["POST"])
@login_required
def decide(workshop_id: int, enrolment_id: int):
    workshop = load_workshop(workshop_id, can_manage_workshop)
    enrolment = db.get_or_404(Enrolment, enrolment_id)
    if enrolment.workshop_id != workshop.id:
        abort(404)
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
    workshop = load_workshop(workshop_id, can_manage_workshop)
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
    workshop = load_workshop(workshop_id, can_manage_workshop)
    form = RosterImportForm()
    errors = []
    if form.validate_on_submit():
        try:
            text = form.file.data.read().decode("utf-8")
        except UnicodeDecodeError:
            form.file.errors.append(_("The file is not UTF-8 text."))
        else:
            result = services.import_roster(workshop, text, actor=current_user)
            errors = result.errors
            if not errors:
                flash(_("%(added)d officials enrolled (%(new)d new accounts invited); "
                        "%(already)d were already enrolled.", added=len(result.added),
                        new=len(result.created), already=len(result.already)), "success")
                return redirect(url_for("workshops.enrolments", workshop_id=workshop.id))
    return render_template("workshops/import.html", workshop=workshop, form=form,
                           errors=errors, filename=getattr(form.file.data, "filename", ""),
                           seats_left=services.seats_left(workshop))
