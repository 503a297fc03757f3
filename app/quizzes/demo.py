"""Demo: on the first module quiz of the course learner@demo.test has started, the learner
has passed one attempt and six fictional officials (marked demo) have taken it, so the
trainer's results page and item analysis show something. Idempotent."""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from app.auth.models import User, UserRole
from app.auth.services import get_user_by_email
from app.courses.models import Course, CourseActivity, ModuleItem
from app.extensions import db
from app.quizzes import attempts
from app.quizzes.models import Attempt, Quiz
from app.quizzes.types import QUESTION_TYPES
from app.timeutil import utcnow

DEMO_LEARNERS = [
    ("NGUYEN Thi Lan", "Nguyễn Thị Lan", "VN", "Ministry of Labour, Invalids and Social "
     "Affairs (demo)", 0.9),
    ("SOMCHAI Phongsavath", "ສົມໃຈ ພົງສະຫວັດ", "LA", "Ministry of Labour and Social "
     "Welfare (demo)", 0.75),
    ("Siti AMINAH", "", "ID", "Ministry of Manpower (demo)", 0.6),
    ("Aung Kyaw MOE", "အောင်ကျော်မိုး", "MM", "Ministry of Labour (demo)", 0.5),
    ("PARK Jiwoo", "박지우", "KR", "Ministry of Employment and Labor (demo)", 0.85),
    ("Kanya SRISUK", "กัญญา ศรีสุข", "TH", "Department of Employment (demo)", 0.4),
]


def _demo_user(name: str, native: str, country: str, agency: str, n: int) -> User:
    email = f"quiz-learner-{n}@demo.test"
    user = get_user_by_email(email)
    if user is None:
        user = User(email=email, name=name, native_name=native, country=country, agency=agency,
                    position="Officer (demo)", is_demo=True, password_hash=None)
        user.role_rows = [UserRole(role="learner")]
        db.session.add(user)
        db.session.flush()
    return user


def _form(attempt: Attempt, rng: random.Random, skill: float) -> MultiDict:
    data = MultiDict()
    for index, entry in enumerate(attempt.snapshot):
        right = rng.random() < skill
        for key, value in QUESTION_TYPES[entry["type"]].demo_fields(entry, f"s{index}", right):
            data.add(key, value)
    data.add("slots", ",".join(str(i) for i in range(len(attempt.snapshot))))
    return data


def _take(quiz: Quiz, user: User, rng: random.Random, skill: float, days_ago: int) -> None:
    when = utcnow() - timedelta(days=days_ago, hours=rng.randint(1, 8))
    attempt = attempts.start_attempt(quiz, user, now=when)
    attempts.save_page(attempt, _form(attempt, rng, skill), sequence=0,
                       indices=list(range(len(attempt.snapshot))),
                       now=when + timedelta(minutes=rng.randint(6, 15)))
    attempts.finish(attempt, now=when + timedelta(minutes=rng.randint(8, 16)))


def load() -> None:
    learner = get_user_by_email("learner@demo.test")
    started = db.session.scalar(
        select(Course).join(CourseActivity, CourseActivity.course_id == Course.id)
        .where(CourseActivity.user_id == learner.id).order_by(Course.id)) if learner else None
    if started is None:
        return
    quiz = db.session.scalar(select(Quiz).join(ModuleItem, ModuleItem.id == Quiz.item_id)
                             .where(Quiz.course_id == started.id).order_by(Quiz.id))
    if quiz is None or not quiz.slots:
        return
    if db.session.scalar(select(func.count(Attempt.id)).where(Attempt.quiz_id == quiz.id)):
        return  # already loaded
    rng = random.Random(2024)  # noqa: S311 - fictional demo answers
    for n, (name, native, country, agency, skill) in enumerate(DEMO_LEARNERS, start=1):
        _take(quiz, _demo_user(name, native, country, agency, n), rng, skill, days_ago=n)
    _take(quiz, learner, rng, 1.0, days_ago=0)
