"""Serial numbers: AKMN-2026-000123, gapless per year, unique across processes and instances.

One counter row per year. Allocating n numbers is a single statement that both creates the
row if needed and adds n to it, returning the new last number:

    INSERT INTO certificate_counters (year, last_number) VALUES (:year, :n)
    ON CONFLICT (year) DO UPDATE SET last_number = certificate_counters.last_number + :n
    RETURNING last_number

On PostgreSQL the update takes the row lock until the transaction ends, so a concurrent
issuer waits and then sees the committed value; a rolled-back issue rolls the counter back
with it — hence no gaps and no duplicates. On SQLite every write transaction starts with
BEGIN IMMEDIATE (see app/db.py), which serialises writers over the whole database.
"""

from __future__ import annotations

from flask import current_app
from sqlalchemy import text

from app.db import begin_write
from app.extensions import db
from app.timeutil import to_zone, utcnow

ALLOCATE = text(
    "INSERT INTO certificate_counters (year, last_number) VALUES (:year, :n) "
    "ON CONFLICT (year) DO UPDATE SET last_number = certificate_counters.last_number + :n "
    "RETURNING last_number"
)
LOCK = text(
    "INSERT INTO certificate_counters (year, last_number) VALUES (:year, 0) "
    "ON CONFLICT (year) DO UPDATE SET last_number = certificate_counters.last_number "
    "RETURNING last_number"
)


def current_year() -> int:
    """The year of issue in the platform's time zone (1 January in Seoul is 2026 there)."""
    return to_zone(utcnow(), current_app.config["DEFAULT_TIMEZONE"]).year


def format_serial(year: int, number: int) -> str:
    prefix = current_app.config.get("CERTIFICATE_SERIAL_PREFIX", "AKMN")
    return f"{prefix}-{year}-{number:06d}"


def lock_year(year: int) -> None:
    """Take the year's counter lock now, before reading who already has a certificate, so
    that two organisers issuing to the same cohort at once cannot both issue."""
    begin_write()
    db.session.execute(LOCK, {"year": year})


def allocate(year: int, count: int) -> list[int]:
    """Reserve `count` consecutive numbers in `year` (in the caller's transaction)."""
    if count <= 0:
        return []
    begin_write()
    last = db.session.execute(ALLOCATE, {"year": year, "n": count}).scalar_one()
    return list(range(last - count + 1, last + 1))
