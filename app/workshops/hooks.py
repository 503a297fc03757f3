"""Record completion at the moment it is reached, whichever domain wrote the last record.

A learner completes a workshop when they finish a lesson (courses), pass a quiz (quizzes) or
check in (here). Rather than each domain calling into workshops, the session notes the
learners whose lesson progress or finished quiz attempts were written, and just before the
transaction commits their active workshops' completion is recomputed and recorded — in the
same transaction, so a completion is never recorded for work that was rolled back.
"""

from __future__ import annotations

from flask import has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from app.courses.models import LessonProgress
from app.extensions import db
from app.quizzes.models import Attempt

TOUCHED = "workshops.touched_learners"


@event.listens_for(Session, "after_flush")
def _note_learners(session: Session, flush_context) -> None:
    touched = None
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, LessonProgress | Attempt):
            if isinstance(obj, Attempt) and (obj.is_preview or not obj.is_finished):
                continue
            touched = touched if touched is not None else session.info.setdefault(TOUCHED, set())
            touched.add(obj.user_id)


@event.listens_for(Session, "before_commit")
def _record_completion(session: Session) -> None:
    touched = session.info.pop(TOUCHED, None)
    if not touched or not has_app_context() or session is not db.session():
        return
    from app.workshops.completion import active_workshops_of, refresh_completion
    from app.workshops.models import Workshop

    for workshop_id, user_ids in active_workshops_of(touched).items():
        workshop = session.get(Workshop, workshop_id)
        if workshop is not None:
            refresh_completion(workshop, user_ids=user_ids)


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(TOUCHED, None)
