"""Titles, choices and URLs of the meetings and workshops a pilot project links to
(`PilotProject.planned_by_meeting_id`, `PilotWorkshop.workshop_id`).

Read through the shared metadata (`meetings(id, title)`, `workshops(id, title)`) so the
pilots domain does not import those domains' models.
"""

from __future__ import annotations

from flask import current_app, url_for
from sqlalchemy import select

from app.extensions import db


def _titles(table_name: str, ids) -> dict[int, str]:
    table = db.metadata.tables.get(table_name)
    ids = {i for i in ids if i is not None}
    if table is None or "title" not in table.c or not ids:
        return {}
    rows = db.session.execute(select(table.c.id, table.c.title).where(table.c.id.in_(ids)))
    return {row.id: row.title for row in rows}


def _choices(table_name: str) -> list[tuple[int, str]]:
    table = db.metadata.tables.get(table_name)
    if table is None or "title" not in table.c:
        return []
    rows = db.session.execute(select(table.c.id, table.c.title).order_by(table.c.id.desc()))
    return [(row.id, row.title) for row in rows]


def _url(endpoint: str, **args) -> str | None:
    if endpoint not in current_app.view_functions:
        return None
    return url_for(endpoint, **args)


def meeting_titles(ids) -> dict[int, str]:
    return _titles("meetings", ids)


def workshop_titles(ids) -> dict[int, str]:
    return _titles("workshops", ids)


def meeting_choices() -> list[tuple[int, str]]:
    return _choices("meetings")


def workshop_choices() -> list[tuple[int, str]]:
    return _choices("workshops")


def meeting_url(meeting_id: int | None) -> str | None:
    return _url("meetings.detail", meeting_id=meeting_id) if meeting_id else None


def workshop_url(workshop_id: int | None) -> str | None:
    return _url("workshops.detail", workshop_id=workshop_id) if workshop_id else None
