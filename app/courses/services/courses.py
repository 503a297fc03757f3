"""Courses: create and edit, topics, prerequisites, resource persons, publication, authors.

Plain functions called by the views, the CLI and the package loader: they add and flush,
raise CourseError with a message for the user, and never commit.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.auth.audit import record_audit
from app.auth.models import ORGANISER, TRAINER, User
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
)
from app.courses.services.slugs import (
    RESERVED_SLUGS,
    CourseError,
    check_slug_format,
    slugify,
    unique_slug,
)
from app.courses.topics import TOPICS
from app.experts.models import Expert
from app.extensions import db
from app.reference import LANGUAGES
from app.timeutil import utcnow

# Slugs -------------------------------------------------------------------------------------

def check_course_slug(slug: str, course: Course | None = None) -> None:
    check_slug_format(slug)
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
    return unique_slug(base, taken)


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
    touch(course)  # the authors are part of the cached structure (app.courses.structure)
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
    touch(course)
    db.session.flush()
    record_audit("course.author.remove", actor=actor, target=course.slug, details=user.email)
