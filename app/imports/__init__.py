"""Big imports (users, workshop rosters, experts, GIFT questions) done in the background,
with a progress page for the uploader (see ``services``)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("imports", __name__, url_prefix="/imports")

from app.imports import models, tasks, views  # noqa: E402,F401
