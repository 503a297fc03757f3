"""Reads for the home page: the quizzes a learner may take now (or soon), with their dates."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select

from app.courses.models import ARCHIVED, DRAFT, Course, Module, ModuleItem
from app.extensions import db
from app.quizzes.models import FINISHED, Attempt, Quiz
from app.quizzes.services import has_passed, quiz_grade
from app.timeutil import utcnow

SOON = timedelta(days=7)


@dataclass
class QuizToTake:
    quiz: Any  # a row: id, item_id, title, opens_at, closes_at, course_title
    opens_later: bool  # opens within SOON, not open yet
    closes_soon: bool  # open, and closes within SOON
    attempted: bool  # a submitted attempt exists (not passed, or awaiting grading)


def quizzes_to_take(user, course_ids: Iterable[int], *, now: datetime | None = None,
                    limit: int = 8, standing: dict[int, tuple] | None = None
                    ) -> list[QuizToTake]:
    """Quizzes of these courses that `user` has not passed and that are open now or open
    within a week; those closing first come first (one query, two without the user's
    `standing` in these courses' quizzes, see quiz_standing)."""
    ids = list(set(course_ids))
    if not ids:
        return []
    now = now or utcnow()
    quizzes = db.session.execute(
        select(Quiz.id, Quiz.item_id, Quiz.title, Quiz.opens_at, Quiz.closes_at,
               Course.title.label("course_title"))
        .join(ModuleItem, ModuleItem.id == Quiz.item_id)
        .join(Module, Module.id == ModuleItem.module_id)
        .join(Course, Course.id == Quiz.course_id)
        .where(Quiz.course_id.in_(ids), Course.status.not_in((DRAFT, ARCHIVED)),
               or_(Quiz.opens_at.is_(None), Quiz.opens_at <= now + SOON),
               or_(Quiz.closes_at.is_(None), Quiz.closes_at > now))
        .order_by(Quiz.closes_at.is_(None), Quiz.closes_at, Course.title, Module.position,
                  ModuleItem.position, Quiz.id)).all()
    if not quizzes:
        return []
    if standing is None:
        standing = quiz_standing(user, [q.item_id for q in quizzes])
    found = []
    for quiz in quizzes:
        mine = standing.get(quiz.item_id)
        if mine is not None and mine[1]:  # passed
            continue
        opens_later = quiz.opens_at is not None and quiz.opens_at > now
        closes_soon = (not opens_later and quiz.closes_at is not None
                       and quiz.closes_at <= now + SOON)
        found.append(QuizToTake(quiz, opens_later, closes_soon, mine is not None))
        if len(found) == limit:
            break
    return found


def quiz_standing(user, item_ids: Iterable[int]) -> dict[int, tuple]:
    """quiz item id → (best percent, passed, awaiting grading) of `user`, for the quizzes
    among these items that they attempted (one query: the quizzes joined with the user's
    submitted attempts; a quiz without any is not in the result)."""
    ids = list(set(item_ids))
    if not ids:
        return {}
    found: dict[int, list] = defaultdict(list)
    quizzes: dict[int, tuple] = {}
    for row in db.session.execute(
            select(Quiz.item_id, Quiz.pass_mark, Quiz.grading_method, Attempt.number,
                   Attempt.state, Attempt.is_preview, Attempt.needs_grading, Attempt.percent)
            .join(Attempt, Attempt.quiz_id == Quiz.id)
            .where(Quiz.item_id.in_(ids), Attempt.user_id == user.id,
                   Attempt.state == FINISHED, Attempt.is_preview.is_(False))):
        found[row.item_id].append(row)
        quizzes[row.item_id] = row
    standing = {}
    for item_id, attempts in found.items():
        quiz = quizzes[item_id]
        graded = [a.percent for a in attempts if a.percent is not None and not a.needs_grading]
        grade = quiz_grade(attempts, quiz.grading_method)
        standing[item_id] = (max(graded, default=None), has_passed(quiz, grade),
                             any(a.needs_grading for a in attempts))
    return standing
