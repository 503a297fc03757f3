"""Reads for the home page: pilot milestones that are due (or overdue) soon."""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

from sqlalchemy import bindparam, select

from app.extensions import db
from app.pilots.models import COMPLETED, DISCONTINUED, PilotMilestone, PilotProject
from app.pilots.records import milestone_state

WITHIN = timedelta(days=60)


def milestones_due(today: date, n: int = 6) -> list[tuple]:
    """(milestone, "overdue" | "due") for the `n` first milestones not done with a due date
    before `today` + 60 days, of projects neither completed nor discontinued (one query); the
    milestones as rows of what the home shows: title, due_date, done_date, project_id,
    project_title."""
    rows = db.session.execute(_due_statement(), {"until": today + WITHIN, "n": n})
    return [(m, milestone_state(m, today)) for m in rows]


@cache
def _due_statement():
    return (select(PilotMilestone.title, PilotMilestone.due_date, PilotMilestone.done_date,
                   PilotMilestone.project_id, PilotProject.title.label("project_title"))
            .join(PilotProject, PilotProject.id == PilotMilestone.project_id)
            .where(PilotMilestone.done_date.is_(None), PilotMilestone.due_date.is_not(None),
                   PilotMilestone.due_date <= bindparam("until"),
                   PilotProject.status.not_in((COMPLETED, DISCONTINUED)))
            .order_by(PilotMilestone.due_date, PilotMilestone.id).limit(bindparam("n")))
