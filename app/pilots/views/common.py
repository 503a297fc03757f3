"""Loaders and helpers shared by the pilot views."""

from __future__ import annotations

from datetime import date

from flask import Response, abort
from flask_login import current_user

from app.extensions import db, login_manager
from app.pilots import services
from app.pilots.models import PilotParticipant, PilotProject
from app.web import csv_download


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
