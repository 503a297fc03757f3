"""Lesson bodies: Markdown → safe HTML, cached per revision, with the course's media.

Lessons refer to their course's media folder as `media/<name>` (images and links to
attachments). The cached HTML keeps those references relative; `lesson_html` turns them into
URLs of the course's media route when the page is shown (a string replacement, not a
re-render), so the cache stays valid when the course's slug or the site's root changes.
"""

from __future__ import annotations

import re

from markupsafe import Markup

from app.markdown import render_markdown

MEDIA_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$")
MEDIA_REF_RE = re.compile(r"\]\(\s*<?media/([^)\s>]+)>?")
IMAGE_RE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)")
_HTML_MEDIA_RE = re.compile(r'(\s(?:src|href))="media/')


def is_media_name(name: str) -> bool:
    return bool(MEDIA_NAME_RE.match(name)) and ".." not in name


def _resolve_image(src: str) -> str | None:
    if src.startswith("media/") and is_media_name(src[len("media/"):]):
        return src
    return None


def render_body(body: str) -> str:
    """Markdown → sanitised HTML with `media/…` references left relative (the cache)."""
    return render_markdown(body, resolve_image=_resolve_image)


def with_media_urls(html: str, media_prefix: str) -> Markup:
    """Point `media/<name>` images and links at the course's media URL (prefix ends in /)."""
    return Markup(_HTML_MEDIA_RE.sub(lambda m: f'{m.group(1)}="{media_prefix}', html))  # noqa: S704 - html is sanitised


def media_references(body: str) -> list[tuple[int, str]]:
    """(line, name) of every `media/<name>` image or link in a Markdown body (1-based)."""
    found = []
    for number, line in enumerate(body.splitlines(), start=1):
        for match in MEDIA_REF_RE.finditer(line):
            found.append((number, match.group(1)))
    return found


def foreign_images(body: str) -> list[tuple[int, str]]:
    """(line, src) of images that are not from the course's media folder (they are dropped)."""
    found = []
    for number, line in enumerate(body.splitlines(), start=1):
        for match in IMAGE_RE.finditer(line):
            if not match.group(1).startswith("media/"):
                found.append((number, match.group(1)))
    return found
