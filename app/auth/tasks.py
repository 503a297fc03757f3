"""Background work of the auth domain: forgetting old sign-in attempts."""

from __future__ import annotations

from app import jobs
from app.auth.services import throttle
from app.extensions import db


@jobs.periodic(hours=6)
def prune_login_attempts() -> int:
    """Delete counted attempts older than every window (two days). Returns how many."""
    removed = throttle.prune()
    db.session.commit()
    return removed
