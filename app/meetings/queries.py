"""Reads for the home page: the next meetings a person may see."""

from __future__ import annotations

from datetime import datetime

from app.extensions import db
from app.meetings.models import CANCELLED, Meeting
from app.meetings.services import visible_meetings
from app.timeutil import utcnow


def upcoming(viewer, n: int = 5, now: datetime | None = None) -> list:
    """The `n` next meetings (not over, not cancelled) `viewer` may see (one query), as rows
    of what the home shows: id, title, starts_at, city."""
    now = now or utcnow()
    query = (visible_meetings(viewer)
             .with_only_columns(Meeting.id, Meeting.title, Meeting.starts_at, Meeting.city)
             .where(Meeting.ends_at >= now, Meeting.status != CANCELLED))
    return db.session.execute(query.order_by(Meeting.starts_at, Meeting.id).limit(n)).all()

