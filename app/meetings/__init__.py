"""International Experts Meetings (Program 1): schedule, agenda, participants, documents,
outcomes and iCalendar files. Pages under /meetings/, plus the public feed /meetings.ics."""

from flask import Blueprint

bp = Blueprint("meetings", __name__, url_prefix="/meetings")

from app.meetings import manage, manage_agenda, views  # noqa: E402,F401  (the routes)


@bp.record_once
def _register_feed(state) -> None:
    # /meetings.ics lies outside the blueprint's prefix; its endpoint is still meetings.feed.
    state.app.add_url_rule("/meetings.ics", endpoint="meetings.feed", view_func=views.feed)


def _register_contributions() -> None:
    from app.experts import contributions
    from app.meetings.services import expert_contributions

    contributions.register(expert_contributions)


_register_contributions()
