"""What came out of a meeting: the workshops and pilot projects it planned.

Both keep a `planned_by_meeting_id`; the meeting page lists them under "Came out of this
meeting", one query per kind, and only what `viewer` may see.
"""

from __future__ import annotations

import functools
from typing import Any, NamedTuple

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, select

from app.extensions import db
from app.pilots.models import PilotProject
from app.pilots.permissions import can_manage_pilots
from app.workshops.models import DRAFT, Workshop
from app.workshops.permissions import can_view_workshop


class Outcome(NamedTuple):
    kind: Any  # translated label: "Workshop", "Pilot project"
    title: str
    endpoint: str
    values: dict

    @property
    def url(self) -> str:
        return url_for(self.endpoint, **self.values)


def outcomes_of(meeting_id: int, viewer) -> list[Outcome]:
    """Sorted by kind, then title."""
    # Rows of what the list shows; a draft workshop is loaded whole for its permission.
    rows = db.session.execute(_workshops_statement(), {"meeting_id": meeting_id}).all()
    found = [Outcome(_l("Workshop"), w.title, "workshops.detail", {"workshop_id": w.id})
             for w in rows if w.status != DRAFT
             or can_view_workshop(viewer, db.session.get(Workshop, w.id))]
    manager = can_manage_pilots(viewer)
    endpoint = "pilots.detail" if manager else "pilots.public_detail"
    found += [Outcome(_l("Pilot project"), p.title, endpoint, {"project_id": p.id})
              for p in db.session.execute(_projects_statement(manager),
                                          {"meeting_id": meeting_id})]
    return sorted(found, key=lambda o: (str(o.kind), o.title))


# Built once (the meeting page runs them on every view); the meeting id is bound.

@functools.cache
def _workshops_statement():
    return (select(Workshop.id, Workshop.title, Workshop.status)
            .where(Workshop.planned_by_meeting_id == bindparam("meeting_id"))
            .order_by(Workshop.start_date))


@functools.cache
def _projects_statement(manager: bool):
    """A pilot project's managers see every project; anybody else the public ones."""
    projects = select(PilotProject.id, PilotProject.title).where(
        PilotProject.planned_by_meeting_id == bindparam("meeting_id"))
    return projects if manager else projects.where(PilotProject.is_public)
