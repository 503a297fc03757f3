"""The only way a certificate template reaches a resource.

Allowed: files inside the template's own folder (``file://`` URLs under it, which is what
relative URLs resolve to), the files of the one folder every template shares
(``akmn-shared:NAME`` → ``templates_pdf/_shared/NAME``: the base stylesheet the built-in
templates import, reachable from a copy of a template in any folder), allow-listed
Noto font files (``font:NAME`` or their ``file://`` path), and in-memory assets the renderer
provides (``akmn-asset:NAME``: the QR code, uploaded logos and signature images). Everything
else — other files, ``http(s)``, ``data:`` — is refused and recorded, so nothing a name or
title contains can make the PDF fetch anything.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse

from app.certificates.rendering.fonts import DEFAULT_FONT_DIRS, allowed_font_path, font_index
from app.certificates.rendering.templates import SHARED_DIR

ASSET_SCHEME = "akmn-asset"
SHARED_SCHEME = "akmn-shared"
FONT_SCHEME = "font"
ASSET_TYPES = {".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png",
               ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".webp": "image/webp",
               ".gif": "image/gif"}


class ResourceRefused(ValueError):
    """A template asked for something outside what it may use."""


class TemplateFetcher(URLFetcher):
    def __init__(self, template_dir: Path, *, assets: dict[str, tuple[bytes, str]] | None = None,
                 font_dirs: tuple[str, ...] = DEFAULT_FONT_DIRS):
        super().__init__(allowed_protocols={"file", FONT_SCHEME, ASSET_SCHEME, SHARED_SCHEME},
                         allow_redirects=False)
        self.template_dir = template_dir.resolve()
        self.shared_dir = SHARED_DIR.resolve()
        self.assets = dict(assets or {})
        self.font_dirs = tuple(font_dirs)
        self.fetched: list[str] = []
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        try:
            body, mime = self._resolve(url)
        except ResourceRefused:
            self.refused.append(url)
            raise
        self.fetched.append(url)
        return URLFetcherResponse(url, body, {"Content-Type": mime})

    def _resolve(self, url: str) -> tuple[bytes, str]:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme == ASSET_SCHEME:
            name = unquote(parts.path)
            if name in self.assets:
                return self.assets[name]
        elif scheme == SHARED_SCHEME:
            path = (self.shared_dir / unquote(parts.path)).resolve()
            mime = ASSET_TYPES.get(path.suffix.lower())
            if path.is_file() and path.parent == self.shared_dir and mime:
                return path.read_bytes(), mime
        elif scheme == FONT_SCHEME:
            path = font_index(self.font_dirs).get(unquote(parts.path))
            if path is not None:
                return path.read_bytes(), "font/sfnt"
        elif scheme == "file" and parts.netloc in ("", "localhost"):
            path = Path(unquote(parts.path)).resolve()
            if path.is_file() and path.is_relative_to(self.template_dir):
                mime = ASSET_TYPES.get(path.suffix.lower())
                if mime:
                    return path.read_bytes(), mime
            elif allowed_font_path(path, self.font_dirs):
                return path.read_bytes(), mimetypes.guess_type(path.name)[0] or "font/sfnt"
        raise ResourceRefused(f"refused: {url}")
