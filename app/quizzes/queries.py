"""Reads for the home page: the quizzes a learner may take now (or soon), with their dates."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Any, NamedTuple

from sqlalchemy import and_, bindparam, select

from app.courses.models import ARCHIVED, DRAFT
from app.extensions import db
from app.quizzes.models import FINISHED, Attempt, Quiz
from app.quizzes.services import has_passed, quiz_grade
from app.timeutil import utcnow

SOON = timedelta(days=7)
ATTEMPT_COLUMNS = (Attempt.number, Attempt.state, Attempt.is_preview, Attempt.needs_grading,
                   Attempt.percent)


class QuizShown(NamedTuple):
    """What the home shows of a quiz to take."""

    id: int
    item_id: int
    title: str
    opens_at: datetime | None
    closes_at: datetime | None
    course_title: str


@dataclass
class QuizToTake:
    quiz: QuizShown
    opens_later: bool  # opens within SOON, not open yet
    closes_soon: bool  # open, and closes within SOON
    attempted: bool  # a submitted attempt exists (not passed, or awaiting grading)


def quizzes_to_take(courses: Iterable[Any], quizzes: Iterable[Any], standing: dict[int, tuple],
                    *, now: datetime | None = None, limit: int = 8) -> list[QuizToTake]:
    """Quizzes of these courses (their structures, app.courses.structure) that the user has
    not passed (`standing`, see quiz_standing) and that are open now or open within a week;
    those closing first come first, then by course title and place in the course. `quizzes`:
    rows of quiz_rows_and_standing (the quizzes of these courses and of others); no query:
    titles, positions and statuses come from the structures."""
    now = now or utcnow()
    places = {item.id: (course, module.position, item.position)
              for course in courses if course.status not in (DRAFT, ARCHIVED)
              for module in course.modules for item in module.items}
    open_ = [q for q in quizzes if q.item_id in places
             and (q.opens_at is None or q.opens_at <= now + SOON)
             and (q.closes_at is None or q.closes_at > now)]

    def order(q):
        course, module_position, item_position = places[q.item_id]
        return (q.closes_at is None, q.closes_at or now, course.title, module_position,
                item_position, q.id)

    found = []
    for quiz in sorted(open_, key=order):
        mine = standing.get(quiz.item_id)
        if mine is not None and mine[1]:  # passed
            continue
        opens_later = quiz.opens_at is not None and quiz.opens_at > now
        closes_soon = (not opens_later and quiz.closes_at is not None
                       and quiz.closes_at <= now + SOON)
        row = QuizShown(quiz.id, quiz.item_id, quiz.title, quiz.opens_at, quiz.closes_at,
                        places[quiz.item_id][0].title)
        found.append(QuizToTake(row, opens_later, closes_soon, mine is not None))
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
    return _standing(db.session.execute(
        select(Quiz.item_id, Quiz.pass_mark, Quiz.grading_method, *ATTEMPT_COLUMNS)
        .join(Attempt, Attempt.quiz_id == Quiz.id)
        .where(Quiz.item_id.in_(ids), Attempt.user_id == user.id,
               Attempt.state == FINISHED, Attempt.is_preview.is_(False))))


def quiz_rows_and_standing(user, item_ids: Iterable[int]) -> tuple[list[Any], dict[int, tuple]]:
    """The quizzes among these items (rows: id, item_id, title, opens_at, closes_at, for
    quizzes_to_take) and the user's quiz_standing in them, in one query: the quizzes
    outer-joined with the user's submitted attempts."""
    ids = list(set(item_ids))
    if not ids:
        return [], {}
    rows = db.session.execute(_rows_and_standing_statement(),
                              {"user_id": user.id, "ids": ids}).all()
    quizzes = list({row.id: row for row in rows}.values())
    return quizzes, _standing(row for row in rows if row.number is not None)


@cache
def _rows_and_standing_statement():
    """The quizzes among some items outer-joined with a user's submitted attempts (built
    once: on every home, its construction cost more than running it)."""
    return (select(Quiz.id, Quiz.item_id, Quiz.title, Quiz.opens_at, Quiz.closes_at,
                   Quiz.pass_mark, Quiz.grading_method, *ATTEMPT_COLUMNS)
            .outerjoin(Attempt, and_(Attempt.quiz_id == Quiz.id,
                                     Attempt.user_id == bindparam("user_id"),
                                     Attempt.state == FINISHED, Attempt.is_preview.is_(False)))
            .where(Quiz.item_id.in_(bindparam("ids", expanding=True))))


def _standing(rows) -> dict[int, tuple]:
    """quiz item id → (best percent, passed, awaiting grading) from rows of a quiz's
    item_id, pass_mark and grading_method with one of its attempts (ATTEMPT_COLUMNS)."""
    found: dict[int, list] = defaultdict(list)
    quizzes: dict[int, tuple] = {}
    for row in rows:
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
