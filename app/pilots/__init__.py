"""Pilot Program for Brain Circulation (Program 3): projects, participants and outcomes."""

from flask import Blueprint

bp = Blueprint("pilots", __name__, url_prefix="/pilots")

from app.experts import contributions  # noqa: E402
from app.meetings import links as meeting_links  # noqa: E402
from app.pilots import services, views  # noqa: E402,F401

contributions.register(services.mentor_contributions)
meeting_links.register(services.projects_of_meetings)
