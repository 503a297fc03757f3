"""Access predicates and the role_required decorator."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import abort
from flask_login import current_user

from app.auth.models import ADMIN, ORGANISER


def role_required(*roles: str) -> Callable:
    """Anonymous → login page; signed in without one of `roles` (admins always pass) → 403."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, **kwargs):
            from app.extensions import login_manager

            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def is_admin(user) -> bool:
    return bool(user and user.is_authenticated and ADMIN in user.roles)


def is_organiser(user) -> bool:
    return bool(user and user.is_authenticated and user.has_role(ORGANISER))
