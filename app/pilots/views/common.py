"""Loaders and helpers shared by the pilot views."""

from __future__ import annotations

from datetime import date

from flask import Response, abort
from flask_login import current_user

from app.extensions import db, login_manager
from app.pilots import services


def deny():
    """Anonymous → the login page; signed in → 403."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    abort(403)


def project_or_404(project_id: int, *, full: bool = False):
    project = services.load_project(project_id, full=full)
    if project is None:
        abort(404)
    return project


def get_or_404(model, object_id: int):
    return db.get_or_404(model, object_id)


def csv_response(text: str, name: str) -> Response:
    filename = f"{name}-{date.today().isoformat()}.csv"
    return Response(text, mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
