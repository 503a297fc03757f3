"""Outlines and learners' progress, generic over item kinds.

Completion of an item is read through its kind (`ITEM_KINDS[kind].completed(user, items)`):
one call per kind for a whole page, never one per item. Marking a lesson done (or undoing
it) sends `signals.lesson_completed` once per change, for the domains that track
completion (workshops).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache

from sqlalchemy import and_, bindparam, or_, select
from sqlalchemy.orm import selectinload

from app import signals
from app.courses import structure
from app.courses.items import ITEM_KINDS
from app.courses.models import (
    PUBLISHED,
    Course,
    CourseActivity,
    CoursePrerequisite,
    Lesson,
    LessonProgress,
    Module,
    ModuleItem,
)
from app.extensions import db
from app.timeutil import utcnow

# What an outline needs of a lesson (the body is loaded only on the lesson page).
OUTLINE_LESSON_COLUMNS = (Lesson.id, Lesson.item_id, Lesson.slug, Lesson.title, Lesson.minutes,
                          Lesson.revision)


def outline_options():
    """Loader options: modules → items → lessons (without bodies), authors, prerequisites."""
    return (
        selectinload(Course.modules).selectinload(Module.items).selectinload(ModuleItem.lesson)
        .load_only(*OUTLINE_LESSON_COLUMNS),
        selectinload(Course.prerequisite_links).joinedload(CoursePrerequisite.required_course),
    )


def items_of(course: Course) -> list[ModuleItem]:
    """The course's items of registered kinds, in order (module by module)."""
    return [item for module in course.modules for item in module.items
            if item.kind in ITEM_KINDS]


def completed_item_ids(user, items: Iterable[ModuleItem]) -> set[int]:
    if user is None or not user.is_authenticated:
        return set()
    by_kind: dict[str, list[ModuleItem]] = defaultdict(list)
    for item in items:
        by_kind[item.kind].append(item)
    done: set[int] = set()
    for kind, kind_items in by_kind.items():
        if kind in ITEM_KINDS:
            done |= set(ITEM_KINDS[kind].completed(user, kind_items))
    return done


@dataclass
class CourseProgress:
    course: Course
    items: list[ModuleItem]
    completed: set[int] = field(default_factory=set)

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def done(self) -> int:
        return sum(1 for item in self.items if item.id in self.completed)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def is_complete(self) -> bool:
        return self.done == self.total

    @property
    def next_item(self) -> ModuleItem | None:
        """The first item not completed yet: where the learner resumes."""
        return next((item for item in self.items if item.id not in self.completed), None)

    @property
    def minutes(self) -> int:
        """The time the outline announces for the whole course (each kind says its own)."""
        return sum(ITEM_KINDS[item.kind].minutes(item) for item in self.items)

    @property
    def lessons_total(self) -> int:
        return sum(1 for item in self.items if item.lesson is not None)

    @property
    def lessons_done(self) -> int:
        return sum(1 for item in self.items if item.lesson is not None and item.id in
                   self.completed)

    def is_done(self, item: ModuleItem) -> bool:
        return item.id in self.completed


def progress_for_courses(user, courses: Iterable[Course], *,
                         completed: set[int] | None = None) -> dict[int, CourseProgress]:
    """Progress of `user` in each course, with one completion query per item kind (none when
    the caller read the user's `completed` item ids of these courses already)."""
    courses = list(courses)
    items = {course.id: items_of(course) for course in courses}
    done = completed if completed is not None else completed_item_ids(
        user, [item for its in items.values() for item in its])
    return {course.id: CourseProgress(course, items[course.id], done & {i.id for i in
                                                                          items[course.id]})
            for course in courses}


def progress_for(user, course: Course) -> CourseProgress:
    """Progress of one learner in one course (used by workshops' completion rules)."""
    return progress_for_courses(user, [course])[course.id]


def load_courses_with_outline(course_ids: Iterable[int]) -> list[Course]:
    ids = list(set(course_ids))
    if not ids:
        return []
    options = [*outline_options(), selectinload(Course.author_links)]
    return list(db.session.scalars(select(Course).where(Course.id.in_(ids)).options(*options)))


def missing_prerequisites(user, course: Course) -> list[Course]:
    """Published prerequisite courses the user has not completed (in the course's order).

    Drafts are not offered yet and archived courses can no longer be taken, so only published
    prerequisites are enforced.
    """
    required = [c for c in course.prerequisites if c.status == PUBLISHED]
    if not required:
        return []
    if user is None or not user.is_authenticated:
        return required
    loaded = {c.id: c for c in load_courses_with_outline(c.id for c in required)}
    progress = progress_for_courses(user, loaded.values())
    return [c for c in required if not progress[c.id].is_complete]


def has_started(user, course: Course) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return db.session.scalar(select(CourseActivity.id).where(
        CourseActivity.user_id == user.id, CourseActivity.course_id == course.id)) is not None


def record_activity(user, course: Course) -> CourseActivity:
    activity = db.session.scalar(select(CourseActivity).where(
        CourseActivity.user_id == user.id, CourseActivity.course_id == course.id))
    if activity is None:
        activity = CourseActivity(user_id=user.id, course_id=course.id)
        db.session.add(activity)
    activity.last_active_at = utcnow()
    db.session.flush()
    return activity


