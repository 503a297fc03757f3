"""Where an expert contributed: each domain registers a provider; the profile page lists them.

A provider is `fn(expert_ids: list[int], viewer) -> dict[int, list[Contribution]]` — one query
for many experts, and only what `viewer` may see.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Contribution:
    kind: Any  # translated label: "Resource person", "Speaker", "Mentor"…
    title: str
    url: str | None
    when: Any = None  # date or datetime, for sorting and display


PROVIDERS: list[Callable[[list[int], Any], dict[int, list[Contribution]]]] = []


def register(provider: Callable[[list[int], Any], dict[int, list[Contribution]]]) -> None:
    if provider not in PROVIDERS:
        PROVIDERS.append(provider)


def contributions_of(expert_id: int, viewer) -> list[Contribution]:
    found: list[Contribution] = []
    for provider in PROVIDERS:
        found.extend(provider([expert_id], viewer).get(expert_id, []))
    return sorted(found, key=lambda c: (str(c.when or ""), str(c.title)), reverse=True)
