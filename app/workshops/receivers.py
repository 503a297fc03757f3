"""Completion is recomputed when another domain reports the work it depends on.

A learner completes a workshop when they finish a lesson (courses), pass a quiz (quizzes) or
are marked present (here). Each of those sends a signal (``app.signals``); the receivers
below recompute the completion of the learner's active workshops in the same transaction, so
a completion is never recorded for work that was rolled back.
"""

from __future__ import annotations

from app import signals
from app.extensions import db
from app.workshops import completion
from app.workshops.models import Workshop


def refresh_learners(user_ids) -> int:
    """Recompute the completion of `user_ids` in each of their active workshops (one query
    when they have none)."""
    changed = 0
    for workshop_id, found in completion.active_workshops_of(set(user_ids)).items():
        workshop = db.session.get(Workshop, workshop_id)
        if workshop is not None:
            changed += completion.refresh_completion(workshop, user_ids=found)
    return changed


@signals.lesson_completed.connect
def _lesson_completed(progress, *, user, **_):
    refresh_learners([user.id])


@signals.attempt_finished.connect
def _attempt_finished(attempt, **_):
    refresh_learners([attempt.user_id])


@signals.attempt_graded.connect
def _attempt_graded(attempt, **_):
    refresh_learners([attempt.user_id])


@signals.attendance_recorded.connect
def _attendance_recorded(workshop, *, user_ids, **_):
    completion.refresh_completion(workshop, user_ids=list(user_ids))
