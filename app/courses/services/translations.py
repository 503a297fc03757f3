"""Language versions of a course: which languages it is offered in, the translated texts
of the course, its modules and lessons, and which text a learner is shown.

A course has one source language (`Course.language`) and, for each other language it is
offered in, a CourseTranslation row (the order of course.yaml's `languages:`). Parts
without a translation are shown in the source language. Progress and grades never depend
on the language.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from app.courses.content import render_body
from app.courses.models import (
    Course,
    CourseTranslation,
    Lesson,
    LessonTranslation,
    Module,
    ModuleTranslation,
    lesson_titles_of,
)
from app.courses.services.courses import touch
from app.courses.services.outline import normalise_body
from app.courses.services.slugs import CourseError
from app.extensions import db
from app.reference import LANGUAGES


def course_languages(course: Course) -> list[str]:
    """The source language first, then the languages the course is translated into."""
    return [course.language] + [t.language for t in course.translations
                                if t.language != course.language]


def course_title(course: Course, language: str | None) -> str:
    """The course's title in `language` when it is translated, else the source title
    (for certificates: the title in the holder's language)."""
    if language and language != course.language:
        for row in course.translations:
            if row.language == language and row.title.strip():
                return row.title
    return course.title


def course_summary(course: Course, language: str | None) -> str:
    if language and language != course.language:
        for row in course.translations:
            if row.language == language and row.summary.strip():
                return row.summary
    return course.summary


def set_languages(course: Course, languages: list[str]) -> None:
    """Offer the course in `languages` (besides its source language), in this order;
    translations of languages left out are kept in the database only for the course's
    modules and lessons until they are removed by the author."""
    wanted = []
    for code in languages:
        if code not in LANGUAGES:
            raise CourseError(_("Unknown language: %(code)s", code=code), "languages")
        if code != course.language and code not in wanted:
            wanted.append(code)
    existing = {row.language: row for row in course.translations}
    rows = []
    for position, code in enumerate(wanted, start=1):
        row = existing.get(code) or CourseTranslation(language=code, title="", summary="")
        row.position = position
        rows.append(row)
    course.translations = rows
    touch(course)


def set_course_translation(course: Course, language: str, *, title: str,
                           summary: str) -> CourseTranslation:
    row = next((t for t in course.translations if t.language == language), None)
    if row is None:
        set_languages(course, [*course_languages(course)[1:], language])
        row = next(t for t in course.translations if t.language == language)
    row.title, row.summary = title.strip(), summary.strip()
    touch(course)  # a new revision: cached structures and outlines show the new texts
    return row


def module_translation(module: Module, language: str | None) -> ModuleTranslation | None:
    return next((t for t in module.translations if t.language == language), None)


def set_module_translation(module: Module, language: str, *, title: str = "",
                           summary: str = "", quiz_title: str = "") -> ModuleTranslation:
    row = module_translation(module, language)
    if row is None:
        row = ModuleTranslation(language=language)
        module.translations.append(row)
    row.title, row.summary, row.quiz_title = title.strip(), summary.strip(), quiz_title.strip()
    touch(module.course)
    return row


def lesson_translation(lesson: Lesson, language: str | None) -> LessonTranslation | None:
    """The lesson's translation into `language` (one query; None if there is none)."""
    if not language or language == lesson.item.module.course.language:
        return None
    return db.session.scalar(select(LessonTranslation).where(
        LessonTranslation.lesson_id == lesson.id, LessonTranslation.language == language))


def set_lesson_translation(lesson: Lesson, language: str, *, title: str, body: str,
                           keep_revision: bool = False) -> LessonTranslation:
    """Create or update the lesson's translation: it is then made from the source's current
    revision (with `keep_revision`, an unchanged translation keeps the revision it was made
    from, so re-importing a package does not hide that it needs an update)."""
    course = lesson.item.module.course
    if language == course.language or language not in course_languages(course):
        raise CourseError(_("This course is not offered in that language."), "language")
    if not title.strip():
        raise CourseError(_("Give the translation a title."), "title")
    body = normalise_body(body)
    row = next((t for t in lesson.translations if t.language == language), None)
    if row is None:
        row = LessonTranslation(language=language, title="", body="", body_html="",
                                source_revision=lesson.revision)
        lesson.translations.append(row)
    elif not (keep_revision and row.title == title.strip() and row.body == body):
        row.source_revision = lesson.revision
    if row.body != body or not row.body_html:
        row.body, row.body_html = body, render_body(body)
    row.title = title.strip()
    touch(course)
    return row


def delete_lesson_translation(lesson: Lesson, language: str) -> None:
    row = next((t for t in lesson.translations if t.language == language), None)
    if row is not None:
        lesson.translations.remove(row)
        touch(lesson.item.module.course)


def reading_language(course: Course, chosen: str | None, preferred: str | None,
                     interface: str | None) -> str:
    """Which of the course's languages a learner reads: the one chosen on the page (the
    "Read in" switch), else their preferred language, else the interface language, else
    the source language."""
    languages = course_languages(course)
    for code in (chosen, preferred, interface):
        if code in languages:
            return code
    return course.language


@dataclass
class LanguageCompleteness:
    language: str
    parts: list  # TranslationCounts of each item kind (lessons, questions…)

    @property
    def done(self) -> int:
        return sum(p.translated for p in self.parts)

    @property
    def total(self) -> int:
        return sum(p.total for p in self.parts)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 100


def completeness(course: Course) -> list[LanguageCompleteness]:
    """For each language the course is translated into: its lessons and questions
    translated, needing an update (the source changed since) and missing."""
    from app.courses.items import ITEM_KINDS

    by_kind: dict[str, list] = {}
    for module in course.modules:
        for item in module.items:
            by_kind.setdefault(item.kind, []).append(item)
    result = []
    for code in course_languages(course)[1:]:
        parts = []
        for kind_name, items in by_kind.items():
            kind = ITEM_KINDS.get(kind_name)
            counts = kind.translation_counts(items, code) if kind is not None else None
            if counts is not None:
                parts.append(counts)
        result.append(LanguageCompleteness(code, parts))
    return result


@dataclass
class Titles:
    """The titles of courses, modules, lessons and quizzes in each course's reading
    language, loaded at once (two queries whatever the number of parts): the outline, the
    breadcrumbs, "My learning" and the workshop page call `titles.item(item)` and the like
    instead of one query per part. A part without a translation keeps its source title."""

    languages: dict[int, str]  # course id -> the language it is read in
    modules: dict[int, ModuleTranslation]
    lessons: dict[int, str]  # module item id -> translated lesson title

    def language(self, course: Course) -> str:
        return self.languages.get(course.id, course.language)

    def course(self, course: Course, like: Course | None = None) -> str:
        """The course's title; with `like`, in the language `like` is read in (for a
        prerequisite named on a course's page)."""
        return course_title(course, self.language(like or course))

    def course_summary(self, course: Course) -> str:
        return course_summary(course, self.language(course))

    def module(self, module: Module) -> str:
        row = self.modules.get(module.id)
        return row.title if row is not None and row.title else module.title

    def module_summary(self, module: Module) -> str:
        row = self.modules.get(module.id)
        return row.summary if row is not None and row.summary else module.summary

    def item(self, item) -> str:
        if item.id in self.lessons:
            return self.lessons[item.id]
        if item.kind == "quiz":
            row = self.modules.get(item.module_id)
            if row is not None and row.quiz_title:
                return row.quiz_title
        return item.title


def titles_in(languages: dict[Course, str | None]) -> Titles:
    """Titles of each course's parts in the language given for it (a language the course
    is not offered in, or its source language, gives the source titles, without a query)."""
    wanted = {course.id: language for course, language in languages.items()
              if language and language != course.language
              and language in course_languages(course)}
    modules: dict[int, ModuleTranslation] = {}
    lessons: dict[int, str] = {}
    if wanted:
        codes = set(wanted.values())
        for row, course_id in db.session.execute(
                select(ModuleTranslation, Module.course_id).join(Module)
                .where(Module.course_id.in_(wanted), ModuleTranslation.language.in_(codes))):
            if wanted[course_id] == row.language:
                modules[row.module_id] = row
        for course_id, item_id, language, title in db.session.execute(
                lesson_titles_of(wanted, codes)):
            if wanted[course_id] == language and title.strip():
                lessons[item_id] = title
    return Titles({course.id: language or course.language
                   for course, language in languages.items()}, modules, lessons)
