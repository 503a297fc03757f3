"""Reports across workshops for organisers: learners, completions and certificates."""

from flask import Blueprint

bp = Blueprint("reports", __name__, url_prefix="/reports")

from app.reports import views  # noqa: E402,F401
