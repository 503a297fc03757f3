"""International Experts Meetings (Program 1): schedule, agenda, participants, documents,
outcomes and iCalendar files.

Two blueprints: `meetings` (pages under /meetings/) and `meetings_feed` (the public
calendar feed /meetings.ics, which lies outside that prefix)."""

from flask import Blueprint

bp = Blueprint("meetings", __name__, url_prefix="/meetings")
feed_bp = Blueprint("meetings_feed", __name__)

from app.meetings import receivers, views  # noqa: E402,F401  (the routes)
