"""Pilot Program for Brain Circulation (Program 3): projects, participants and outcomes."""

from flask import Blueprint

bp = Blueprint("pilots", __name__, url_prefix="/pilots")

from app.pilots import views  # noqa: E402,F401
