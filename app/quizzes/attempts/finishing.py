"""Grading a whole attempt (pure), finishing it once, deadlines, and the feedback rules.

`finish` is idempotent under concurrency: it writes with a conditional UPDATE on the
attempt's state and counters, so of two concurrent finishes one closes the attempt and
the other returns False; `signals.attempt_finished` is sent by the one that closed it.

An attempt is *over* once its deadline plus its quiz's grace period (`Quiz.grace_seconds`)
has passed: it takes no more answers and pages show it as over, but reading a page writes
nothing. It is closed for real by the learner's next state-changing request, or by
`close_expired_attempts` (the periodic job and `flask quizzes close-expired`).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from app import signals
from app.extensions import db
from app.quizzes.attempts.store import write
from app.quizzes.models import BY_LEARNER, BY_TIMEOUT, FINISHED, IN_PROGRESS, Attempt, Quiz
from app.quizzes.types import QUESTION_TYPES
from app.timeutil import utcnow

FINISH_RETRIES = 5
KEPT_ON_REGRADE = ("fraction", "comment", "graded_by", "graded_by_name", "graded_at")


def grace_period(quiz: Quiz) -> timedelta:
    """How long after an attempt's deadline its answers are still accepted."""
    return timedelta(seconds=quiz.grace_seconds)


def accepts_until(attempt: Attempt) -> datetime | None:
    """The last moment an answer of this attempt is accepted (None: no deadline)."""
    if attempt.deadline is None:
        return None
    return attempt.deadline + grace_period(attempt.quiz)


def compute_results(snapshot: list[dict], responses: dict,
                    previous: dict | None = None) -> tuple[dict, float, float, bool]:
    """Grade every slot (pure). Manual grades already given (essays) are kept.

    Returns (results, score, max score, whether a person still has to grade)."""
    results, score, max_score, pending = {}, 0.0, 0.0, False
    for index, entry in enumerate(snapshot):
        key = str(index)
        mark = float(entry["mark"])
        max_score += mark
        fraction, feedback = QUESTION_TYPES[entry["type"]].grade(entry["data"],
                                                                 responses.get(key))
        result: dict[str, Any] = {"fraction": fraction, "feedback": feedback}
        if fraction is None:
            result["manual"] = True
            before = (previous or {}).get(key) or {}
            if before.get("graded_at"):
                for name in KEPT_ON_REGRADE:
                    result[name] = before.get(name)
                fraction = result["fraction"]
        if fraction is None:
            pending = True
            result["mark"] = None
        else:
            result["mark"] = round(fraction * mark, 7)
            score += fraction * mark
        results[key] = result
    return results, round(score, 7), round(max_score, 7), pending


def totals(quiz: Quiz, results: dict, score: float, max_score: float,
           pending: bool) -> dict:
    percent = round(score / max_score * 100, 5) if max_score else 0.0
    return {"results": results, "score": score, "max_score": max_score, "percent": percent,
            "needs_grading": pending,
            "passed": None if pending else percent >= quiz.pass_mark - 1e-9}


def graded_values(attempt: Attempt, snapshot: list[dict] | None = None,
                  previous: dict | None = None) -> dict:
    """The grade columns of an attempt from its responses (pure)."""
    results, score, max_score, pending = compute_results(
        snapshot if snapshot is not None else attempt.snapshot, attempt.responses or {},
        attempt.results if previous is None else previous)
    return totals(attempt.quiz, results, score, max_score, pending)


def finish(attempt: Attempt, *, now: datetime | None = None, by: str = BY_LEARNER) -> bool:
    """Grade and close the attempt. True if this call closed it; False if it was already
    closed (by another request, a timeout…): finishing twice gives one grade and sends
    `attempt_finished` once."""
    now = now or utcnow()
    for _try in range(FINISH_RETRIES):
        if attempt.state != IN_PROGRESS:
            return False
        values = graded_values(attempt)
        values.update(state=FINISHED, finished_by=by,
                      finished_at=attempt.deadline if by == BY_TIMEOUT and attempt.deadline
                      and attempt.deadline < now else now)
        # The responses graded are the ones written: a save in between makes us re-read.
        if write(attempt, [Attempt.state == IN_PROGRESS,
                           Attempt.sequence == attempt.sequence,
                           Attempt.autosave_counter == attempt.autosave_counter], values):
            if not attempt.is_preview:
                signals.attempt_finished.send(attempt, user=attempt.user, quiz=attempt.quiz,
                                              needs_grading=attempt.needs_grading)
            return True
    return False


def is_over(attempt: Attempt, now: datetime | None = None) -> bool:
    """Is this attempt still open in the database but past its deadline and grace period
    (it takes no more answers)? Computed on read: nothing is written."""
    if attempt.state != IN_PROGRESS or attempt.deadline is None:
        return False
    now = now or utcnow()
    # before the deadline the quiz (its grace) need not be loaded
    return now > attempt.deadline and now > accepts_until(attempt)


def close_if_over(attempt: Attempt, now: datetime | None = None) -> bool:
    """Close an attempt that is over with what it saved (for a state-changing request).
    True if it is over (closed now or by a concurrent request)."""
    now = now or utcnow()
    if not is_over(attempt, now):
        return False
    finish(attempt, now=now, by=BY_TIMEOUT)
    return True


def expired_query(now: datetime, *, quiz_id: int | None = None, user_id: int | None = None):
    """Open attempts past their deadline: the candidates to close. Each quiz has its own
    grace period (at most GRACE_MAX seconds), so those still within it are left out in
    Python by `is_over` (they are the few attempts of the last minutes)."""
    query = db.select(Attempt).where(Attempt.state == IN_PROGRESS,
                                     Attempt.deadline.is_not(None),
                                     Attempt.deadline < now)
    if quiz_id is not None:
        query = query.where(Attempt.quiz_id == quiz_id)
    if user_id is not None:
        query = query.where(Attempt.user_id == user_id)
    return query


def close_expired_attempts(now: datetime | None = None, *, quiz_id: int | None = None,
                           user_id: int | None = None) -> int:
    """Close attempts past their deadline plus their quiz's grace period, with what was
    saved. Returns how many this call closed. The periodic job calls it without filters."""
    now = now or utcnow()
    query = expired_query(now, quiz_id=quiz_id, user_id=user_id).options(
        db.joinedload(Attempt.quiz))
    return sum(1 for attempt in db.session.scalars(query).all()
               if is_over(attempt, now) and finish(attempt, now=now, by=BY_TIMEOUT))


def feedback_visible(attempt: Attempt, *, now: datetime, finished_count: int) -> bool:
    """May the learner see per-question feedback and the right answers of this attempt?

    after_submit: once submitted. after_close: once the quiz has closed, or the learner has
    used every allowed attempt. never: not to learners."""
    quiz = attempt.quiz
    if attempt.state != FINISHED:
        return False
    if quiz.feedback == "after_submit":
        return True
    if quiz.feedback == "after_close":
        if quiz.closes_at and now >= quiz.closes_at:
            return True
        return bool(quiz.attempts_allowed) and finished_count >= quiz.attempts_allowed
    return False
