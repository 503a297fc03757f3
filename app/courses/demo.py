"""Demo: trainer@demo.test authors the courses imported from the repository's courses/
folder (`make run` imports them first), which are published, and learner@demo.test has
started the first of them."""

from __future__ import annotations

from sqlalchemy import select

from app.auth.services import get_user_by_email
from app.courses import progress, services
from app.courses.models import DRAFT, PUBLISHED, Course, CourseAuthor
from app.extensions import db
from config import BASE_DIR

COURSES_DIR = BASE_DIR / "courses"
LEARNER_LESSONS_DONE = 2


def repository_slugs() -> list[str]:
    if not COURSES_DIR.is_dir():
        return []
    return sorted(p.name for p in COURSES_DIR.iterdir() if (p / "course.yaml").is_file())


def load() -> None:
    trainer = get_user_by_email("trainer@demo.test")
    learner = get_user_by_email("learner@demo.test")
    slugs = repository_slugs()
    courses = list(db.session.scalars(select(Course).where(Course.slug.in_(slugs))
                                      .order_by(Course.id))) if slugs else []
    for course in courses:
        if trainer is not None and not any(a.user_id == trainer.id for a in course.author_links):
            course.author_links.append(CourseAuthor(user=trainer))
        if course.status == DRAFT and course.published_at is None and any(
                m.items for m in course.modules):
            services.set_status(course, PUBLISHED, actor=trainer)
    db.session.flush()
    first = next((c for c in courses if c.is_published and not c.prerequisites), None)
    if learner is None or first is None or progress.has_started(learner, first):
        return
    lessons = [i.lesson for i in progress.items_of(first) if i.lesson is not None]
    for lesson in lessons[:LEARNER_LESSONS_DONE]:
        progress.set_lesson_done(learner, lesson, first)
    progress.record_activity(learner, first)
