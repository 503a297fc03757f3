"""Modules, items and lessons of a course: create, edit, move, delete; lesson bodies."""

from __future__ import annotations

import re

from flask_babel import gettext as _

from app.courses.content import render_body
from app.courses.models import LESSON, Course, Lesson, Module, ModuleItem
from app.courses.services.courses import touch
from app.courses.services.slugs import CourseError, check_child_slug, slugify, unique_slug
from app.extensions import db

# Modules -----------------------------------------------------------------------------------

def _renumber(rows: list) -> None:
    for position, row in enumerate(rows, start=1):
        row.position = position


def create_module(course: Course, *, title: str, slug: str = "", summary: str = "") -> Module:
    if not title.strip():
        raise CourseError(_("Give the module a title."), "title")
    taken = {m.slug for m in course.modules}
    slug = slug.strip() or unique_slug(slugify(title, "module"), taken)
    check_child_slug(slug, taken)
    module = Module(slug=slug, title=title.strip(), summary=summary.strip(),
                    position=len(course.modules) + 1)
    course.modules.append(module)
    touch(course)
    db.session.flush()
    return module


def update_module(module: Module, *, title: str, slug: str, summary: str) -> None:
    if not title.strip():
        raise CourseError(_("Give the module a title."), "title")
    check_child_slug(slug, {m.slug for m in module.course.modules if m is not module})
    module.title, module.slug, module.summary = title.strip(), slug, summary.strip()
    touch(module.course)


def delete_module(module: Module) -> None:
    course = module.course
    course.modules.remove(module)
    _renumber(course.modules)
    touch(course)
    db.session.flush()


def move_module(module: Module, direction: int) -> None:
    modules = list(module.course.modules)
    index = modules.index(module)
    target = index + (1 if direction > 0 else -1)
    if 0 <= target < len(modules):
        modules[index], modules[target] = modules[target], modules[index]
        _renumber(modules)
        module.course.modules.sort(key=lambda m: m.position)
        touch(module.course)


# Items and lessons -------------------------------------------------------------------------

def new_item(module: Module, kind: str, title: str) -> ModuleItem:
    """Append an item of `kind` to a module (used by every kind, e.g. a module's quiz)."""
    item = ModuleItem(kind=kind, title=title, position=len(module.items) + 1)
    module.items.append(item)
    db.session.flush()
    return item


def _lesson_slugs(module: Module, exclude: Lesson | None = None) -> set[str]:
    return {item.lesson.slug for item in module.items
            if item.lesson is not None and item.lesson is not exclude}


WORDS_PER_MINUTE = 200


def reading_minutes(body: str) -> int:
    """How long a lesson takes to read, at about 200 words a minute (at least 1)."""
    words = len(re.findall(r"\w+", body or ""))
    return min(max(1, round(words / WORDS_PER_MINUTE)), 1440)


def _check_lesson_fields(title: str, minutes: int) -> None:
    if not title.strip():
        raise CourseError(_("Give the lesson a title."), "title")
    if not 0 <= minutes <= 1440:
        raise CourseError(_("Give a number of minutes between 0 and 1440."), "minutes")


def create_lesson(module: Module, *, title: str, slug: str = "", minutes: int | None = None,
                  body: str = "") -> Lesson:
    """A new lesson; without `minutes`, its reading time from the word count."""
    minutes = reading_minutes(body) if minutes is None else minutes
    _check_lesson_fields(title, minutes)
    taken = _lesson_slugs(module)
    slug = slug.strip() or unique_slug(slugify(title, "lesson"), taken)
    check_child_slug(slug, taken)
    item = new_item(module, LESSON, title.strip())
    lesson = Lesson(slug=slug, title=title.strip(), minutes=minutes, body="", body_html="",
                    revision=0)
    item.lesson = lesson
    set_lesson_body(lesson, body)
    touch(module.course)
    db.session.flush()
    return lesson


def update_lesson(lesson: Lesson, *, title: str, slug: str, minutes: int | None,
                  body: str) -> None:
    minutes = reading_minutes(body) if minutes is None else minutes
    _check_lesson_fields(title, minutes)
    check_child_slug(slug, _lesson_slugs(lesson.item.module, exclude=lesson))
    title_changed = title.strip() != lesson.title
    lesson.title = lesson.item.title = title.strip()
    lesson.slug, lesson.minutes = slug, minutes
    if not set_lesson_body(lesson, body) and title_changed:
        lesson.revision += 1
    touch(lesson.item.module.course)


LEADING_BLANK_LINES_RE = re.compile(r"\A(?:[ \t]*\n)+")


def normalise_body(body: str) -> str:
    """LF line endings, no blank lines at the start, no blank lines or spaces at the end
    (as in the files, so that a body survives export and import unchanged)."""
    body = (body or "").replace("\r\n", "\n").replace("\r", "\n")
    return LEADING_BLANK_LINES_RE.sub("", body).rstrip()


def set_lesson_body(lesson: Lesson, body: str) -> bool:
    """Set the Markdown body; render and cache the HTML only when the body changed."""
    body = normalise_body(body)
    if body == lesson.body and lesson.revision:
        return False
    lesson.body = body
    lesson.body_html = render_body(body)
    lesson.revision = (lesson.revision or 0) + 1
    return True


def delete_item(item: ModuleItem) -> None:
    module = item.module
    module.items.remove(item)
    _renumber(module.items)
    touch(module.course)
    db.session.flush()


def move_item(item: ModuleItem, direction: int) -> None:
    """Move one place up or down; past the module's edge it moves into the next module."""
    module = item.module
    modules = list(module.course.modules)
    items = list(module.items)
    index = items.index(item)
    target = index + (1 if direction > 0 else -1)
    if 0 <= target < len(items):
        items[index], items[target] = items[target], items[index]
        _renumber(items)
        module.items.sort(key=lambda i: i.position)
    else:
        module_index = modules.index(module) + (1 if direction > 0 else -1)
        if not 0 <= module_index < len(modules):
            return
        other = modules[module_index]
        module.items.remove(item)
        if direction > 0:
            other.items.insert(0, item)
        else:
            other.items.append(item)
        _renumber(module.items)
        _renumber(other.items)
    touch(module.course)
    db.session.flush()
