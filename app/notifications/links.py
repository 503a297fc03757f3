"""Paths inside the application (stored on notifications) and full URLs for e-mails, built
from PUBLIC_BASE_URL, in a request or not (receivers also run in tasks and the CLI)."""

from __future__ import annotations

from flask import current_app, has_request_context, request, url_for


def _base() -> str:
    base = current_app.config.get("PUBLIC_BASE_URL")
    if base:
        return base.rstrip("/")
    if has_request_context():
        return request.host_url.rstrip("/")
    server = current_app.config.get("SERVER_NAME") or "localhost"
    return f"{current_app.config.get('PREFERRED_URL_SCHEME', 'http')}://{server}"


def path_for(endpoint: str, **values) -> str:
    """The path of an endpoint (no host), whether or not a request is being served."""
    if has_request_context():
        return url_for(endpoint, **values)
    with current_app.test_request_context(base_url=_base()):
        return url_for(endpoint, **values)


def absolute(path: str) -> str:
    """A full URL for an e-mail or a calendar event."""
    return _base() + path
