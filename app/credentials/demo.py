"""Demo data: the credentials of the demo certificates (as `flask credentials backfill`)."""

from __future__ import annotations


def load() -> None:
    from app.credentials.services import backfill

    backfill()
