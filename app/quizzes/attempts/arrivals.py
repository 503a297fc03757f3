"""When the answers of an attempt arrived, and which came in during the grace period.

Each save records on the attempt's answer rows (`AttemptQuestion.answered_at`) the server
time of the last save that changed the answer (app.quizzes.attempts.saving). An answer
whose time is after the attempt's deadline arrived during the grace period (later ones are
refused): the trainer's review marks it, the results page counts them per attempt.
"""

from __future__ import annotations

import math

from sqlalchemy import func, select

from app.extensions import db
from app.quizzes.models import Attempt, AttemptQuestion, Quiz


def late_answers(attempt: Attempt) -> dict[int, int]:
    """Slot → whole seconds (rounded up) after the deadline its answer arrived, for the
    answers of this attempt that arrived during the grace period. One query."""
    if attempt.deadline is None:
        return {}
    rows = db.session.execute(
        select(AttemptQuestion.slot, AttemptQuestion.answered_at)
        .where(AttemptQuestion.attempt_id == attempt.id,
               AttemptQuestion.answered_at > attempt.deadline))
    return {slot: max(1, math.ceil((at - attempt.deadline).total_seconds()))
            for slot, at in rows}


def late_answer_counts(quiz: Quiz) -> dict[int, int]:
    """Attempt id → how many of its answers arrived during the grace period, for every
    attempt of the quiz that has some. One query."""
    rows = db.session.execute(
        select(AttemptQuestion.attempt_id, func.count(AttemptQuestion.id))
        .join(Attempt, Attempt.id == AttemptQuestion.attempt_id)
        .where(Attempt.quiz_id == quiz.id, Attempt.deadline.is_not(None),
               AttemptQuestion.answered_at > Attempt.deadline)
        .group_by(AttemptQuestion.attempt_id))
    return dict(rows.all())
