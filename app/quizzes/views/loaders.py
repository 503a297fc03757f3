"""Loading the objects in a URL with their access check (404 / 403 in one place):
`<thing>_or_404(id, check=...)`, where `check(user, thing)` is a permission predicate.

Banks, questions and quizzes belong to a course's authoring: who may not manage them gets 404,
as on the course's own authoring pages (a 403 shows that a draft's quiz exists)."""

from __future__ import annotations

from flask import abort
from flask_login import current_user
from sqlalchemy.orm import joinedload

from app.courses import structure
from app.extensions import db
from app.quizzes import permissions
from app.quizzes.models import Attempt, Question, QuestionBank, Quiz, QuizSlot


def _or_404(model, ident: int, check, denied: int = 403):
    thing = db.get_or_404(model, ident)
    if check is not None and not check(current_user, thing):
        abort(denied)
    return thing


def bank_or_404(bank_id: int, check=permissions.can_manage_bank) -> QuestionBank:
    return _or_404(QuestionBank, bank_id, check, denied=404)


def question_or_404(question_id: int, check=permissions.can_manage_question) -> Question:
    return _or_404(Question, question_id, check, denied=404)


def quiz_or_404(quiz_id: int, check=permissions.can_manage_quiz) -> Quiz:
    return _or_404(Quiz, quiz_id, check, denied=404)


def quiz_to_take_or_404(quiz_id: int) -> tuple[Quiz, structure.CourseShape]:
    """The quiz with its course (one statement) and the course's structure cached per
    revision (its translations and prerequisites without a query each), for the learner's
    quiz page; 404 unless the current user may take it (permissions.can_take_quiz), as
    quiz_or_404."""
    quiz = db.session.get(Quiz, quiz_id, options=[joinedload(Quiz.course)])
    if quiz is None:
        abort(404)
    course = structure.shape_of(quiz.course)
    if not permissions.can_take_quiz(current_user, quiz, course=course):
        abort(404)
    return quiz, course


def slot_or_404(quiz: Quiz, slot_id: int) -> QuizSlot:
    """A slot of this quiz (the quiz's check was made when loading it)."""
    slot = db.get_or_404(QuizSlot, slot_id)
    if slot.quiz_id != quiz.id:
        abort(404)
    return slot


def attempt_or_404(attempt_id: int, check=permissions.can_view_attempt) -> Attempt:
    return _or_404(Attempt, attempt_id, check)
