"""A course's revision: `Course.updated_at` moves whenever anything its outline shows changes.

The services touch the course they change (services.courses.touch), but an outline is also
made of rows other domains write (a quiz's title is its item's title, set by app.quizzes).
So, before every flush, a change to a module, an item, a lesson or one of their translations
touches its course in the same flush: the outline's cache key (views.loaders.outline_key)
can never outlive what it shows, whoever wrote the change.
"""

from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.orm import Session

from app.courses.models import (
    Course,
    Lesson,
    LessonTranslation,
    Module,
    ModuleItem,
    ModuleTranslation,
)
from app.timeutil import utcnow


def _course_id(obj) -> int | None:
    if isinstance(obj, Module):
        return obj.course_id or (obj.course.id if obj.course is not None else None)
    if isinstance(obj, ModuleItem):
        module = obj.module
        return _course_id(module) if module is not None else None
    if isinstance(obj, Lesson):
        return _course_id(obj.item) if obj.item is not None else None
    if isinstance(obj, ModuleTranslation):
        return _course_id(obj.module) if obj.module is not None else None
    if isinstance(obj, LessonTranslation):
        return _course_id(obj.lesson) if obj.lesson is not None else None
    return None


TRACKED = (Module, ModuleItem, Lesson, ModuleTranslation, LessonTranslation)


def _touch_changed_courses(session: Session, _context, _instances) -> None:
    changed = [obj for obj in session.dirty if isinstance(obj, TRACKED)
               and session.is_modified(obj, include_collections=False)]
    changed += [obj for obj in (*session.new, *session.deleted) if isinstance(obj, TRACKED)]
    if not changed:
        return
    with session.no_autoflush:
        ids = {cid for cid in map(_course_id, changed) if cid is not None}
        now = utcnow()
        for course_id in ids:
            course = session.get(Course, course_id)
            if course is not None and course not in session.deleted:
                course.updated_at = now


def register() -> None:
    if not event.contains(Session, "before_flush", _touch_changed_courses):
        event.listen(Session, "before_flush", _touch_changed_courses)
