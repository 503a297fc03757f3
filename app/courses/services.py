"""Course authoring: courses, modules, lessons, media, authors and publication.

Plain functions called by the views, the CLI and the package loader: they add and flush,
raise CourseError with a message for the user, and never commit.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.auth.audit import record_audit
from app.auth.models import ORGANISER, TRAINER, User
from app.courses.content import render_body
from app.courses.models import (
    ARCHIVED,
    COURSE_STATUSES,
    DRAFT,
    LEVELS,
    PUBLISHED,
    Course,
    CourseAuthor,
    CourseMedia,
    CoursePrerequisite,
    CourseResourcePerson,
    CourseTopic,
    Lesson,
    Module,
    ModuleItem,
)
from app.courses.topics import TOPICS
from app.experts.models import Expert
from app.extensions import db
from app.reference import LANGUAGES
from app.timeutil import utcnow

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# First path segments under /courses/ that are pages, not courses.
RESERVED_SLUGS = {"manage", "new", "upload", "my", "media", "static"}


class CourseError(Exception):
    """An operation was refused; `message` is shown to the user, next to `field` if given."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


# Slugs -------------------------------------------------------------------------------------

def slugify(text: str, fallback: str = "item") -> str:
    ascii_text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:80].strip("-") or fallback


def _unique(base: str, taken: set[str]) -> str:
    slug, n = base, 2
    while slug in taken:
        slug = f"{base[:76]}-{n}"
        n += 1
    return slug


def check_course_slug(slug: str, course: Course | None = None) -> None:
    if not SLUG_RE.match(slug) or len(slug) > 100:
        raise CourseError(_("Use lower-case letters a–z, digits and hyphens only."), "slug")
    if slug in RESERVED_SLUGS:
        raise CourseError(_("This address is reserved; choose another."), "slug")
    other = db.session.scalar(select(Course.id).where(Course.slug == slug))
    if other is not None and (course is None or other != course.id):
        raise CourseError(_("Another course already uses this address."), "slug")


def new_course_slug(title: str) -> str:
    base = slugify(title, "course")
    if base in RESERVED_SLUGS:
        base = f"{base}-course"
    taken = set(db.session.scalars(select(Course.slug).where(Course.slug.like(f"{base}%"))))
    return _unique(base, taken)


# Loading -----------------------------------------------------------------------------------

def get_course(slug: str, *, outline: bool = False, details: bool = False,
               media: bool = False) -> Course | None:
    """The course at `slug`, with what the page needs loaded up front (no query per row):
    `outline` modules → items → lessons; `details` topics, authors, resource persons,
    prerequisites; `media` the media files."""
    from app.courses.progress import outline_options

    # Authors are shown and checked by id (may edit); their roles are not needed: without
    # lazyload, User.role_rows (lazy="selectin") costs every course page one more query.
    options = [selectinload(Course.author_links).joinedload(CourseAuthor.user)
               .lazyload(User.role_rows)]
    if outline:
        options += outline_options()
    if details:
        options += [selectinload(Course.topic_links),
                    selectinload(Course.resource_person_links).joinedload(
                        CourseResourcePerson.expert)]
    if media:
        options.append(selectinload(Course.media).joinedload(CourseMedia.stored_file))
    return db.session.scalar(select(Course).where(Course.slug == slug).options(*options))


# Courses -----------------------------------------------------------------------------------

def _check_course_fields(*, title: str, language: str, level: str, hours: float) -> None:
    if not title.strip():
        raise CourseError(_("Give the course a title."), "title")
    if language not in LANGUAGES:
        raise CourseError(_("Choose a language from the list."), "language")
    if level not in LEVELS:
        raise CourseError(_("Choose a level from the list."), "level")
    if hours is None or hours < 0 or hours > 1000:
        raise CourseError(_("Give a number of hours between 0 and 1000."), "hours")


