"""Workshop pages: the lists, one workshop, the organisers' form and its status."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from markupsafe import Markup

from app.auth.models import ADMIN, ORGANISER, TRAINER
from app.auth.permissions import is_admin, role_required
from app.certificates.design import template_choices
from app.courses import reading
from app.markdown import render_markdown
from app.web import form_page
from app.workshops import bp, completion, services
from app.workshops.errors import WorkshopError
from app.workshops.forms import (
    STATUS_ACTIONS,
    WORKSHOP_STATUS_LABELS,
    WorkshopForm,
)
from app.workshops.models import Workshop
from app.workshops.permissions import (
    can_create_workshop,
    can_manage_workshop,
    can_run_workshop,
)
from app.workshops.views.common import workshop_or_404


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
    workshop = workshop_or_404(workshop_id)
    enrolment = services.enrolment_of(workshop, current_user)
    progress = None
    if enrolment is not None and enrolment.status == "approved":
        progress = completion.learner_progress(workshop, enrolment)
    return render_template(
        "workshops/detail.html", workshop=workshop, enrolment=enrolment, progress=progress,
        titles=reading.titles(*workshop.courses),
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


def _warn_prerequisites(workshop: Workshop) -> None:
    """Saved anyway: enrolled learners may open every course of the workshop."""
    for course, outside in services.prerequisites_outside(workshop):
        flash(ngettext(
            "%(course)s has a prerequisite that is not a course of this workshop: %(others)s. "
            "Enrolled learners may open it anyway; the prerequisite is shown to them as advice.",
            "%(course)s has prerequisites that are not courses of this workshop: %(others)s. "
            "Enrolled learners may open it anyway; the prerequisites are shown to them as advice.",
            len(outside), course=course.title, others=", ".join(c.title for c in outside)),
            "warning")


@bp.route("/new", methods=["GET", "POST"])
@role_required(ORGANISER)
def create():
    return _workshop_page(None)


@bp.route("/<int:workshop_id>/edit", methods=["GET", "POST"])
@login_required
def edit(workshop_id: int):
    return _workshop_page(workshop_or_404(workshop_id, can_manage_workshop))


def _workshop_page(workshop: Workshop | None):
    """The organisers' form: a new workshop (a draft) or one to edit."""

    def done(saved: Workshop):
        _warn_prerequisites(saved)
        return redirect(url_for("workshops.detail", workshop_id=saved.id))

    return form_page(
        _workshop_form(workshop), "workshops/form.html",
        lambda form: services.save_workshop(workshop, form.data_for_service(),
                                            actor=current_user),
        _("Saved.") if workshop else _("The workshop has been created as a draft."), done,
        workshop=workshop)


@bp.route("/<int:workshop_id>/status", methods=["POST"])
@login_required
def set_status(workshop_id: int):
    workshop = workshop_or_404(workshop_id, can_manage_workshop)
    try:
        services.set_status(workshop, request.form.get("status", ""), actor=current_user)
    except WorkshopError as exc:
        flash(str(exc), "error")
    else:
        flash(_("Status: %(s)s.", s=WORKSHOP_STATUS_LABELS[workshop.status]), "success")
    return redirect(url_for("workshops.detail", workshop_id=workshop.id))
