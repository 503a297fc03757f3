"""Trainings a participant completed on the platform: a registry the workshops domain fills.

A provider is `fn(user_id: int) -> list[CompletedTraining]` (only completed trainings).
The pilots domain lists them on a participant's record when the record is linked to an
account; with no provider registered the record says "none recorded".

The workshops domain registers its provider at import, e.g. in app/workshops/__init__.py:

    from app.pilots import trainings
    trainings.register(completed_workshops)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class CompletedTraining:
    title: str
    completed_on: date | None
    url: str | None = None


PROVIDERS: list[Callable[[int], list[CompletedTraining]]] = []


def register(provider: Callable[[int], list[CompletedTraining]]) -> None:
    if provider not in PROVIDERS:
        PROVIDERS.append(provider)


def unregister(provider: Callable[[int], list[CompletedTraining]]) -> None:
    if provider in PROVIDERS:
        PROVIDERS.remove(provider)


def completed_trainings(user_id: int | None) -> list[CompletedTraining]:
    """Newest first; [] when the record is not linked to an account."""
    if user_id is None:
        return []
    found: list[CompletedTraining] = []
    for provider in PROVIDERS:
        found.extend(provider(user_id))
    return sorted(found, key=lambda t: (t.completed_on or date.min, t.title), reverse=True)
