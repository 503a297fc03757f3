"""Workshops in the expert directory: resource persons, and trainers who are listed experts."""

from __future__ import annotations

from collections import defaultdict

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.experts import contributions
from app.experts.models import Expert
from app.extensions import db
from app.workshops.models import (
    DRAFT,
    STAFF_TRAINER,
    Workshop,
    WorkshopResourcePerson,
    WorkshopStaff,
)


def workshop_contributions(expert_ids: list[int], viewer) -> dict[int, list]:
    """Non-draft workshops where each expert was a resource person or (as a user) a trainer."""
    found: dict[int, list] = defaultdict(list)
    if not expert_ids:
        return found
    as_resource = db.session.execute(
        select(WorkshopResourcePerson.expert_id, Workshop)
        .join(Workshop, Workshop.id == WorkshopResourcePerson.workshop_id)
        .where(WorkshopResourcePerson.expert_id.in_(expert_ids), Workshop.status != DRAFT))
    as_trainer = db.session.execute(
        select(Expert.id, Workshop)
        .join(WorkshopStaff, WorkshopStaff.user_id == Expert.user_id)
        .join(Workshop, Workshop.id == WorkshopStaff.workshop_id)
        .where(Expert.id.in_(expert_ids), WorkshopStaff.role == STAFF_TRAINER,
               Workshop.status != DRAFT))
    for label, rows in ((_l("Resource person"), as_resource), (_l("Trainer"), as_trainer)):
        for expert_id, workshop in rows:
            found[expert_id].append(contributions.Contribution(
                kind=label, title=workshop.title,
                url=url_for("workshops.detail", workshop_id=workshop.id),
                when=workshop.start_date))
    return found


contributions.register(workshop_contributions)
