"""Loaders and helpers shared by the pilot views."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from flask import Response, abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.models import ORGANISER
from app.auth.permissions import role_required
from app.extensions import db, login_manager
from app.pilots import bp, services
from app.pilots.forms import form_data
from app.pilots.models import PilotParticipant, PilotProject
from app.web import csv_download, form_page


def deny():
    """Anonymous → the login page; signed in → 403."""
    if not current_user.is_authenticated:
        abort(login_manager.unauthorized())
    abort(403)


def project_or_404(project_id: int, *, check=None, full: bool = False) -> PilotProject:
    """The project with what its pages show (`full`: the whole record), or 404; when
    `check(current_user, project)` refuses, deny()."""
    project = services.load_project(project_id, full=full)
    if project is None:
        abort(404)
    if check is not None and not check(current_user, project):
        deny()
    return project


def participant_or_404(participant_id: int, *, check=None) -> PilotParticipant:
    participant = db.get_or_404(PilotParticipant, participant_id)
    if check is not None and not check(current_user, participant):
        deny()
    return participant


def csv_response(text: str, name: str) -> Response:
    filename = f"{name}-{date.today().isoformat()}.csv"
    return csv_download(text, filename)


def back_to_project(project_id: int, anchor: str | None = None):
    """Redirect to the project's record, at the section `anchor`."""
    return redirect(url_for("pilots.detail", project_id=project_id, _anchor=anchor))


def delete_record(model, record_id: int, delete: Callable, message: str, back):
    """Delete one of a project's records (a milestone, a partner…) through its service, then
    go `back`: to that section of the project (an anchor) or where `back(record)` says,
    worked out before the record is gone."""
    record = db.get_or_404(model, record_id)
    response = back(record) if callable(back) else back_to_project(record.project_id, back)
    delete(record)
    flash(message, "success")
    return response


def record_page(form, name: str, save: Callable, message: str, project: PilotProject,
                record=None, *, section: str | None = None, **options):
    """The create (`record` None) or edit page of one of a project's records: the form
    `pilots/<name>_form.html`, then back to the project's section (`<name>s` by default)."""
    return form_page(form, f"pilots/{name}_form.html", save, message,
                     lambda _record: back_to_project(project.id, section or f"{name}s"),
                     project=project, **{name: record}, **options)


def record_routes(name: str, model, form_class, add: Callable, update: Callable, added, *,
                  new_form: Callable = lambda project: {}) -> None:
    """Register `pilots.<name>_create` (/<project_id>/<name>s/new) and `pilots.<name>_edit`
    (/<name>s/<<name>_id>/edit), for organisers: a project's record kept with a plain form,
    saved by `add(project, data)` or `update(record, data)`; `added` is the lazy flash."""
    def create(project_id: int):
        project = project_or_404(project_id)
        return record_page(form_class(**new_form(project)), name,
                           lambda form: add(project, form_data(form)), str(added), project)

    def edit(**ids: int):
        record = db.get_or_404(model, ids[f"{name}_id"])
        return record_page(form_class(obj=record), name,
                           lambda form: update(record, form_data(form)), _("Saved."),
                           record.project, record)

    bp.add_url_rule(f"/<int:project_id>/{name}s/new", f"{name}_create",
                    role_required(ORGANISER)(create), methods=["GET", "POST"])
    bp.add_url_rule(f"/{name}s/<int:{name}_id>/edit", f"{name}_edit",
                    role_required(ORGANISER)(edit), methods=["GET", "POST"])
