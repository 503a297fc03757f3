"""Security headers on every response; the session cookie's signer built once."""

from __future__ import annotations

from flask import Flask, request
from flask.sessions import SecureCookieSessionInterface

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ]
)


class SessionCookies(SecureCookieSessionInterface):
    """Flask's signed cookie sessions, with the signer built once per secret key (and its
    fallbacks) instead of twice per request (reading and writing the cookie)."""

    def __init__(self):
        self._signers: dict[tuple, object] = {}

    def get_signing_serializer(self, app: Flask):
        key = (app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))
        signer = self._signers.get(key)
        if signer is None:
            signer = super().get_signing_serializer(app)
            if signer is not None:
                self._signers = {key: signer}  # a rotated key replaces the old signer
        return signer


# Every response's headers, unless a view set its own (one pass over the response's headers,
# not a case-insensitive search per header: ~230 calls of every request, a tenth of /healthz).
DEFAULT_HEADERS = (
    ("Content-Security-Policy", CSP),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("X-Frame-Options", "DENY"),
    ("Permissions-Policy", "camera=(self), geolocation=(), microphone=()"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
)
HSTS = ("Strict-Transport-Security", "max-age=31536000; includeSubDomains")


def init_app(app: Flask) -> None:
    app.session_interface = SessionCookies()

    @app.after_request
    def _headers(response):
        headers = response.headers
        present = {key.lower() for key, _value in headers.items()}
        added = [pair for pair in DEFAULT_HEADERS if pair[0].lower() not in present]
        req = request._get_current_object()
        if req.is_secure and "strict-transport-security" not in present:
            added.append(HSTS)
        if req.endpoint != "static" and "cache-control" not in present:
            # Pages carry personal data: never stored by shared caches.
            added += [("Cache-Control", "no-store" if _personal() else "no-cache"),
                      ("Vary", "Cookie")]
        headers.extend(added)
        return response


def _personal() -> bool:
    """Whether a user is signed in, without touching the database.

    This runs after the request's commit, which expires the loaded user: asking
    `current_user.is_authenticated` (UserMixin reads `active`) reloaded the user and their
    roles — three more statements on every signed-in page."""
    from flask import g, session

    user = g.get("_login_user")
    if user is not None:
        return not user.is_anonymous
    return bool(session.get("_user_id"))
