"""Courses → modules → items (lessons here; quizzes in app.quizzes).

Core models laid down by the foundation so that the courses, quizzes and workshops domains
can be built in parallel; the courses issue extends this module.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.timeutil import utcnow

if TYPE_CHECKING:
    from app.auth.models import User

DRAFT, PUBLISHED, ARCHIVED = "draft", "published", "archived"
COURSE_STATUSES = (DRAFT, PUBLISHED, ARCHIVED)
LEVELS = ("introductory", "intermediate", "advanced")


class Course(db.Model):
    __tablename__ = "courses"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(12), default="en", index=True)
    level: Mapped[str] = mapped_column(String(20), default="introductory", index=True)
    hours: Mapped[float] = mapped_column(default=0)
    status: Mapped[str] = mapped_column(String(12), default=DRAFT, index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    is_demo: Mapped[bool] = mapped_column(default=False)

    modules: Mapped[list[Module]] = relationship(
        back_populates="course", order_by="Module.position", cascade="all, delete-orphan"
    )
    author_links: Mapped[list[CourseAuthor]] = relationship(
        back_populates="course", cascade="all, delete-orphan"
    )

    @property
    def is_published(self) -> bool:
        return self.status == PUBLISHED


class CourseAuthor(db.Model):
    __tablename__ = "course_authors"
    __table_args__ = (UniqueConstraint("course_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"),
                                           index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)

    course: Mapped[Course] = relationship(back_populates="author_links")
    user: Mapped[User] = relationship("User")


class Module(db.Model):
    __tablename__ = "modules"
    __table_args__ = (UniqueConstraint("course_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"),
                                           index=True)
    position: Mapped[int] = mapped_column(default=0)
    slug: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str] = mapped_column(Text, default="")

    course: Mapped[Course] = relationship(back_populates="modules")
