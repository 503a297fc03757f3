"""Project lists, the project record, the public pages, status history and the portfolio."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.auth.models import ORGANISER
from app.auth.permissions import role_required
from app.meetings.services import meeting_choices
from app.pilots import bp, participants, portfolio, records, services
from app.pilots.charts import indicator_chart
from app.pilots.forms import (
    NewProjectForm,
    ProjectForm,
    StatusForm,
    WorkshopLinkForm,
    form_data,
)
from app.pilots.permissions import can_manage_pilots, can_see_project
from app.pilots.views.common import (
    back_to_project,
    csv_response,
    deny,
    project_or_404,
)
from app.query_args import page_arg, text_arg
from app.reference import ASEAN_COUNTRIES
from app.web import form_page


def _filters() -> dict:
    return {k: text_arg(request.args, k) for k in ("country", "sector", "status")}


@bp.route("/")
@role_required(ORGANISER)
def index():
    page = services.search_projects(q=text_arg(request.args, "q"),
                                    visibility=request.args.get("visibility", ""),
                                    page=page_arg(request.args), **_filters())
    counts = services.participant_counts(p.id for p in page.items)
    return render_template("pilots/index.html", page=page, counts=counts,
                           countries=ASEAN_COUNTRIES, args=request.args)


@bp.route("/public")
def public_index():
    page = services.public_projects(page=page_arg(request.args), **_filters())
    return render_template("pilots/public_index.html", page=page,
                           countries=ASEAN_COUNTRIES, args=request.args,
                           has_records=bool(participants.records_of(current_user)))


@bp.route("/public/<int:project_id>")
def public_detail(project_id: int):
    project = project_or_404(project_id, check=can_see_project)
    mentors, unlisted = services.public_mentors(project)
    return render_template(
        "pilots/public_detail.html", project=project, mentors=mentors, unlisted=unlisted,
        partners=services.partners_by_side(project),
        participant_count=services.participant_counts([project.id]).get(project.id, 0),
        own_records=[p for p in participants.records_of(current_user)
                     if p.project_id == project.id])


@bp.route("/new", methods=["GET", "POST"])
@role_required(ORGANISER)
def create():
    return form_page(
        _project_form(NewProjectForm), "pilots/form.html",
        lambda form: services.create_project(form_data(form), actor=current_user,
                                             status=form.status.data,
                                             status_date=form.status_date.data),
        _("The pilot project has been recorded."), lambda project: back_to_project(project.id),
        project=None)


@bp.route("/<int:project_id>")
def detail(project_id: int):
    project = project_or_404(project_id, full=True)
    if not can_manage_pilots(current_user):
        if can_see_project(current_user, project):
            return redirect(url_for("pilots.public_detail", project_id=project.id))
        deny()
    return render_template(
        "pilots/detail.html", project=project, partners=services.partners_by_side(project),
        current=participants.current_participants(project),
        removed=participants.anonymised_participants(project),
        charts={i.id: indicator_chart(i) for i in project.indicators},
        milestone_state=records.milestone_state, today=date.today(),
        workshop_form=_workshop_form(project))


@bp.route("/<int:project_id>/edit", methods=["GET", "POST"])
@role_required(ORGANISER)
def edit(project_id: int):
    project = project_or_404(project_id)
    return form_page(_project_form(ProjectForm, obj=project), "pilots/form.html",
                     lambda form: services.update_project(project, form_data(form)),
                     _("Saved."), lambda _p: back_to_project(project.id), project=project)


@bp.route("/<int:project_id>/status", methods=["GET", "POST"])
@role_required(ORGANISER)
def change_status(project_id: int):
    project = project_or_404(project_id)
    return form_page(
        StatusForm(), "pilots/status.html",
        lambda form: services.change_status(project, form.status.data,
                                            changed_on=form.changed_on.data,
                                            note=form.note.data or "", actor=current_user),
        _("Status changed."), lambda _s: back_to_project(project.id),
        rejects=(services.PilotError,), field="status", project=project)


@bp.route("/<int:project_id>/workshops", methods=["POST"])
@role_required(ORGANISER)
def link_workshop(project_id: int):
    project = project_or_404(project_id)
    form = _workshop_form(project)
    if form is not None and form.validate_on_submit():
        try:
            services.link_workshop(project, form.workshop_id.data)
            flash(_("Workshop linked."), "success")
        except services.PilotError as exc:
            flash(str(exc), "error")
    else:
        flash(_("Choose a workshop from the list."), "error")
    return back_to_project(project.id, "trainings")


@bp.route("/<int:project_id>/workshops/<int:link_id>/remove", methods=["POST"])
@role_required(ORGANISER)
def unlink_workshop(project_id: int, link_id: int):
    project = project_or_404(project_id)
    link = next((w for w in project.workshop_links if w.id == link_id), None)
    if link is None:
        abort(404)
    services.unlink_workshop(link)
    flash(_("Workshop link removed."), "success")
    return back_to_project(project.id, "trainings")


@bp.route("/portfolio")
@role_required(ORGANISER)
def portfolio_summary():
    summary = portfolio.build(**_filters())
    return render_template("pilots/portfolio.html", portfolio=summary,
                           indicators=portfolio.indicators(summary),
                           countries=ASEAN_COUNTRIES, args=request.args)


@bp.route("/portfolio.csv")
@role_required(ORGANISER)
def portfolio_csv():
    by = request.args.get("by", "")
    text = portfolio.projects_csv(portfolio.build(**_filters()), by=by)
    return csv_response(text, f"pilot-portfolio-by-{by}" if by in portfolio.GROUPS
                        else "pilot-portfolio")


@bp.route("/indicators.csv")
@role_required(ORGANISER)
def indicators_csv():
    return csv_response(portfolio.indicators_csv(portfolio.build(**_filters())),
                        "pilot-indicators")


@bp.route("/mine")
@login_required
def mine():
    return render_template("pilots/mine.html", records=participants.records_of(current_user))


def _project_form(form_class, obj=None) -> ProjectForm:
    form = form_class(obj=obj)
    form.planned_by_meeting_id.choices = [(None, "—"), *meeting_choices()]
    return form


def _workshop_form(project) -> WorkshopLinkForm | None:
    choices = services.workshop_choices(project)
    if not choices:
        return None
    form = WorkshopLinkForm()
    form.workshop_id.choices = choices
    return form
