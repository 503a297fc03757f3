"""A course's structure as plain data, cached per revision (app.cache.cached_data): its
modules, items and lessons (ids, kinds, order, titles and minutes, the titles in each of its
languages), its languages, topics, authors and prerequisites — what a lesson page needs of the
course graph, without loading it row by row.

`shaped_course(slug)` reads the course's row (one query: its revision) and rebuilds light
objects that answer like the models for reading (`course.modules`, `module.items`,
`item.lesson`, `item.module.course.slug`), so the kinds, progress, permissions and the
outline macro take them as they take the models. They hold nothing of any user: progress,
completion and permissions are computed for each request. Every service that changes what is
here calls services.touch (a new revision, a new key).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import selectinload

from app.cache import cached_data, cached_data_many
from app.courses.models import (
    Course,
    CourseAuthor,
    CoursePrerequisite,
    CourseStatus,
    Lesson,
    LessonTranslation,
    Module,
    ModuleItem,
    lesson_titles_of,
)
from app.extensions import db

STRUCTURE_VERSION = 1  # bump when the data below changes shape


@dataclass(frozen=True)
class Text:
    """A translation's texts (CourseTranslation, ModuleTranslation) for reading."""

    language: str
    title: str
    summary: str = ""
    quiz_title: str = ""


@dataclass(frozen=True)
class AuthorLink:
    user_id: int


@dataclass(eq=False)
class LessonShape:
    id: int
    item_id: int
    slug: str
    title: str
    minutes: int
    revision: int
    item: ItemShape | None = None


@dataclass(eq=False)
class ItemShape:
    id: int
    module_id: int
    position: int
    kind: str
    title: str
    module: ModuleShape
    lesson: LessonShape | None = None


@dataclass(eq=False)
class ModuleShape:
    id: int
    position: int
    slug: str
    title: str
    summary: str
    course: CourseShape
    translations: list[Text] = field(default_factory=list)
    items: list[ItemShape] = field(default_factory=list)


@dataclass(eq=False)
class CourseShape(CourseStatus):
    id: int
    slug: str
    title: str
    summary: str
    language: str
    level: str
    hours: float
    status: str
    updated_at: datetime
    translations: list[Text] = field(default_factory=list)
    author_links: list[AuthorLink] = field(default_factory=list)
    prerequisite_ids: list[int] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    modules: list[ModuleShape] = field(default_factory=list)
    # item id -> {language: translated lesson title}
    lesson_titles: dict[int, dict[str, str]] = field(default_factory=dict)
    _prerequisites: list[Course] | None = None

    @property
    def prerequisites(self) -> list[Course]:
        """The prerequisite courses, read now (their status is theirs, not in this
        course's revision): no query for a course without any."""
        if self._prerequisites is None:
            ids = self.prerequisite_ids
            rows = {c.id: c for c in db.session.scalars(
                select(Course).where(Course.id.in_(ids)))} if ids else {}
            self._prerequisites = [rows[i] for i in ids if i in rows]
        return self._prerequisites


# What the pages show of the course's own row, read on every view (it gives the revision).
HEAD = (Course.id, Course.slug, Course.title, Course.summary, Course.language, Course.level,
        Course.hours, Course.status, Course.updated_at)


def shaped_course(slug: str) -> CourseShape | None:
    """The course at `slug` with its structure (one query for its row; the rest from the
    cache, built on a miss)."""
    row = db.session.execute(_head_by_slug(), {"slug": slug}).first()
    return shape_of(row) if row is not None else None


@cache
def _head_by_slug():
    return select(*HEAD).where(Course.slug == bindparam("slug"))


def shaped_courses(course_ids) -> list[CourseShape]:
    """The structures of these courses (one query for their rows; the rest cached, the
    misses built together)."""
    ids = list(set(course_ids))
    if not ids:
        return []
    return shapes_of(db.session.execute(select(*HEAD).where(Course.id.in_(ids))))


def shapes_of(rows) -> list[CourseShape]:
    """The structures of the courses whose rows (with the columns of HEAD, and any others)
    these are (no query; the misses of the cache built together)."""
    rows = {row.id: row for row in rows}
    data = cached_data_many({cid: _key(row) for cid, row in rows.items()}, _structures)
    return [_rebuild(row, data[cid]) for cid, row in rows.items() if data[cid] is not None]


def shape_of(row) -> CourseShape:
    """The structure of the course whose row (a Course, or a row of HEAD) is `row`."""
    data = cached_data(_key(row), lambda: _structures([row.id])[row.id])
    return _rebuild(row, data)


def _key(row) -> tuple:
    return ("courses.structure", STRUCTURE_VERSION, row.id, row.updated_at.isoformat())


