"""Bearer tokens for /api/v1: no cookies read or set, every use audited, rate-limited per
token, JSON errors."""

from __future__ import annotations

import functools

from flask import current_app, g, request
from flask.sessions import SecureCookieSession, SessionInterface
from flask_smorest import abort

from app.api import tokens
from app.auth.audit import record_audit
from app.extensions import db
from app.timeutil import utcnow

PREFIX = "/api/v1/"
SECURITY = [{"bearerAuth": []}]


def is_api_request() -> bool:
    return request.path.startswith(PREFIX)


class ApiSessionInterface(SessionInterface):
    """The app's cookie sessions everywhere but /api/v1, where a request starts with an
    empty session that is never saved: a cookie sent along is ignored, none is set."""

    def __init__(self, wrapped: SessionInterface):
        self.wrapped = wrapped

    def open_session(self, app, request_):
        if request_.path.startswith(PREFIX):
            return SecureCookieSession()
        return self.wrapped.open_session(app, request_)

    def save_session(self, app, session, response):
        if request.path.startswith(PREFIX):
            return None
        return self.wrapped.save_session(app, session, response)


def _secret() -> str:
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" else ""


def rate_key() -> str:
    """Limits count per token (per address for callers without one)."""
    secret = _secret()
    return "api-token:" + tokens.hash_token(secret)[:16] if secret else (
        "api-ip:" + (request.remote_addr or ""))


def token_required(scope: str):
    """401 without a valid token, 403 when it lacks `scope`; the token is in g.api_token."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            token = tokens.authenticate(_secret()) if _secret() else None
            if token is None:
                abort(401, message="A valid API token is required "
                                   "(Authorization: Bearer <token>).")
            g.api_token = token
            if scope not in token.scopes:
                abort(403, message=f"This token lacks the scope {scope}.")
            return view(*args, **kwargs)

        return wrapper

    return decorator


def audit_use(response):
    """after_request of /api/v1: write the use in the audit log. A refused request rolls its
    work back, but its audit entry is kept (written and committed after the rollback)."""
    token = g.get("api_token")
    if token is None:
        return response
    details = f"{request.method} {request.full_path.rstrip('?')} -> {response.status_code}"
    if response.status_code >= 400:
        db.session.rollback()
        token = db.session.merge(token)
    token.last_used_at = utcnow()
    record_audit("api.use", actor=token.owner, target=f"api-token:{token.id}",
                 details=details[:1000], ip_address=request.remote_addr or "")
    if response.status_code >= 400:
        db.session.commit()
    return response


def no_cookies(response):
    response.headers.remove("Set-Cookie")
    response.headers.setdefault("Cache-Control", "no-store")
    if current_app.config.get("API_CORS_ORIGIN"):
        response.headers["Access-Control-Allow-Origin"] = current_app.config["API_CORS_ORIGIN"]
    return response
