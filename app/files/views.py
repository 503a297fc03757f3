"""Serving stored files: the one place that turns a StoredFile into an HTTP response.

The files domain has no pages of its own; each domain's view loads the file it may show
(checking access) and returns ``send_stored_file(stored)``. The services (checking and
storing uploads) know nothing of requests.
"""

from __future__ import annotations

from urllib.parse import quote

from flask import Response, request

from app.files.models import StoredFile


def send_stored_file(stored: StoredFile, *, inline: bool | None = None,
                     private: bool = True) -> Response:
    """Serve a stored file: Content-Disposition, nosniff, ETag; images and PDFs inline by
    default; 304 when the browser's copy is current."""
    if inline is None:
        inline = stored.kind == "image" or stored.content_type == "application/pdf"
    etag = stored.sha256
    response = Response(status=304) if request.if_none_match.contains(etag) else Response(
        stored.data, mimetype=stored.content_type
    )
    response.set_etag(etag)
    disposition = "inline" if inline else "attachment"
    ascii_name = stored.original_name.encode("ascii", "replace").decode().replace("?", "_")
    response.headers["Content-Disposition"] = (
        f'{disposition}; filename="{ascii_name}"; '
        f"filename*=UTF-8''{quote(stored.original_name)}"
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = ("private" if private else "public") + ", max-age=3600"
    return response
