"""The taxonomy of expertise areas, kept by organisers."""

from __future__ import annotations

import functools
import re

import sqlalchemy as sa
from flask_babel import gettext as _

from app.auth.audit import record_audit
from app.experts.models import Expert, ExpertiseArea, expert_areas
from app.experts.reference import DEFAULT_AREAS
from app.experts.services import ExpertError
from app.extensions import db

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def ensure_default_areas() -> None:
    """Add the starting taxonomy where missing (the migration seeds it; demo and tests)."""
    existing = set(db.session.scalars(sa.select(ExpertiseArea.slug)))
    for slug, name, description in DEFAULT_AREAS:
        if slug not in existing:
            db.session.add(ExpertiseArea(slug=slug, name=name, description=description))
    db.session.flush()


def list_areas(*, include_retired: bool = False) -> list[ExpertiseArea]:
    query = sa.select(ExpertiseArea).order_by(ExpertiseArea.name)
    if not include_retired:
        query = query.where(~ExpertiseArea.retired)
    return list(db.session.scalars(query))


@functools.cache
def _offered_areas_statement() -> sa.Select:
    return (sa.select(ExpertiseArea.slug, ExpertiseArea.name).where(~ExpertiseArea.retired)
            .order_by(ExpertiseArea.name))


def offered_areas() -> list[tuple[str, str]]:
    """(slug, name) of the areas offered in filters (not retired), by name: plain rows,
    which reference.area_name reads like areas."""
    return list(db.session.execute(_offered_areas_statement()))


def area_usage() -> dict[int, int]:
    """Number of (not archived) experts per area, in one query."""
    rows = db.session.execute(
        sa.select(expert_areas.c.area_id, sa.func.count())
        .join(Expert, Expert.id == expert_areas.c.expert_id)
        .where(~Expert.archived)
        .group_by(expert_areas.c.area_id)
    )
    return dict(rows.all())


def create_area(*, slug: str, name: str, description: str = "", actor=None) -> ExpertiseArea:
    slug = slug.strip().lower()
    if not SLUG_RE.match(slug):
        raise ExpertError(_("Use lower-case letters, digits and hyphens, e.g. "
                            "labour-migration."), "slug")
    if db.session.scalar(sa.select(ExpertiseArea.id).where(ExpertiseArea.slug == slug)):
        raise ExpertError(_("An area with this identifier already exists."), "slug")
    area = ExpertiseArea(slug=slug, name=name.strip(), description=description.strip())
    db.session.add(area)
    db.session.flush()
    record_audit("expert_area.create", actor=actor, target=f"area:{slug}", details=area.name)
    return area


def update_area(area: ExpertiseArea, *, name: str, description: str, retired: bool,
                actor=None) -> None:
    changes = []
    if area.name != name.strip():
        changes.append(f"name: {area.name} → {name.strip()}")
    if area.retired != retired:
        changes.append("retired" if retired else "restored")
    area.name, area.description, area.retired = name.strip(), description.strip(), retired
    db.session.flush()
    if changes:
        record_audit("expert_area.edit", actor=actor, target=f"area:{area.slug}",
                     details="; ".join(changes))
