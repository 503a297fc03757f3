"""Lists for pages and forms: the catalogue, the courses a user edits or authors, choices."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from flask_babel import gettext as _
from sqlalchemy import bindparam, func, or_, select, union
from sqlalchemy.orm import selectinload

from app.auth.models import ORGANISER
from app.courses.models import (
    ARCHIVED,
    PUBLISHED,
    Course,
    CourseActivity,
    CourseAuthor,
    CourseStatus,
    CourseTopic,
    CourseTranslation,
    Module,
)
from app.experts.models import Expert
from app.extensions import db
from app.query_args import MAX_PAGE, ListPage
from app.timeutil import utcnow

CATALOGUE_PAGE_SIZE = 24
ACTIVE_DAYS = 30  # a course's learners "active" on the trainer's home


def search_catalogue(*, q: str = "", topic: str = "", language: str = "", level: str = "",
                     page: int = 1) -> ListPage:
    """A page of the published courses that match, as rows of their id and revision: the
    cards are a cached fragment (views.loaders.catalogue_key); on a miss,
    `catalogue_courses` loads what they show. One statement (the total a window count; a
    second only for a page past the end)."""
    page = min(max(page or 1, 1), MAX_PAGE)
    like = f"%{q.strip().lower()}%" if q.strip() else None
    statement, count = _catalogue_statements(bool(like), bool(topic), bool(language),
                                             bool(level))
    params = {"like": like, "topic": topic, "language": language, "level": level}
    rows = db.session.execute(statement, {**params, "limit": CATALOGUE_PAGE_SIZE,
                                          "offset": (page - 1) * CATALOGUE_PAGE_SIZE}).all()
    if rows:
        total = rows[0].total
    elif page > 1:  # past the last page: how many there are, for "Page 9 of 2"
        total = db.session.scalar(count, params)
    else:
        total = 0
    return ListPage(page=page, per_page=CATALOGUE_PAGE_SIZE, total=total, items=rows)


@cache
def _catalogue_statements(q: bool, topic: bool, language: bool, level: bool):
    """The catalogue's page and count statements for one combination of filters, built once
    with bind parameters (building them cost more than running them)."""
    query = select(Course.id, Course.updated_at).where(Course.status == PUBLISHED)
    if q:
        like = bindparam("like")
        query = query.where(or_(func.lower(Course.title).like(like),
                                func.lower(Course.summary).like(like)))
    if topic:
        query = query.where(Course.id.in_(select(CourseTopic.course_id)
                                          .where(CourseTopic.topic == bindparam("topic"))))
    if language:  # written in it, or translated into it
        code = bindparam("language")
        query = query.where(or_(Course.language == code, Course.id.in_(
            select(CourseTranslation.course_id).where(CourseTranslation.language == code))))
    if level:
        query = query.where(Course.level == bindparam("level"))
    count = select(func.count()).select_from(query.subquery())
    page = (query.add_columns(func.count().over().label("total"))
            .order_by(Course.title, Course.id)
            .limit(bindparam("limit")).offset(bindparam("offset")))
    return page, count


def catalogue_courses(course_ids: list[int]) -> list[Course]:
    """The catalogue's cards: these courses (in this order) with their topics and
    translations."""
    found = {c.id: c for c in db.session.scalars(
        select(Course).where(Course.id.in_(course_ids))
        .options(selectinload(Course.topic_links), selectinload(Course.translations))
        .execution_options(populate_existing=True))}
    return [found[i] for i in course_ids if i in found]


def catalogue_languages() -> list[str]:
    """Every language a published course is written or translated in."""
    source = select(Course.language).where(Course.status == PUBLISHED)
    translated = (select(CourseTranslation.language).join(Course)
                  .where(Course.status == PUBLISHED))
    return sorted(set(db.session.scalars(union(source, translated))))  # one query


def editable_courses(user) -> list[Course]:
    """The courses `user` may edit: all for organisers, their own for trainers."""
    query = (select(Course).options(selectinload(Course.author_links).joinedload(
        CourseAuthor.user), selectinload(Course.modules).selectinload(Module.items))
        .order_by(Course.updated_at.desc(), Course.id.desc()))
    if not user.has_role(ORGANISER):
        query = query.where(Course.id.in_(select(CourseAuthor.course_id)
                                          .where(CourseAuthor.user_id == user.id)))
    return list(db.session.scalars(query))


def course_choices(exclude: Course | None = None) -> list[tuple[str, str]]:
    rows = db.session.execute(select(Course.id, Course.title, Course.status)
                              .where(Course.status != ARCHIVED).order_by(Course.title))
    return [(str(r.id), r.title if r.status == PUBLISHED else f"{r.title} ({_('draft')})")
            for r in rows if exclude is None or r.id != exclude.id]


def expert_choices() -> list[tuple[str, str]]:
    rows = db.session.execute(select(Expert.id, Expert.name, Expert.organisation)
                              .where(~Expert.archived).order_by(Expert.name))
    return [(str(r.id), f"{r.name} — {r.organisation}" if r.organisation else r.name)
            for r in rows]


@dataclass(frozen=True)
class AuthoredCourse(CourseStatus):
    """What the trainer's home shows of a course they author."""

    id: int
    slug: str
    title: str
    status: str


def authored_courses(user, limit: int = 8, *, now: datetime | None = None,
                     active_days: int = ACTIVE_DAYS) -> tuple[list[tuple[AuthoredCourse, int]],
                                                              int]:
    """(course, learners active on it in the last `active_days` days) for the first `limit`
    courses `user` is an author of, drafts first then published, archived left out, and how
    many there are (one query, built once: the total a window count, the learners a subquery
    on the course activity index, not the learners' lesson records; only the columns
    shown)."""
    since = (now or utcnow()) - timedelta(days=active_days)
    rows = db.session.execute(_authored_statement(),
                              {"user_id": user.id, "since": since, "limit": limit}).all()
    return ([(AuthoredCourse(r.id, r.slug, r.title, r.status), r.learners) for r in rows],
            rows[0].total if rows else 0)


@cache
def _authored_statement():
    active = (select(func.count(CourseActivity.id))
              .where(CourseActivity.course_id == Course.id,
                     CourseActivity.last_active_at >= bindparam("since"))
              .correlate(Course).scalar_subquery())
    return (select(Course.id, Course.slug, Course.title, Course.status,
                   active.label("learners"), func.count().over().label("total"))
            .where(Course.id.in_(select(CourseAuthor.course_id).where(
                CourseAuthor.user_id == bindparam("user_id"))), Course.status != ARCHIVED)
            .order_by(Course.status != "draft", Course.title, Course.id)
            .limit(bindparam("limit")))
