"""Who may read a workshop's gradebook: its organisers and trainers, and admins."""

from __future__ import annotations

from app.workshops.permissions import can_run_workshop


def can_view_gradebook(user, workshop) -> bool:
    return bool(user and user.is_authenticated) and can_run_workshop(user, workshop)
