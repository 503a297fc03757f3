"""Absolute URLs for everything that leaves the site: e-mails, QR codes, calendars, exports.

They are built from ``PUBLIC_BASE_URL`` and never from the request: a request's ``Host`` or
``X-Forwarded-Host`` header is chosen by whoever sends it, so a password-reset link built
from it can point to an attacker's site (issue #20, finding 1). In development without
``PUBLIC_BASE_URL`` the base is what `flask run` serves (``config.default_base_url``).

    external_url("auth.reset_password", token=token)  # https://learn.example.org/password/…
    external_path("/verify/abcd")                      # https://learn.example.org/verify/abcd

Both work inside and outside a request (CLI commands, background jobs).
"""

from __future__ import annotations

from urllib.parse import quote, urlsplit

from flask import current_app

from config import default_base_url


def base_url() -> str:
    """The site's public address, without a trailing slash."""
    return (current_app.config.get("PUBLIC_BASE_URL") or default_base_url()).rstrip("/")


def external_url(endpoint: str, **values) -> str:
    """``url_for(endpoint, **values, _external=True)``, on ``PUBLIC_BASE_URL``'s host."""
    if endpoint.startswith("."):
        raise ValueError(f"external_url needs a full endpoint name, not {endpoint!r}")
    anchor = values.pop("_anchor", None)
    for reserved in ("_external", "_scheme", "_method"):
        if values.pop(reserved, None) is not None:
            raise ValueError(f"external_url does not take {reserved}")
    parts = urlsplit(base_url())
    app = current_app._get_current_object()
    app.inject_url_defaults(endpoint, values)
    adapter = app.url_map.bind(parts.netloc, script_name=parts.path or "/",
                               url_scheme=parts.scheme)
    url = adapter.build(endpoint, values, force_external=True)
    if anchor is not None:
        url += "#" + quote(anchor, safe="%!#$&'()*+,/:;=?@")
    return url


def external_path(path: str) -> str:
    """The absolute URL of a site path (``/verify/<code>``) on ``PUBLIC_BASE_URL``."""
    if not path.startswith("/") or path.startswith("//"):
        raise ValueError(f"not a site path: {path!r}")
    return base_url() + path
