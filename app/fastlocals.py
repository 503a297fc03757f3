"""Shorter paths to the two per-request values every page asks for dozens of times.

Flask-Babel finds its per-request namespace (locale, time zone, translations) through
``flask.g`` three times per lookup (``if not g``, ``hasattr``, the attribute), and
Flask-Login finds the signed-in user through ``has_request_context()``, ``g`` and
``current_app``: each hop is a werkzeug LocalProxy, a few Python calls. A page asks for
them 30–90 times (every ``_()``, ``current_user``, date format): ~500 calls of a 9,500-call
meeting page. These replacements read Flask's context variables directly and return the
same objects; :func:`install` swaps them in only when the library functions are still the
ones they replace (same names used), so a release that changes them keeps its own.
"""

from __future__ import annotations

from types import SimpleNamespace

import flask_babel
import flask_login.utils
from flask.globals import _cv_app, _cv_request

_BABEL_NAMES = {"g", "hasattr", "_flask_babel", "SimpleNamespace"}
_LOGIN_NAMES = {"has_request_context", "g", "current_app", "login_manager", "_load_user",
                "_login_user"}


def babel_context() -> SimpleNamespace | None:
    """flask_babel._get_current_context: the app context's ``g._flask_babel``."""
    ctx = _cv_app.get(None)
    if ctx is None:
        return None
    found = ctx.g.__dict__.get("_flask_babel")
    if found is None:
        found = ctx.g._flask_babel = SimpleNamespace()
    return found


def login_user_of_request():
    """flask_login.utils._get_user: the request's user, loaded on first use."""
    if _cv_request.get(None) is None:
        return None
    ctx = _cv_app.get()
    user = ctx.g.__dict__.get("_login_user")
    if user is None and "_login_user" not in ctx.g.__dict__:
        ctx.app.login_manager._load_user()
        user = ctx.g._login_user
    return user


def _same(function, names: set[str]) -> bool:
    return set(function.__code__.co_names) == names


def install() -> None:
    """Swap the shorter paths in (idempotent)."""
    original = flask_babel._get_current_context
    if original is not babel_context and _same(original, _BABEL_NAMES):
        flask_babel._get_current_context = babel_context
    original = flask_login.utils._get_user
    if original is not login_user_of_request and _same(original, _LOGIN_NAMES):
        flask_login.utils._get_user = login_user_of_request