def create_course(author: User | None, *, title: str, slug: str = "", summary: str = "",
                  language: str = "en", level: str = "introductory", hours: float = 0,
                  topics: Sequence[str] = (), prerequisites: Sequence[Course] = (),
                  experts: Sequence[Expert] = ()) -> Course:
    _check_course_fields(title=title, language=language, level=level, hours=hours)
    slug = slug.strip() or new_course_slug(title)
    check_course_slug(slug)
    course = Course(slug=slug, title=title.strip(), summary=summary.strip(), language=language,
                    level=level, hours=hours, status=DRAFT)
    db.session.add(course)
    if author is not None:
        course.author_links.append(CourseAuthor(user=author))
    db.session.flush()
    set_topics(course, topics)
    set_prerequisites(course, prerequisites)
    set_resource_persons(course, experts)
    return course


def update_course(course: Course, *, title: str, slug: str, summary: str, language: str,
                  level: str, hours: float, topics: Sequence[str],
                  prerequisites: Sequence[Course], experts: Sequence[Expert]) -> None:
    _check_course_fields(title=title, language=language, level=level, hours=hours)
    check_course_slug(slug, course)
    set_prerequisites(course, prerequisites)
    course.slug, course.title, course.summary = slug, title.strip(), summary.strip()
    course.language, course.level, course.hours = language, level, hours
    set_topics(course, topics)
    set_resource_persons(course, experts)
    touch(course)


def touch(course: Course) -> None:
    course.updated_at = utcnow()


def _sync_links(existing: list, wanted: list, key, make) -> list:
    """Reuse link rows by key (no delete + insert of the same unique pair in one flush)."""
    by_key = {key(link): link for link in existing}
    result = []
    for position, value in enumerate(wanted):
        link = by_key.pop(value, None) or make(value)
        link.position = position
        result.append(link)
    return result


def set_topics(course: Course, topics: Iterable[str]) -> None:
    wanted = list(dict.fromkeys(topics))
    unknown = [t for t in wanted if t not in TOPICS]
    if unknown:
        raise CourseError(_("Unknown topic: %(topic)s.", topic=", ".join(unknown)), "topics")
    course.topic_links = _sync_links(course.topic_links, wanted, lambda link: link.topic,
                                     lambda t: CourseTopic(topic=t))


def _required_closure(course_ids: Iterable[int]) -> set[int]:
    """Every course reachable from `course_ids` by following prerequisites."""
    seen: set[int] = set()
    frontier = set(course_ids)
    while frontier:
        seen |= frontier
        frontier = set(db.session.scalars(
            select(CoursePrerequisite.required_course_id)
            .where(CoursePrerequisite.course_id.in_(frontier)))) - seen
    return seen


def set_prerequisites(course: Course, prerequisites: Iterable[Course]) -> None:
    wanted = list({c.id: c for c in prerequisites}.values())
    if any(c.id == course.id for c in wanted):
        raise CourseError(_("A course cannot be its own prerequisite."), "prerequisites")
    if course.id is not None and course.id in _required_closure(c.id for c in wanted):
        raise CourseError(_("These prerequisites would make a circle: a prerequisite already "
                            "requires this course."), "prerequisites")
    course.prerequisite_links = _sync_links(
        course.prerequisite_links, wanted, lambda link: link.required_course,
        lambda c: CoursePrerequisite(required_course=c))


def set_resource_persons(course: Course, experts: Iterable[Expert]) -> None:
    wanted = list({e.id: e for e in experts}.values())
    course.resource_person_links = _sync_links(
        course.resource_person_links, wanted, lambda link: link.expert,
        lambda e: CourseResourcePerson(expert=e))


STATUS_ACTIONS = {PUBLISHED: "course.publish", DRAFT: "course.unpublish",
                  ARCHIVED: "course.archive"}


