"""Bulk reads of other domains' records for many learners at once (one query each):
lessons done (courses), quiz results (quizzes), certificates issued (certificates).

`learners` is a SELECT of user ids (a subquery), so the statements do not grow with the
number of learners.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import Select, select

from app.courses.models import Lesson, LessonProgress
from app.extensions import db
from app.quizzes.models import FINISHED, Attempt, Quiz
from app.workshops.models import Workshop


def lessons_done(learners: Select, lesson_item_ids: list[int]) -> dict[int, set[int]]:
    """user id → ids of the lesson items they have done."""
    if not lesson_item_ids:
        return {}
    rows = db.session.execute(
        select(LessonProgress.user_id, Lesson.item_id)
        .join(Lesson, Lesson.id == LessonProgress.lesson_id)
        .where(Lesson.item_id.in_(lesson_item_ids), LessonProgress.user_id.in_(learners)))
    done: dict[int, set[int]] = defaultdict(set)
    for user_id, item_id in rows:
        done[user_id].add(item_id)
    return done


def quiz_grade(attempts: list[tuple], method: str) -> float | None:
    """The quiz grade (percent) from finished attempts [(number, percent), …] by the quiz's
    grading method."""
    scored = sorted((n, p) for n, p in attempts if p is not None)
    if not scored:
        return None
    if method == "last":
        return scored[-1][1]
    if method == "first":
        return scored[0][1]
    if method == "average":
        return sum(p for _n, p in scored) / len(scored)
    return max(p for _n, p in scored)


def quiz_results(learners: Select, quiz_item_ids: list[int]) -> dict[int, dict[int, tuple]]:
    """user id → {quiz item id: (best percent, passed)}: passed by the quiz's grading method
    and pass mark."""
    if not quiz_item_ids:
        return {}
    rows = db.session.execute(
        select(Attempt.user_id, Quiz.item_id, Quiz.grading_method, Quiz.pass_mark,
               Attempt.number, Attempt.percent)
        .join(Quiz, Quiz.id == Attempt.quiz_id)
        .where(Quiz.item_id.in_(quiz_item_ids), Attempt.user_id.in_(learners),
               Attempt.state == FINISHED, Attempt.is_preview.is_(False)))
    attempts: dict[tuple[int, int], list] = defaultdict(list)
    rules: dict[int, tuple[str, float]] = {}
    for user_id, item_id, method, pass_mark, number, percent in rows:
        attempts[(user_id, item_id)].append((number, percent))
        rules[item_id] = (method, pass_mark)
    results: dict[int, dict[int, tuple]] = defaultdict(dict)
    for (user_id, item_id), found in attempts.items():
        method, pass_mark = rules[item_id]
        grade = quiz_grade(found, method)
        best = max((p for _n, p in found if p is not None), default=None)
        results[user_id][item_id] = (best, grade is not None and grade >= pass_mark)
    return results


def certificate_holders(workshop: Workshop) -> set[int] | None:
    """Users holding a valid certificate of the workshop (None: certificates not installed)."""
    return None


def certificate_counts(group, filtered) -> dict | None:
    """Certificates issued per `group` value, the query narrowed by `filtered(query)`
    (None: certificates not installed)."""
    return None
