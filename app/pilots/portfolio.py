"""The portfolio across projects: counts by country, sector and status; CSV exports.

Counts only — no participant's personal data appears here.
"""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.pilots.models import (
    ACTIVE,
    STATUSES,
    PilotIndicator,
    PilotMentor,
    PilotParticipant,
    PilotProject,
)
from app.pilots.participants import safe_cell
from app.pilots.services import filter_projects

GROUPS = ("country", "sector", "status")


@dataclass
class GroupRow:
    key: str
    projects: int = 0
    active: int = 0
    participants: int = 0


@dataclass
class Portfolio:
    projects: list[PilotProject]
    participants: dict[int, int]
    mentors: dict[int, int]
    groups: dict[str, list[GroupRow]] = field(default_factory=dict)
    budgets: dict[str, Decimal] = field(default_factory=dict)
    by_visa: list[tuple[str, int]] = field(default_factory=list)
    by_origin: list[tuple[str, int]] = field(default_factory=list)
    by_role: list[tuple[str, int]] = field(default_factory=list)

    @property
    def total_participants(self) -> int:
        return sum(self.participants.values())


def _counts(column, ids) -> dict[int, int]:
    if not ids:
        return {}
    model = column.class_
    rows = db.session.execute(select(column, func.count(model.id))
                              .where(column.in_(ids)).group_by(column))
    return dict(rows.all())


def build(*, country: str = "", sector: str = "", status: str = "") -> Portfolio:
    projects = list(db.session.scalars(
        filter_projects(select(PilotProject), country=country, sector=sector, status=status)
        .options(selectinload(PilotProject.status_changes),
                 selectinload(PilotProject.milestones),
                 selectinload(PilotProject.partners),
                 selectinload(PilotProject.workshop_links))
        .order_by(PilotProject.country, PilotProject.title)))
    ids = [p.id for p in projects]
    portfolio = Portfolio(projects=projects,
                          participants=_counts(PilotParticipant.project_id, ids),
                          mentors=_counts(PilotMentor.project_id, ids))
    for group in GROUPS:
        rows: dict[str, GroupRow] = {}
        for project in projects:
            key = getattr(project, group)
            row = rows.setdefault(key, GroupRow(key=key))
            row.projects += 1
            row.active += project.status == ACTIVE
            row.participants += portfolio.participants.get(project.id, 0)
        ordered = sorted(rows.values(), key=lambda r: (
            STATUSES.index(r.key) if group == "status" else 0, -r.projects, r.key))
        portfolio.groups[group] = ordered
    budgets: dict[str, Decimal] = defaultdict(Decimal)
    for project in projects:
        if project.budget is not None:
            budgets[project.currency or "?"] += project.budget
    portfolio.budgets = dict(sorted(budgets.items()))
    if ids:
        rows = db.session.execute(
            select(PilotParticipant.visa_category, PilotParticipant.country_of_origin,
                   PilotParticipant.role).where(PilotParticipant.project_id.in_(ids))).all()
        portfolio.by_visa = Counter(r[0] for r in rows).most_common()
        portfolio.by_origin = Counter(r[1] for r in rows).most_common()
        portfolio.by_role = Counter(r[2] for r in rows).most_common()
    return portfolio


PROJECT_COLUMNS = ("id", "title", "country", "region", "sector", "status", "status_since",
                   "start_date", "end_date", "public", "participants", "mentors", "partners",
                   "milestones_done", "milestones_total", "budget", "currency",
                   "funding_source", "planned_by_meeting_id", "workshop_ids")
GROUP_COLUMNS = ("projects", "active_projects", "participants")
INDICATOR_COLUMNS = ("project_id", "project", "country", "sector", "indicator", "unit",
                     "baseline", "target", "latest_value", "latest_date", "progress_percent")


def _iso(value) -> str:
    return value.isoformat() if value else ""


def _write(rows) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return "\ufeff" + out.getvalue()


def projects_csv(portfolio: Portfolio, *, by: str = "") -> str:
    """One row per project, or per country / sector / status when `by` is given."""
    if by in GROUPS:
        rows = [(by, *GROUP_COLUMNS)]
        rows += [(r.key, r.projects, r.active, r.participants) for r in portfolio.groups[by]]
        return _write(rows)
    rows = [PROJECT_COLUMNS]
    for p in portfolio.projects:
        done = sum(1 for m in p.milestones if m.done_date)
        rows.append((
            p.id, p.title, p.country, p.region, p.sector, p.status, _iso(p.status_since),
            _iso(p.start_date), _iso(p.end_date), "yes" if p.is_public else "no",
            portfolio.participants.get(p.id, 0), portfolio.mentors.get(p.id, 0),
            len(p.partners), done, len(p.milestones),
            "" if p.budget is None else f"{p.budget:.2f}", p.currency, p.funding_source,
            p.planned_by_meeting_id or "",
            ";".join(str(link.workshop_id) for link in p.workshop_links),
        ))
    return _write(rows)


def indicators(portfolio: Portfolio) -> list[PilotIndicator]:
    ids = [p.id for p in portfolio.projects]
    if not ids:
        return []
    return list(db.session.scalars(
        select(PilotIndicator).where(PilotIndicator.project_id.in_(ids))
        .options(selectinload(PilotIndicator.values), selectinload(PilotIndicator.project))
        .join(PilotProject).order_by(PilotProject.country, PilotProject.title,
                                     PilotIndicator.position, PilotIndicator.id)))


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return format(round(float(value), 4), "f").rstrip("0").rstrip(".")


def indicators_csv(portfolio: Portfolio) -> str:
    rows = [INDICATOR_COLUMNS]
    for ind in indicators(portfolio):
        latest = ind.latest
        progress = ind.progress
        rows.append((
            ind.project_id, ind.project.title, ind.project.country, ind.project.sector,
            ind.name, ind.unit, _number(ind.baseline), _number(ind.target),
            _number(latest.value) if latest else "", _iso(latest.measured_on) if latest else "",
            "" if progress is None else f"{progress:.0f}",
        ))
    return _write(rows)
