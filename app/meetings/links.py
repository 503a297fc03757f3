"""What came out of a meeting: workshops, pilot projects… each domain registers a provider.

The meeting page lists them under "Came out of this meeting". A domain that was planned at a
meeting keeps its own `planned_by_meeting_id` foreign key to `meetings.id`, shows the meeting
on its side (see `app.meetings.services.meeting_choices` for a form's select) and registers
here, at import time, a provider:

    provider(meeting_ids: list[int], viewer) -> {meeting_id: [Outcome(kind, title, url)]}

— one query for many meetings, and only what `viewer` may see. Plain 3-tuples
`(kind_label, title, url)` are accepted too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple


class Outcome(NamedTuple):
    kind: Any  # translated label: "Workshop", "Pilot project"…
    title: str
    url: str | None


Provider = Callable[[list[int], Any], dict[int, list]]
PROVIDERS: list[Provider] = []


def register(provider: Provider) -> None:
    if provider not in PROVIDERS:
        PROVIDERS.append(provider)


def outcomes_of(meeting_ids: list[int], viewer) -> dict[int, list[Outcome]]:
    found: dict[int, list[Outcome]] = {meeting_id: [] for meeting_id in meeting_ids}
    if not meeting_ids:
        return found
    for provider in PROVIDERS:
        for meeting_id, items in provider(list(meeting_ids), viewer).items():
            if meeting_id in found:
                found[meeting_id].extend(Outcome(*item) for item in items)
    for items in found.values():
        items.sort(key=lambda o: (str(o.kind), str(o.title)))
    return found
