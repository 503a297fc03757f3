"""Who may do what with banks, quizzes and attempts."""

from __future__ import annotations

from sqlalchemy import select

from app.auth.permissions import is_admin, is_organiser, is_trainer
from app.courses.models import CourseAuthor
from app.extensions import db


def can_edit_course_content(user, course) -> bool:
    """Admins, and trainers who are authors of the course."""
    if not (user and user.is_authenticated) or course is None:
        return False
    if is_admin(user):
        return True
    if not is_trainer(user):
        return False
    return db.session.scalar(
        select(CourseAuthor.id).where(CourseAuthor.course_id == course.id,
                                      CourseAuthor.user_id == user.id)
    ) is not None


def can_author_questions(user) -> bool:
    return is_trainer(user)


def can_manage_bank(user, bank) -> bool:
    return can_edit_course_content(user, bank.course)


def can_manage_quiz(user, quiz) -> bool:
    return can_edit_course_content(user, quiz.course)


def can_grade_quiz(user, quiz) -> bool:
    return can_manage_quiz(user, quiz)


def can_view_quiz_results(user, quiz) -> bool:
    return is_organiser(user) or can_manage_quiz(user, quiz)


def can_take_quiz(user, quiz) -> bool:
    if not (user and user.is_authenticated):
        return False
    return quiz.course.is_published or can_manage_quiz(user, quiz)


def can_view_attempt(user, attempt) -> bool:
    if not (user and user.is_authenticated):
        return False
    return attempt.user_id == user.id or can_view_quiz_results(user, attempt.quiz)


def can_grade_attempt(user, attempt) -> bool:
    return can_grade_quiz(user, attempt.quiz)


def editable_courses(user) -> list:
    """Courses whose question banks and quizzes this user may edit."""
    from app.courses.models import Course

    if not (user and user.is_authenticated):
        return []
    query = select(Course).order_by(Course.title)
    if not is_admin(user):
        if not is_trainer(user):
            return []
        query = query.where(Course.id.in_(
            select(CourseAuthor.course_id).where(CourseAuthor.user_id == user.id)))
    return list(db.session.scalars(query))
