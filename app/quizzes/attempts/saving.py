"""Saving answers: page submits and autosaves, each one conditional UPDATE.

A page post whose sequence number is not the attempt's current one (a replay, a stale
tab, the back button) is refused. Autosaves carry the page's sequence number and a
counter, so an autosave never overwrites a later page submit or a later autosave.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from app.quizzes.attempts.errors import (
    AttemptClosed,
    StaleSequence,
    stale_message,
    submitted_message,
    time_over_message,
)
from app.quizzes.attempts.finishing import close_if_over, finish
from app.quizzes.attempts.store import write
from app.quizzes.models import BY_TIMEOUT, IN_PROGRESS, Attempt
from app.quizzes.types import QUESTION_TYPES, is_empty
from app.timeutil import utcnow


def parse_response(entry: dict, form, index: int) -> Any:
    """What the learner sent for slot `index` → the internal response (None if nothing)."""
    return QUESTION_TYPES[entry["type"]].parse_response(form, f"s{index}", entry.get("order"))


def _merged(attempt: Attempt, form, indices: list[int]) -> dict:
    responses = dict(attempt.responses or {})
    for index in indices:
        if not 0 <= index < len(attempt.snapshot):
            continue
        response = parse_response(attempt.snapshot[index], form, index)
        if is_empty(response):
            responses.pop(str(index), None)
        else:
            responses[str(index)] = response
    return responses


def _check_open(attempt: Attempt, now: datetime) -> None:
    if attempt.state != IN_PROGRESS:
        raise AttemptClosed(submitted_message())
    if close_if_over(attempt, now):
        raise AttemptClosed(time_over_message())


def _refused(attempt: Attempt) -> Exception:
    if attempt.state != IN_PROGRESS:
        return AttemptClosed(submitted_message())
    return StaleSequence(stale_message())


def save_page(attempt: Attempt, form, *, sequence: int, indices: list[int],
              now: datetime | None = None) -> bool:
    """A page submit. Returns True if the deadline has passed and the attempt was closed
    with these answers (within the grace period)."""
    now = now or utcnow()
    _check_open(attempt, now)
    if sequence != attempt.sequence:
        raise StaleSequence(stale_message())
    values = {"responses": _merged(attempt, form, indices), "sequence": sequence + 1,
              "autosave_counter": 0, "saved_at": now}
    if not write(attempt, [Attempt.state == IN_PROGRESS, Attempt.sequence == sequence],
                 values):
        raise _refused(attempt)
    if attempt.deadline and now > attempt.deadline:
        finish(attempt, now=now, by=BY_TIMEOUT)
        return True
    return False


def autosave(attempt: Attempt, form, *, sequence: int, counter: int, indices: list[int],
             now: datetime | None = None) -> None:
    """An autosave from the page's script: same sequence number as the page, and a
    counter larger than the last autosave's (an older, delayed autosave is refused)."""
    now = now or utcnow()
    _check_open(attempt, now)
    if sequence != attempt.sequence or counter <= attempt.autosave_counter:
        raise StaleSequence(stale_message())
    values = {"responses": _merged(attempt, form, indices), "autosave_counter": counter,
              "saved_at": now}
    if not write(attempt, [Attempt.state == IN_PROGRESS, Attempt.sequence == sequence,
                           Attempt.autosave_counter < counter], values):
        raise _refused(attempt)