def set_status(course: Course, status: str, *, actor: User | None = None) -> None:
    if status not in COURSE_STATUSES:
        raise CourseError(_("Unknown status."))
    if status == course.status:
        return
    if status == PUBLISHED and not any(module.items for module in course.modules):
        raise CourseError(_("Add at least one lesson before publishing the course."))
    if status == PUBLISHED and course.published_at is None:
        course.published_at = utcnow()
    course.status = status
    touch(course)
    record_audit(STATUS_ACTIONS[status], actor=actor, target=course.slug)


def add_author(course: Course, email: str, *, actor: User | None = None) -> User:
    from app.auth.services import get_user_by_email

    user = get_user_by_email(email or "")
    if user is None:
        raise CourseError(_("There is no account with this e-mail address."), "email")
    if not user.has_role(TRAINER, ORGANISER):
        raise CourseError(_("%(name)s is not a trainer. An administrator can give the trainer "
                            "role first.", name=user.name), "email")
    if any(link.user_id == user.id for link in course.author_links):
        raise CourseError(_("%(name)s is already an author of this course.", name=user.name),
                          "email")
    course.author_links.append(CourseAuthor(user=user))
    db.session.flush()
    record_audit("course.author.add", actor=actor, target=course.slug, details=user.email)
    return user


def remove_author(course: Course, user: User, *, actor: User | None = None) -> None:
    link = next((lk for lk in course.author_links if lk.user_id == user.id), None)
    if link is None:
        return
    if len(course.author_links) == 1:
        raise CourseError(_("A course keeps at least one author."))
    course.author_links.remove(link)
    db.session.flush()
    record_audit("course.author.remove", actor=actor, target=course.slug, details=user.email)


# Modules -----------------------------------------------------------------------------------

def _renumber(rows: list) -> None:
    for position, row in enumerate(rows, start=1):
        row.position = position


def _check_child_slug(slug: str, taken: set[str]) -> None:
    if not SLUG_RE.match(slug) or len(slug) > 100:
        raise CourseError(_("Use lower-case letters a–z, digits and hyphens only."), "slug")
    if slug in taken:
        raise CourseError(_("This address is already used here; choose another."), "slug")


def create_module(course: Course, *, title: str, slug: str = "", summary: str = "") -> Module:
    if not title.strip():
        raise CourseError(_("Give the module a title."), "title")
    taken = {m.slug for m in course.modules}
    slug = slug.strip() or _unique(slugify(title, "module"), taken)
    _check_child_slug(slug, taken)
    module = Module(slug=slug, title=title.strip(), summary=summary.strip(),
                    position=len(course.modules) + 1)
    course.modules.append(module)
    touch(course)
    db.session.flush()
    return module


def update_module(module: Module, *, title: str, slug: str, summary: str) -> None:
    if not title.strip():
        raise CourseError(_("Give the module a title."), "title")
    _check_child_slug(slug, {m.slug for m in module.course.modules if m is not module})
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


def _check_lesson_fields(title: str, minutes: int) -> None:
    if not title.strip():
        raise CourseError(_("Give the lesson a title."), "title")
    if minutes is None or not 0 <= minutes <= 1440:
        raise CourseError(_("Give a number of minutes between 0 and 1440."), "minutes")


def create_lesson(module: Module, *, title: str, slug: str = "", minutes: int = 0,
                  body: str = "") -> Lesson:
    _check_lesson_fields(title, minutes)
    taken = _lesson_slugs(module)
    slug = slug.strip() or _unique(slugify(title, "lesson"), taken)
    _check_child_slug(slug, taken)
    item = new_item(module, "lesson", title.strip())
    lesson = Lesson(slug=slug, title=title.strip(), minutes=minutes, body="", body_html="",
                    revision=0)
    item.lesson = lesson
    set_lesson_body(lesson, body)
    touch(module.course)
    db.session.flush()
    return lesson


def update_lesson(lesson: Lesson, *, title: str, slug: str, minutes: int, body: str) -> None:
    _check_lesson_fields(title, minutes)
    _check_child_slug(slug, _lesson_slugs(lesson.item.module, exclude=lesson))
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