def set_lesson_done(user, lesson: Lesson, course: Course, done: bool = True) -> bool:
    """Record (or withdraw) that `user` has completed `lesson`; True if that changed
    anything (then `signals.lesson_completed` has been sent)."""
    row = db.session.scalar(select(LessonProgress).where(
        LessonProgress.user_id == user.id, LessonProgress.lesson_id == lesson.id))
    changed = done == (row is None)
    if done and row is None:
        row = LessonProgress(user_id=user.id, lesson_id=lesson.id)
        db.session.add(row)
    elif not done and row is not None:
        db.session.delete(row)
    record_activity(user, course)
    db.session.flush()
    if changed:
        signals.lesson_completed.send(row, user=user, lesson=lesson, completed=done)
    return changed


def lessons_completed(user, items: list[ModuleItem]) -> set[int]:
    """LessonKind.completed: ids of the items whose lesson `user` has done."""
    if not items or user is None or not user.is_authenticated:
        return set()
    return set(db.session.scalars(_lessons_completed_statement(),
                                  {"user_id": user.id, "ids": [item.id for item in items]}))


@cache
def _lessons_completed_statement():
    """Built once: on every course page, its construction cost more than running it."""
    return (select(Lesson.item_id).join(LessonProgress, LessonProgress.lesson_id == Lesson.id)
            .where(LessonProgress.user_id == bindparam("user_id"),
                   Lesson.item_id.in_(bindparam("ids", expanding=True))))


@dataclass
class LearningEntry:
    activity: CourseActivity
    progress: CourseProgress


def recent_activities(user, recent: int | None = None) -> list[CourseActivity]:
    """The user's course activities, most recently active first (the `recent` first)."""
    query = (select(CourseActivity).where(CourseActivity.user_id == user.id)
             .order_by(CourseActivity.last_active_at.desc(), CourseActivity.id.desc()))
    return list(db.session.scalars(query.limit(recent) if recent else query))


def recent_with_courses(user, recent: int, course_ids: Iterable[int]
                        ) -> tuple[list, dict[int, structure.CourseShape]]:
    """The user's `recent` most recently active courses, most recent first (rows of their
    activities: id, course_id, last_active_at), and the structures of these courses and of
    `course_ids` (course id → shape): one query for the courses' rows and the activities."""
    rows = db.session.execute(_recent_with_courses_statement(),
                              {"user_id": user.id, "recent": recent,
                               "ids": list(set(course_ids))}).all()
    activities = sorted((RecentActivity(row.activity_id, row.id, row.last_active_at)
                         for row in rows if row.activity_id is not None),
                        key=lambda a: (a.last_active_at, a.id), reverse=True)
    return activities, {c.id: c for c in structure.shapes_of(rows)}


@cache
def _recent_with_courses_statement():
    """The rows of the courses of a user's `recent` latest activities (with them) and of the
    courses `ids` (built once)."""
    top = (select(CourseActivity.id).where(CourseActivity.user_id == bindparam("user_id"))
           .order_by(CourseActivity.last_active_at.desc(), CourseActivity.id.desc())
           .limit(bindparam("recent")))
    return (select(*structure.HEAD, CourseActivity.id.label("activity_id"),
                   CourseActivity.last_active_at)
            .outerjoin(CourseActivity, and_(CourseActivity.course_id == Course.id,
                                            CourseActivity.id.in_(top)))
            .where(or_(Course.id.in_(select(CourseActivity.course_id)
                                     .where(CourseActivity.id.in_(top))),
                       Course.id.in_(bindparam("ids", expanding=True)))))


@dataclass(frozen=True)
class RecentActivity:
    """What the home reads of a course activity."""

    id: int
    course_id: int
    last_active_at: datetime


def learning_entries(user, activities: list[CourseActivity], courses: dict[int, Course], *,
                     completed: set[int] | None = None
                     ) -> tuple[list[LearningEntry], list[LearningEntry]]:
    """(in progress, completed) entries of these activities, given their courses (shaped);
    `completed`: the user's completed items of these courses when read already."""
    from app.courses.permissions import can_view_course

    visible = [a for a in activities
               if a.course_id in courses and can_view_course(user, courses[a.course_id])]
    progress = progress_for_courses(user, [courses[a.course_id] for a in visible],
                                    completed=completed)
    entries = [LearningEntry(a, progress[a.course_id]) for a in visible]
    in_progress = [e for e in entries if not e.progress.is_complete]
    done = [e for e in entries if e.progress.is_complete]
    return in_progress, done


def my_learning(user, *, recent: int | None = None
                ) -> tuple[list[LearningEntry], list[LearningEntry]]:
    """(in progress, completed) courses of a learner, most recently active first; only the
    `recent` most recently active ones when given (a constant cost however many courses the
    learner ever started)."""
    activities = recent_activities(user, recent)
    # The courses' structures, cached per revision (not their outlines loaded row by row).
    courses = {c.id: c for c in structure.shaped_courses(a.course_id for a in activities)}
    return learning_entries(user, activities, courses)
