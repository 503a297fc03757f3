"""Paths inside the application (stored on notifications) and full URLs for e-mails, built
from PUBLIC_BASE_URL (app/urls.py), in a request or not (receivers also run in tasks and the
CLI) — never from the request's Host."""

from __future__ import annotations

from urllib.parse import urlsplit

from app.urls import base_url, external_path, external_url


def path_for(endpoint: str, **values) -> str:
    """The path of an endpoint (no host), whether or not a request is being served."""
    parts = urlsplit(external_url(endpoint, **values))
    prefix = urlsplit(base_url()).path.rstrip("/")
    path = parts.path[len(prefix):] if prefix and parts.path.startswith(prefix) else parts.path
    return path + (f"?{parts.query}" if parts.query else "")


def absolute(path: str) -> str:
    """A full URL for an e-mail or a calendar event."""
    return external_path(path)
