"""Bulk reads of other domains' records for many learners at once (one query each):
lessons done (courses), quiz results (quizzes), certificates issued (certificates).

`learners` is a SELECT of user ids (a subquery), so the statements do not grow with the
number of learners.
"""

from __future__ import annotations

import functools
from collections import defaultdict

from sqlalchemy import Select, bindparam, func, select

from app.auth.models import User
from app.certificates.models import VALID, Certificate
from app.courses.models import Lesson, LessonProgress
from app.extensions import db
from app.quizzes.models import FINISHED, Attempt, Quiz
from app.quizzes.services import has_passed, quiz_grade
from app.workshops.models import Enrolment, Workshop


def _lessons_of(columns, learners, lesson_item_ids: list[int]) -> Select:
    """`columns` of the learners' progress rows on the lesson items `lesson_item_ids`."""
    query = (select(*columns)
             .join(Lesson, Lesson.id == LessonProgress.lesson_id)
             .where(Lesson.item_id.in_(lesson_item_ids)))
    if isinstance(learners, Select):
        # Joined rather than IN (...): SQLite then reads each learner's progress once instead
        # of probing every (learner, lesson) pair (7,500 for the 500-learner roster).
        them = learners.subquery()
        return query.join(them, them.c[0] == LessonProgress.user_id)
    return query.where(LessonProgress.user_id.in_(learners))


def lessons_done(learners: Select, lesson_item_ids: list[int]) -> dict[int, set[int]]:
    """user id → ids of the lesson items they have done."""
    if not lesson_item_ids:
        return {}
    rows = db.session.execute(
        _lessons_of((LessonProgress.user_id, Lesson.item_id), learners, lesson_item_ids))
    done: dict[int, set[int]] = defaultdict(set)
    for user_id, item_id in rows:
        done[user_id].add(item_id)
    return done


def lessons_done_counts(learners: Select, lesson_item_ids: list[int]) -> dict[int, int]:
    """user id → how many of the lesson items they have done (counted by the database:
    for a status only the number matters). Learners with none are left out."""
    if not lesson_item_ids:
        return {}
    query = _lessons_of((LessonProgress.user_id, func.count(func.distinct(Lesson.item_id))),
                        learners, lesson_item_ids).group_by(LessonProgress.user_id)
    return dict(db.session.execute(query).all())


def quizzes_of_items(quiz_item_ids: list[int]) -> dict[int, Quiz]:
    """The quiz behind each "quiz" module item."""
    if not quiz_item_ids:
        return {}
    return {q.item_id: q for q in db.session.scalars(
        select(Quiz).where(Quiz.item_id.in_(quiz_item_ids)))}


@functools.cache
def _grading_statement():
    """The quizzes of the items :item_ids, with what grading reads of them."""
    return select(Quiz.id, Quiz.item_id, Quiz.grading_method, Quiz.pass_mark).where(
        Quiz.item_id.in_(bindparam("item_ids", expanding=True)))


def quiz_results(learners: Select, quiz_item_ids: list[int]) -> dict[int, dict[int, tuple]]:
    """user id → {quiz item id: (best percent, passed, awaiting grading)}. Passing follows
    the quizzes domain: the grade that counts (by the quiz's grading method)
    reaches the pass mark."""
    if not quiz_item_ids:
        return {}
    # what grading reads of each quiz, as plain rows
    by_id = {q.id: (q.item_id, q) for q in db.session.execute(
        _grading_statement(), {"item_ids": list(quiz_item_ids)})}
    if not by_id:
        return {}
    rows = db.session.execute(
        select(Attempt.user_id, Attempt.quiz_id, Attempt.number, Attempt.state,
               Attempt.is_preview, Attempt.needs_grading, Attempt.percent)
        .where(Attempt.quiz_id.in_(list(by_id)), Attempt.user_id.in_(learners),
               Attempt.state == FINISHED, Attempt.is_preview.is_(False)))
    attempts: dict[tuple[int, int], list] = defaultdict(list)
    for row in rows:
        attempts[(row.user_id, row.quiz_id)].append(row)
    results: dict[int, dict[int, tuple]] = defaultdict(dict)
    for (user_id, quiz_id), found in attempts.items():
        item_id, quiz = by_id[quiz_id]
        graded = [a.percent for a in found if a.percent is not None and not a.needs_grading]
        grade = quiz_grade(found, quiz.grading_method)
        results[user_id][item_id] = (max(graded, default=None), has_passed(quiz, grade),
                                     bool([a for a in found if a.needs_grading]))
    return results


@functools.cache
def _certificate_holders_statement():
    return select(Certificate.user_id).where(Certificate.workshop_id == bindparam("workshop_id"),
                                             Certificate.status == VALID)


def certificate_holders(workshop: Workshop) -> set[int]:
    """Users holding a valid certificate of the workshop."""
    return set(db.session.scalars(_certificate_holders_statement(),
                                  {"workshop_id": workshop.id}))


def certificate_counts(group, filtered) -> dict:
    """Valid certificates of workshops per `group` value (a column of User or Workshop),
    the query narrowed by `filtered(query)` like the enrolment counts it stands beside."""
    query = (select(group, func.count(Certificate.id))
             .select_from(Certificate)
             .join(Enrolment, (Enrolment.workshop_id == Certificate.workshop_id)
                   & (Enrolment.user_id == Certificate.user_id))
             .join(User, User.id == Enrolment.user_id)
             .join(Workshop, Workshop.id == Enrolment.workshop_id)
             .where(Certificate.status == VALID))
    return dict(db.session.execute(filtered(query).group_by(group)).all())
