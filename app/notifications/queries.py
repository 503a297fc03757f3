"""Reads for the pages and for other domains (the home page per role uses these)."""

from __future__ import annotations

from functools import cache

from sqlalchemy import bindparam, func, select

from app.auth.models import User
from app.extensions import db
from app.notifications.models import Announcement, Notification
from app.workshops.models import APPROVED, Enrolment, Workshop

PAGE_SIZE = 30


def unread_count_column():
    """The unread count as a scalar subquery of the signed-in user's row (loaded with the
    user: app.auth.services.accounts.register_session_figure)."""
    return (select(func.count()).select_from(Notification)
            .where(Notification.user_id == User.id, Notification.read_at.is_(None))
            .scalar_subquery())


def unread_count(user: User) -> int:
    """How many of the user's notifications are unread (one indexed count)."""
    return db.session.scalar(select(func.count()).select_from(Notification).where(
        Notification.user_id == user.id, Notification.read_at.is_(None))) or 0


def latest(user: User, n: int = 5) -> list[Notification]:
    """The user's `n` newest notifications, unread or not."""
    return list(db.session.scalars(
        select(Notification).where(Notification.user_id == user.id)
        .order_by(Notification.created_at.desc(), Notification.id.desc()).limit(n)))


def page_of(user: User, page: int = 1, *, unread_only: bool = False
            ) -> tuple[list[Notification], bool]:
    """One page of the user's notifications, newest first, and whether there is more."""
    query = select(Notification).where(Notification.user_id == user.id)
    if unread_only:
        query = query.where(Notification.read_at.is_(None))
    rows = list(db.session.scalars(
        query.order_by(Notification.created_at.desc(), Notification.id.desc())
        .offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE + 1)))
    return rows[:PAGE_SIZE], len(rows) > PAGE_SIZE


def workshop_announcements(workshop_id: int, n: int | None = None) -> list[Announcement]:
    query = (select(Announcement).where(Announcement.workshop_id == workshop_id)
             .order_by(Announcement.created_at.desc(), Announcement.id.desc()))
    if n:
        query = query.limit(n)
    return list(db.session.scalars(query))


def announcements_for_learner(user: User, n: int = 5) -> list:
    """The newest announcements of the workshops the user is enrolled in (for the home), as
    rows of what the home shows: workshop_id, title, created_at, workshop_title."""
    return db.session.execute(_announcements_statement(), {"user_id": user.id, "n": n}).all()


@cache
def _announcements_statement():
    mine = select(Enrolment.workshop_id).where(Enrolment.user_id == bindparam("user_id"),
                                               Enrolment.status == APPROVED)
    return (select(Announcement.workshop_id, Announcement.title, Announcement.created_at,
                   Workshop.title.label("workshop_title"))
            .join(Workshop, Workshop.id == Announcement.workshop_id)
            .where(Announcement.workshop_id.in_(mine))
            .order_by(Announcement.created_at.desc(), Announcement.id.desc())
            .limit(bindparam("n")))


def cohort(workshop_id: int) -> list[User]:
    """The approved learners of a workshop (one query)."""
    return list(db.session.scalars(
        select(User).join(Enrolment, Enrolment.user_id == User.id)
        .where(Enrolment.workshop_id == workshop_id, Enrolment.status == APPROVED)
        .order_by(User.id)))
