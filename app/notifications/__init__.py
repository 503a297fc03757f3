"""Notifications: in the application (an unread count in the header, a list page) with an
e-mail copy per the user's preference per kind, fired from the signals of other domains;
workshop announcements to the cohort; the personal calendar feed behind a secret token."""

from __future__ import annotations

from flask import Blueprint, g
from flask_login import current_user

bp = Blueprint("notifications", __name__, url_prefix="/notifications")


@bp.app_context_processor
def _header_context():
    """`unread_notifications` for the header (one count, once per request, signed-in only)
    and `announcements_for(workshop)`, `can_announce(workshop)` for the workshop page."""
    return {"unread_notifications": unread_for_header(), "announcements_for": _announcements_for,
            "can_announce": _can_announce}


def unread_for_header() -> int:
    if not current_user or not current_user.is_authenticated:
        return 0
    figures = current_user.session_figures
    if figures and "unread_notifications" in figures:
        return figures["unread_notifications"] or 0  # loaded with the user, same statement
    if "akmn_unread_notifications" not in g:
        from app.notifications.queries import unread_count

        g.akmn_unread_notifications = unread_count(current_user)
    return g.akmn_unread_notifications


def _can_announce(workshop) -> bool:
    from app.notifications.permissions import can_post_announcement

    return workshop is not None and can_post_announcement(current_user, workshop)


def _announcements_for(workshop, n: int = 3) -> list:
    """The newest announcements of a workshop, for those who may read them."""
    from app.notifications.permissions import can_read_announcements
    from app.notifications.queries import workshop_announcements

    if workshop is None or not can_read_announcements(current_user, workshop):
        return []
    return workshop_announcements(workshop.id, n)


from app.notifications import models, receivers, tasks, views  # noqa: E402,F401


def _register_unread_figure() -> None:
    from app.auth.services.accounts import register_session_figure
    from app.notifications.queries import unread_count_column

    register_session_figure("unread_notifications", unread_count_column)


_register_unread_figure()
