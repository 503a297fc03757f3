"""Factories for workshop tests: a course with lessons and quizzes, workshops, progress."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from app import signals
from app.auth.models import User
from app.courses.models import Course, Lesson, LessonProgress, Module, ModuleItem
from app.extensions import db
from app.quizzes.models import FINISHED, Attempt, Quiz
from app.workshops import services
from app.workshops.models import OPEN, Workshop

_seq = itertools.count(1)


def make_course(*, lessons: int = 3, quizzes: int = 1, title: str | None = None) -> Course:
    n = next(_seq)
    course = Course(slug=f"course-{n}", title=title or f"Course {n}", status="published")
    module = Module(slug="m1", title="Module 1", position=0)
    course.modules.append(module)
    db.session.add(course)
    db.session.flush()
    position = 0
    for i in range(1, lessons + 1):
        item = ModuleItem(module_id=module.id, position=position, kind="lesson",
                          title=f"Lesson {i}")
        item.lesson = Lesson(slug=f"lesson-{i}", title=f"Lesson {i}", body="Text")
        db.session.add(item)
        position += 1
    for i in range(1, quizzes + 1):
        item = ModuleItem(module_id=module.id, position=position, kind="quiz", title=f"Quiz {i}")
        db.session.add(item)
        db.session.flush()
        db.session.add(Quiz(course_id=course.id, item_id=item.id, title=f"Quiz {i}",
                            pass_mark=70))
        position += 1
    db.session.commit()
    return course


def items(course: Course, kind: str) -> list[ModuleItem]:
    return [i for m in course.modules for i in m.items if i.kind == kind]


def make_workshop(organiser: User, *, courses=(), status: str = OPEN, **fields) -> Workshop:
    data = {
        "title": fields.pop("title", f"Workshop {next(_seq)}"),
        "start_date": date.today() + timedelta(days=10),
        "end_date": date.today() + timedelta(days=12),
        "mode": "blended",
        "timezone": "Asia/Bangkok",
        "enrolment_policy": "open",
        "course_ids": [c.id for c in courses],
        "organiser_ids": [organiser.id],
        "require_lessons": True,
        "require_quizzes": True,
        "min_attendance_percent": 0,
        "languages": ["en"],
    }
    data.update(fields)
    workshop = services.save_workshop(None, data, actor=organiser)
    workshop.status = status
    db.session.commit()
    return workshop


def complete_lesson(user: User, item: ModuleItem) -> None:
    """A lesson done, as the courses domain records it (it sends lesson_completed)."""
    progress = LessonProgress(user_id=user.id, lesson_id=item.lesson.id)
    db.session.add(progress)
    db.session.flush()
    signals.lesson_completed.send(progress, user=user, lesson=item.lesson, completed=True)


def attempt_quiz(user: User, item: ModuleItem, percent: float, *, number: int = 1) -> Attempt:
    quiz = db.session.query(Quiz).filter_by(item_id=item.id).one()
    attempt = Attempt(quiz_id=quiz.id, user_id=user.id, number=number, state=FINISHED,
                      percent=percent, score=percent, max_score=100,
                      passed=percent >= quiz.pass_mark)
    db.session.add(attempt)
    db.session.flush()
    signals.attempt_finished.send(attempt, user=user, quiz=quiz, needs_grading=False)
    return attempt
