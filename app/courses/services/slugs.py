"""Slugs (the addresses of courses, modules and lessons) and the error every course service
raises."""

from __future__ import annotations

import re
import unicodedata

from flask_babel import gettext as _

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# First path segments under /courses/ that are pages, not courses.
RESERVED_SLUGS = {"manage", "new", "upload", "my", "media", "static"}


class CourseError(Exception):
    """An operation was refused; `message` is shown to the user, next to `field` if given."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def slugify(text: str, fallback: str = "item") -> str:
    ascii_text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:80].strip("-") or fallback


def unique_slug(base: str, taken: set[str]) -> str:
    slug, n = base, 2
    while slug in taken:
        slug = f"{base[:76]}-{n}"
        n += 1
    return slug


def check_slug_format(slug: str) -> None:
    if not SLUG_RE.match(slug) or len(slug) > 100:
        raise CourseError(_("Use lower-case letters a–z, digits and hyphens only."), "slug")


def check_child_slug(slug: str, taken: set[str]) -> None:
    """A module's or lesson's slug: well formed and not `taken` by its siblings."""
    check_slug_format(slug)
    if slug in taken:
        raise CourseError(_("This address is already used here; choose another."), "slug")