def _structures(course_ids: list[int]) -> dict[int, dict[str, Any]]:
    """The courses' structures as plain data (a constant number of queries whatever the
    number of courses; once per revision)."""
    courses = db.session.scalars(
        select(Course).where(Course.id.in_(course_ids)).options(
            selectinload(Course.translations), selectinload(Course.topic_links),
            selectinload(Course.author_links).load_only(CourseAuthor.user_id),
            selectinload(Course.prerequisite_links).load_only(
                CoursePrerequisite.required_course_id),
            selectinload(Course.modules).selectinload(Module.translations),
            selectinload(Course.modules).selectinload(Module.items)
            .selectinload(ModuleItem.lesson).load_only(
                Lesson.id, Lesson.item_id, Lesson.slug, Lesson.title, Lesson.minutes,
                Lesson.revision)))
    lesson_titles: dict[int, dict[str, dict[str, str]]] = {cid: {} for cid in course_ids}
    for course_id, item_id, language, title in db.session.execute(
            lesson_titles_of(course_ids)):
        lesson_titles[course_id].setdefault(str(item_id), {})[language] = title
    return {course.id: {
        "translations": [[t.language, t.title, t.summary] for t in course.translations],
        "authors": [link.user_id for link in course.author_links],
        "topics": course.topics,
        "prerequisites": [link.required_course_id for link in course.prerequisite_links],
        "modules": [[m.id, m.position, m.slug, m.title, m.summary,
                     [[t.language, t.title, t.summary, t.quiz_title] for t in m.translations],
                     [[i.id, i.position, i.kind, i.title, _lesson_data(i.lesson)]
                      for i in m.items]]
                    for m in course.modules],
        "lesson_titles": lesson_titles[course.id],  # JSON keys are strings
    } for course in courses}


def _lesson_data(lesson: Lesson | None) -> list | None:
    if lesson is None:
        return None
    return [lesson.id, lesson.slug, lesson.title, lesson.minutes, lesson.revision]


def _rebuild(row, data: dict[str, Any]) -> CourseShape:
    course = CourseShape(
        id=row.id, slug=row.slug, title=row.title, summary=row.summary, language=row.language,
        level=row.level, hours=row.hours, status=row.status, updated_at=row.updated_at,
        translations=[Text(lang, title, summary) for lang, title, summary
                      in data["translations"]],
        author_links=[AuthorLink(user_id) for user_id in data["authors"]],
        prerequisite_ids=list(data["prerequisites"]), topics=list(data["topics"]),
        lesson_titles={int(k): v for k, v in data["lesson_titles"].items()})
    for mid, position, slug, title, summary, translations, items in data["modules"]:
        module = ModuleShape(mid, position, slug, title, summary, course,
                             [Text(*t) for t in translations])
        for iid, ipos, kind, ititle, lesson in items:
            item = ItemShape(iid, mid, ipos, kind, ititle, module)
            if lesson is not None:
                item.lesson = LessonShape(lesson[0], iid, *lesson[1:], item=item)
            module.items.append(item)
        course.modules.append(module)
    return course


def titles_of(course: CourseShape, language: str | None):
    """services.titles_in({course: language}) from the structure (no query)."""
    from app.courses.services import Titles, course_languages

    modules: dict[int, Text] = {}
    lessons: dict[int, str] = {}
    if language and language != course.language and language in course_languages(course):
        for module in course.modules:
            row = next((t for t in module.translations if t.language == language), None)
            if row is not None:
                modules[module.id] = row
        for item_id, titles in course.lesson_titles.items():
            title = titles.get(language, "")
            if title.strip():
                lessons[item_id] = title
    return Titles({course.id: language or course.language}, modules, lessons)


def titles_for(languages: dict[CourseShape, str | None]):
    """services.titles_in(languages) for several courses, from their structures."""
    from app.courses.services import Titles

    merged = Titles({}, {}, {})
    for course, language in languages.items():
        one = titles_of(course, language)
        merged.languages.update(one.languages)
        merged.modules.update(one.modules)
        merged.lessons.update(one.lessons)
    return merged


@dataclass(frozen=True)
class LessonText:
    """What a lesson page shows of the lesson in one language: the title and the body
    (sanitised HTML, media references relative), the language it is in, and whether it is
    a translation older than its source."""

    title: str
    body_html: str
    language: str
    is_translation: bool
    needs_update: bool


def lesson_text(course: CourseShape, lesson: LessonShape, language: str) -> LessonText:
    """The lesson in `language` (its translation, else its source), cached per course
    revision (every change of a lesson or of its translations touches the course)."""
    def build() -> list:
        if language != course.language:
            found = db.session.execute(
                select(LessonTranslation.title, LessonTranslation.body_html,
                       LessonTranslation.source_revision)
                .where(LessonTranslation.lesson_id == lesson.id,
                       LessonTranslation.language == language)).first()
            if found is not None:
                return [found.title, found.body_html, language, True,
                        found.source_revision < lesson.revision]
        body = db.session.scalar(select(Lesson.body_html).where(Lesson.id == lesson.id))
        return [lesson.title, body or "", course.language, False, False]

    return LessonText(*cached_data(("courses.lesson_text", STRUCTURE_VERSION, course.id,
                                    course.updated_at.isoformat(), lesson.id, language), build))
