"""The gradebook of a workshop: learners × each quiz's grade, lessons done, attendance and
completion, with filters, as a page and as XLSX and CSV downloads."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("gradebook", __name__, url_prefix="/gradebook")

from app.gradebook import views  # noqa: E402,F401
