"""Reads for the home page: the quizzes a learner may take now (or soon), with their dates."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from app.courses.models import ARCHIVED, DRAFT, Course, Module, ModuleItem
from app.extensions import db
from app.quizzes.models import FINISHED, Attempt, Quiz
from app.quizzes.services import has_passed, quiz_grade
from app.timeutil import utcnow

SOON = timedelta(days=7)


@dataclass
class QuizToTake:
    quiz: Quiz
    opens_later: bool  # opens within SOON, not open yet
    closes_soon: bool  # open, and closes within SOON
    attempted: bool  # a submitted attempt exists (not passed, or awaiting grading)


def quizzes_to_take(user, course_ids: Iterable[int], *, now: datetime | None = None,
                    limit: int = 8) -> list[QuizToTake]:
    """Quizzes of these courses that `user` has not passed and that are open now or open
    within a week; those closing first come first (two queries)."""
    ids = list(set(course_ids))
    if not ids:
        return []
    now = now or utcnow()
    quizzes = list(db.session.scalars(
        select(Quiz).join(ModuleItem, ModuleItem.id == Quiz.item_id)
        .join(Module, Module.id == ModuleItem.module_id)
        .join(Course, Course.id == Quiz.course_id)
        .options(joinedload(Quiz.course).load_only(Course.id, Course.slug, Course.title),
                 joinedload(Quiz.item).load_only(ModuleItem.id, ModuleItem.title))
        .where(Quiz.course_id.in_(ids), Course.status.not_in((DRAFT, ARCHIVED)),
               or_(Quiz.opens_at.is_(None), Quiz.opens_at <= now + SOON),
               or_(Quiz.closes_at.is_(None), Quiz.closes_at > now))
        .order_by(Quiz.closes_at.is_(None), Quiz.closes_at, Course.title, Module.position,
                  ModuleItem.position, Quiz.id)))
    if not quizzes:
        return []
    attempts: dict[int, list] = defaultdict(list)
    for row in db.session.execute(
            select(Attempt.quiz_id, Attempt.number, Attempt.state, Attempt.is_preview,
                   Attempt.needs_grading, Attempt.percent)
            .where(Attempt.user_id == user.id, Attempt.quiz_id.in_([q.id for q in quizzes]),
                   Attempt.state == FINISHED, Attempt.is_preview.is_(False))):
        attempts[row.quiz_id].append(row)
    found = []
    for quiz in quizzes:
        mine = attempts.get(quiz.id, [])
        if has_passed(quiz, quiz_grade(mine, quiz.grading_method)):
            continue
        opens_later = quiz.opens_at is not None and quiz.opens_at > now
        closes_soon = (not opens_later and quiz.closes_at is not None
                       and quiz.closes_at <= now + SOON)
        found.append(QuizToTake(quiz, opens_later, closes_soon, bool(mine)))
        if len(found) == limit:
            break
    return found
