"""Reads for the home page: the next meetings a person may see."""

from __future__ import annotations

from datetime import datetime
from functools import cache

from sqlalchemy import bindparam

from app.extensions import db
from app.meetings.models import CANCELLED, Meeting
from app.meetings.services import meetings_visible_when
from app.timeutil import utcnow


def upcoming(viewer, n: int = 5, now: datetime | None = None) -> list:
    """The `n` next meetings (not over, not cancelled) `viewer` may see (one query), as rows
    of what the home shows: id, title, starts_at, city."""
    signed_in = viewer is not None and viewer.is_authenticated
    return db.session.execute(_upcoming_statement(signed_in),
                              {"now": now or utcnow(), "n": n}).all()


@cache
def _upcoming_statement(signed_in: bool):
    """The next meetings a viewer (signed in or not) may see, as rows (built once each)."""
    return (meetings_visible_when(signed_in=signed_in)
            .with_only_columns(Meeting.id, Meeting.title, Meeting.starts_at, Meeting.city)
            .where(Meeting.ends_at >= bindparam("now"), Meeting.status != CANCELLED)
            .order_by(Meeting.starts_at, Meeting.id).limit(bindparam("n")))
