"""Saving answers: page submits and autosaves, each one conditional UPDATE.

A page post whose sequence number is not the attempt's current one (a replay, a stale
tab, the back button) is refused. Autosaves carry the page's sequence number and a
counter, so an autosave never overwrites a later page submit or a later autosave.

Answers are accepted until the deadline plus the quiz's grace period; later ones are
refused (`late_message`) and the attempt is closed with what was saved in time. Each save
records, on the attempt's answer rows (`AttemptQuestion.answered_at`), when the answers it
changed arrived, so that the trainer's review shows which came in during the grace.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import update

from app.extensions import db
from app.quizzes.attempts.errors import (
    AttemptClosed,
    StaleSequence,
    late_message,
    stale_message,
    submitted_message,
)
from app.quizzes.attempts.finishing import close_if_over, finish
from app.quizzes.attempts.store import write
from app.quizzes.models import BY_TIMEOUT, IN_PROGRESS, Attempt, AttemptQuestion
from app.quizzes.types import QUESTION_TYPES, is_empty
from app.timeutil import utcnow


def parse_response(entry: dict, form, index: int) -> Any:
    """What the learner sent for slot `index` → the internal response (None if nothing)."""
    return QUESTION_TYPES[entry["type"]].parse_response(form, f"s{index}", entry.get("order"))


def _merged(attempt: Attempt, form, indices: list[int]) -> tuple[dict, list[int]]:
    """The responses after this save, and the slots whose answer it changed."""
    before = attempt.responses or {}
    responses, changed = dict(before), []
    for index in indices:
        if not 0 <= index < len(attempt.snapshot):
            continue
        response = parse_response(attempt.snapshot[index], form, index)
        if is_empty(response):
            responses.pop(str(index), None)
        else:
            responses[str(index)] = response
        if responses.get(str(index)) != before.get(str(index)):
            changed.append(index)
    return responses, changed


def _record_arrival(attempt: Attempt, slots: list[int], now: datetime) -> None:
    """Note on the answer rows when these slots' answers arrived (one UPDATE)."""
    if slots:
        db.session.execute(
            update(AttemptQuestion)
            .where(AttemptQuestion.attempt_id == attempt.id, AttemptQuestion.slot.in_(slots))
            .values(answered_at=now).execution_options(synchronize_session=False))


def _check_open(attempt: Attempt, now: datetime) -> None:
    if attempt.state != IN_PROGRESS:
        raise AttemptClosed(submitted_message())
    if close_if_over(attempt, now):
        raise AttemptClosed(late_message(attempt.quiz.grace_seconds))


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
    responses, changed = _merged(attempt, form, indices)
    values = {"responses": responses, "sequence": sequence + 1, "autosave_counter": 0,
              "saved_at": now}
    if not write(attempt, [Attempt.state == IN_PROGRESS, Attempt.sequence == sequence],
                 values):
        raise _refused(attempt)
    _record_arrival(attempt, changed, now)
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
    responses, changed = _merged(attempt, form, indices)
    values = {"responses": responses, "autosave_counter": counter, "saved_at": now}
    if not write(attempt, [Attempt.state == IN_PROGRESS, Attempt.sequence == sequence,
                           Attempt.autosave_counter < counter], values):
        raise _refused(attempt)
    _record_arrival(attempt, changed, now)
