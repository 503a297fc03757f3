"""Who may do what with banks, quizzes and attempts.

Question banks and quizzes belong to a course: those who may edit the course (its
authors, organisers, admins — app.courses.permissions) manage them and grade essays;
organisers also see results. A learner takes a quiz when they may study its course.
"""

from __future__ import annotations

from app.auth.models import ORGANISER, TRAINER
from app.auth.permissions import is_organiser
from app.courses import permissions as courses


def can_author_questions(user) -> bool:
    return bool(user and user.is_authenticated and user.has_role(TRAINER, ORGANISER))


def can_edit_course_content(user, course) -> bool:
    return course is not None and courses.can_edit_course(user, course)


def can_manage_bank(user, bank) -> bool:
    return can_edit_course_content(user, bank.course)


def can_manage_question(user, question) -> bool:
    return can_manage_bank(user, question.bank)


def can_manage_quiz(user, quiz) -> bool:
    return can_edit_course_content(user, quiz.course)


def can_grade_quiz(user, quiz) -> bool:
    return can_manage_quiz(user, quiz)


def can_view_quiz_results(user, quiz) -> bool:
    return is_organiser(user) or can_manage_quiz(user, quiz)


def can_take_quiz(user, quiz, *, course=None) -> bool:
    """`course`: the quiz's course as loaded by the caller (its cached structure), else
    quiz.course."""
    if not (user and user.is_authenticated):
        return False
    return courses.can_study(user, course if course is not None else quiz.course)


def can_view_attempt(user, attempt) -> bool:
    if not (user and user.is_authenticated):
        return False
    return attempt.user_id == user.id or can_view_quiz_results(user, attempt.quiz)


def can_grade_attempt(user, attempt) -> bool:
    return can_grade_quiz(user, attempt.quiz)


def can_take_attempt(user, attempt) -> bool:
    """Only the learner whose attempt it is answers it."""
    return bool(user and user.is_authenticated) and attempt.user_id == user.id


def editable_courses(user) -> list:
    """Courses whose question banks and quizzes this user may edit."""
    from app.courses.queries import editable_courses as courses_of

    if not can_author_questions(user):
        return []
    return courses_of(user)
