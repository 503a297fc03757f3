"""Loading the objects in a URL with their access check (404 / 403 in one place)."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from app.extensions import db
from app.quizzes import permissions
from app.quizzes.models import Attempt, Question, QuestionBank, Quiz


def get_bank(bank_id: int) -> QuestionBank:
    bank = db.get_or_404(QuestionBank, bank_id)
    if not permissions.can_manage_bank(current_user, bank):
        abort(403)
    return bank


def get_question(question_id: int) -> Question:
    question = db.get_or_404(Question, question_id)
    if not permissions.can_manage_bank(current_user, question.bank):
        abort(403)
    return question


def get_quiz(quiz_id: int, check=permissions.can_manage_quiz) -> Quiz:
    quiz = db.get_or_404(Quiz, quiz_id)
    if not check(current_user, quiz):
        abort(403)
    return quiz


def get_attempt(attempt_id: int, check=permissions.can_view_attempt) -> Attempt:
    attempt = db.get_or_404(Attempt, attempt_id)
    if not check(current_user, attempt):
        abort(403)
    return attempt


def own_attempt(attempt: Attempt, user) -> bool:
    return attempt.user_id == user.id
