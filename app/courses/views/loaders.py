"""What the courses' route modules share: loaders that 404 (or 403) in one place, and the
small helpers the templates use."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_babel import get_locale
from flask_login import current_user

from app.courses import services, structure
from app.courses.items import ITEM_KINDS
from app.courses.models import Course, Module, ModuleItem
from app.courses.permissions import can_edit_course, can_view_course


def course_or_404(slug: str, *, check: str = "view", **load) -> Course:
    """The course at `slug`, with what the page needs (services.get_course; the outline by
    default). `check="view"`: 404 if the current user may not see it (drafts too);
    `check="edit"`: 404 if there is none or they may not edit it (a 403 would tell a
    non-author that a draft exists under this slug)."""
    load.setdefault("outline", True)
    course = services.get_course(slug, **load)
    if course is None:
        abort(404)
    if check == "edit" and not can_edit_course(current_user, course):
        abort(404)
    if check == "view" and not can_view_course(current_user, course):
        abort(404)
    return course


def shaped_course_or_404(slug: str) -> structure.CourseShape:
    """The course at `slug` as its cached structure (structure.shaped_course: one query for
    its row), for the learner's pages that only read it; 404 as course_or_404."""
    course = structure.shaped_course(slug)
    if course is None or not can_view_course(current_user, course):
        abort(404)
    return course


def module_or_404(course: Course, module_id: int) -> Module:
    module = next((m for m in course.modules if m.id == module_id), None)
    if module is None:
        abort(404)
    return module


def item_or_404(course: Course, item_id: int, *, lesson: bool = False) -> ModuleItem:
    """An item of the course's outline (of a registered kind); `lesson=True`: a lesson."""
    item = next((i for m in course.modules for i in m.items if i.id == item_id), None)
    if item is None or item.kind not in ITEM_KINDS or (lesson and item.lesson is None):
        abort(404)
    return item


def refuse(form, exc: services.CourseError) -> None:
    """Show a service's refusal next to its field (or as a message)."""
    field = getattr(form, exc.field, None) if exc.field else None
    if field is not None:
        field.errors = [*field.errors, exc.message]
    else:
        flash(exc.message, "error")


def to_outline(course: Course, anchor: str = ""):
    return redirect(url_for("courses.authoring", slug=course.slug, _anchor=anchor or None))


def item_url(item) -> str:
    return ITEM_KINDS[item.kind].url(item)


def media_prefix(course: Course) -> str:
    return url_for("courses.media", course_id=course.id, name="x")[:-1]


OUTLINE_FRAGMENT = 1  # bump when the outline macro shows something its key does not hold


def outline_key(course: Course, progress, current=None, links: bool = True,
                language: str = "") -> tuple:
    """The fragment-cache key of a learner's outline (courses/_macros.html `outline`): the
    course's revision (every service that changes its modules, items, lessons or their
    translations calls services.touch, which moves `updated_at`), the interface language, the
    current item, which items are done, and the language the course is read in (its titles).
    Learners with the same progress share it; it holds nothing else of anyone's."""
    return ("courses.outline", OUTLINE_FRAGMENT, course.id, course.updated_at.isoformat(),
            str(get_locale()), language, request.script_root, current.id if current else None,
            bool(links), tuple(sorted(progress.completed)))


FACTS_FRAGMENT = 1  # bump when the course page's facts show something their key does not hold


def facts_key(course) -> tuple:
    """The fragment-cache key of the facts on a course's page (courses/_macros.html
    `course_facts`): the course's revision (services.touch moves it on every change of its
    languages, topics, modules or items), its level and hours (read with the revision), the
    interface language. Nothing of anyone's."""
    return ("courses.facts", FACTS_FRAGMENT, course.id, course.updated_at.isoformat(),
            course.level, course.hours, str(get_locale()), request.script_root)


CATALOGUE_FRAGMENT = 1  # bump when the catalogue's cards show something their key does not hold


def catalogue_key(page, reader_language: str) -> tuple:
    """The fragment-cache key of the catalogue's cards (courses/_macros.html
    `catalogue_cards`): each course's id and revision (services.touch moves it on every
    change of its title, summary, level, hours, topics or languages), in the page's order,
    the interface language and the reader's language. Nothing of anyone's."""
    return ("courses.catalogue", CATALOGUE_FRAGMENT, str(get_locale()), reader_language,
            request.script_root, tuple((c.id, c.updated_at.isoformat()) for c in page.items))
