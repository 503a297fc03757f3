"""Pilot pages. projects: lists, project record, public pages, portfolio; people:
participants, partners, mentors, related trainings; records: milestones, activity log,
indicators."""

from flask_login import current_user
from markupsafe import Markup

from app.markdown import render_markdown
from app.pilots import bp, labels
from app.pilots.permissions import can_manage_pilots, can_see_participant


def _markdown(text: str | None) -> Markup:
    # render_markdown sanitises (nh3 allow-list); images are dropped (no resolver).
    return Markup(render_markdown(text))  # noqa: S704


@bp.context_processor
def _pilot_helpers():
    return {
        "markdown": _markdown,
        "labels": labels,
        "label": labels.label,
        "can_manage": can_manage_pilots(current_user),
        "can_see_participant": lambda p: can_see_participant(current_user, p),
    }


from app.pilots.views import people, projects, records  # noqa: E402,F401
