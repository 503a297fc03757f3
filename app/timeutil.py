"""Time helpers. Timestamps are stored as naive UTC everywhere and shown in the user's zone."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo


def utcnow() -> datetime:
    """The current time as a naive UTC datetime (how every timestamp is stored)."""
    return datetime.now(UTC).replace(tzinfo=None)


def to_utc(local: datetime, zone: str) -> datetime:
    """A naive wall-clock time in `zone` → naive UTC."""
    aware = local.replace(tzinfo=ZoneInfo(zone))
    return aware.astimezone(UTC).replace(tzinfo=None)


def to_zone(utc: datetime, zone: str) -> datetime:
    """A naive UTC datetime → aware datetime in `zone`."""
    return utc.replace(tzinfo=UTC).astimezone(ZoneInfo(zone))
