"""Courses → modules → items (lessons here; quizzes in app.quizzes).

Course, CourseAuthor and Module were laid down by the foundation so that the courses,
quizzes and workshops domains could be built in parallel.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models_base import RevisedTranslation, Timestamps, owner_key, translations_of
from app.timeutil import utcnow

if TYPE_CHECKING:
    from app.auth.models import User
    from app.experts.models import Expert
    from app.files.models import StoredFile

DRAFT, PUBLISHED, ARCHIVED = "draft", "published", "archived"
COURSE_STATUSES = (DRAFT, PUBLISHED, ARCHIVED)
LEVELS = ("introductory", "intermediate", "advanced")
# ModuleItem.kind of lessons (app.courses.kinds.LessonKind); other kinds name their own.
LESSON = "lesson"


class CourseStatus:
    """What a course's `status` means: shared by the model and the cached course structure."""

    status: str

    @property
    def is_published(self) -> bool:
        return self.status == PUBLISHED

    @property
    def is_draft(self) -> bool:
        return self.status == DRAFT

    @property
    def is_archived(self) -> bool:
        return self.status == ARCHIVED


def lesson_titles_of(course_ids, languages=None):
    """(course id, lesson item id, language, title) of the lesson translations of courses
    (in `languages` only, when given)."""
    query = (select(Module.course_id, Lesson.item_id, LessonTranslation.language,
                    LessonTranslation.title)
             .join(Lesson, Lesson.id == LessonTranslation.lesson_id)
             .join(ModuleItem, ModuleItem.id == Lesson.item_id)
             .join(Module, Module.id == ModuleItem.module_id)
             .where(Module.course_id.in_(course_ids)))
    return query if languages is None else query.where(LessonTranslation.language.in_(languages))


class Course(CourseStatus, Timestamps, db.Model):
    __tablename__ = "courses"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(12), default="en", index=True)
    level: Mapped[str] = mapped_column(String(20), default="introductory", index=True)
    hours: Mapped[float] = mapped_column(default=0)
    status: Mapped[str] = mapped_column(String(12), default=DRAFT, index=True)
    is_demo: Mapped[bool] = mapped_column(default=False)
    published_at: Mapped[datetime | None]

    modules: Mapped[list[Module]] = relationship(
        back_populates="course", order_by="Module.position", cascade="all, delete-orphan"
    )
    author_links: Mapped[list[CourseAuthor]] = relationship(
        back_populates="course", cascade="all, delete-orphan", order_by="CourseAuthor.id"
    )
    topic_links: Mapped[list[CourseTopic]] = relationship(
        back_populates="course", cascade="all, delete-orphan", order_by="CourseTopic.position"
    )
    prerequisite_links: Mapped[list[CoursePrerequisite]] = relationship(
        back_populates="course", cascade="all, delete-orphan",
        order_by="CoursePrerequisite.position", foreign_keys="CoursePrerequisite.course_id",
    )
    resource_person_links: Mapped[list[CourseResourcePerson]] = relationship(
        back_populates="course", cascade="all, delete-orphan",
        order_by="CourseResourcePerson.position",
    )
    media: Mapped[list[CourseMedia]] = relationship(
        back_populates="course", cascade="all, delete-orphan", order_by="CourseMedia.name"
    )

    @property
    def topics(self) -> list[str]:
        return [link.topic for link in self.topic_links]

    @property
    def prerequisites(self) -> list[Course]:
        return [link.required_course for link in self.prerequisite_links]

    @property
    def resource_persons(self) -> list[Expert]:
        return [link.expert for link in self.resource_person_links]

    @property
    def authors(self) -> list[User]:
        return [link.user for link in self.author_links]


class CourseAuthor(db.Model):
    __tablename__ = "course_authors"
    __table_args__ = (UniqueConstraint("course_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = owner_key("courses")
    user_id: Mapped[int] = owner_key("users")

    course: Mapped[Course] = relationship(back_populates="author_links")
    user: Mapped[User] = relationship("User")


class Module(db.Model):
    __tablename__ = "modules"
    __table_args__ = (UniqueConstraint("course_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = owner_key("courses")
    position: Mapped[int] = mapped_column(default=0)
    slug: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str] = mapped_column(Text, default="")

    course: Mapped[Course] = relationship(back_populates="modules")
    items: Mapped[list[ModuleItem]] = relationship(
        back_populates="module", order_by="ModuleItem.position", cascade="all, delete-orphan"
    )


class CourseTopic(db.Model):
    """A course's topics: slugs of the expertise taxonomy (app.courses.topics), in order."""

    __tablename__ = "course_topics"
    __table_args__ = (UniqueConstraint("course_id", "topic"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = owner_key("courses")
    topic: Mapped[str] = mapped_column(String(60), index=True)
    position: Mapped[int] = mapped_column(default=0)

    course: Mapped[Course] = relationship(back_populates="topic_links")


class CoursePrerequisite(db.Model):
    """`course` may be studied once `required_course` is completed."""

    __tablename__ = "course_prerequisites"
    __table_args__ = (UniqueConstraint("course_id", "required_course_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = owner_key("courses")
    required_course_id: Mapped[int] = owner_key("courses")
    position: Mapped[int] = mapped_column(default=0)

    course: Mapped[Course] = relationship(back_populates="prerequisite_links",
                                          foreign_keys=[course_id])
    required_course: Mapped[Course] = relationship(foreign_keys=[required_course_id])


class CourseResourcePerson(db.Model):
    """An expert from the directory who is a resource person of a course."""

    __tablename__ = "course_resource_persons"
    __table_args__ = (UniqueConstraint("course_id", "expert_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = owner_key("courses")
    expert_id: Mapped[int] = owner_key("experts")
    position: Mapped[int] = mapped_column(default=0)

    course: Mapped[Course] = relationship(back_populates="resource_person_links")
    expert: Mapped[Expert] = relationship("Expert")


class CourseMedia(db.Model):
    """A file of the course's media folder: lessons refer to it as `media/<name>`."""

    __tablename__ = "course_media"
    __table_args__ = (UniqueConstraint("course_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = owner_key("courses")
    stored_file_id: Mapped[int] = owner_key("stored_files")
    name: Mapped[str] = mapped_column(String(200))

    course: Mapped[Course] = relationship(back_populates="media")
    stored_file: Mapped[StoredFile] = relationship("StoredFile")


class ModuleItem(db.Model):
    """One step of a module, of a registered kind (app.courses.items.ITEM_KINDS):
    a lesson (here) or a quiz (app.quizzes), each with its own row pointing at this one."""

    __tablename__ = "module_items"
    __table_args__ = (Index("ix_module_items_module_position", "module_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Indexed with position (ix_module_items_module_position).
    module_id: Mapped[int] = mapped_column(ForeignKey("modules.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(default=0)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    title: Mapped[str] = mapped_column(String(300))

    module: Mapped[Module] = relationship(back_populates="items")
    lesson: Mapped[Lesson | None] = relationship(
        back_populates="item", cascade="all, delete-orphan", uselist=False
    )


class Lesson(db.Model):
    __tablename__ = "lessons"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("module_items.id", ondelete="CASCADE"),
                                         unique=True)
    slug: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(300))
    minutes: Mapped[int] = mapped_column(default=0)
    body: Mapped[str] = mapped_column(Text, default="")
    # Cache: `body` rendered and sanitised once per revision (see services.set_lesson_body).
    body_html: Mapped[str] = mapped_column(Text, default="")
    revision: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    item: Mapped[ModuleItem] = relationship(back_populates="lesson")


class LessonProgress(db.Model):
    """A learner marked a lesson as done."""

    __tablename__ = "lesson_progress"
    __table_args__ = (UniqueConstraint("user_id", "lesson_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = owner_key("users")
    lesson_id: Mapped[int] = owner_key("lessons")
    completed_at: Mapped[datetime] = mapped_column(default=utcnow)


class CourseActivity(db.Model):
    """A learner started a course ("My learning" lists these)."""

    __tablename__ = "course_activities"
    __table_args__ = (
        UniqueConstraint("user_id", "course_id"),
        # A course's learners active since a date (the trainer's home) from the index alone.
        Index("ix_course_activities_course_active", "course_id", "last_active_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = owner_key("users")
    course_id: Mapped[int] = owner_key("courses")
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_active_at: Mapped[datetime] = mapped_column(default=utcnow)

    course: Mapped[Course] = relationship()


# Language versions --------------------------------------------------------------------------
# A course is written in `Course.language` (the source); each translation below holds the
# texts of one part in one other language and, for lessons (and questions, in
# app.quizzes.models), the source revision it was made from: the translation "needs an
# update" when the source's revision has moved on since. Progress, attempts and grades
# belong to the course and its source items, never to a language.


class CourseTranslation(db.Model):
    """A language the course is offered in besides its source, with the translated title
    and summary (empty: shown in the source language). `position` keeps the order of
    `languages:` in course.yaml."""

    __tablename__ = "course_translations"
    __table_args__ = (UniqueConstraint("course_id", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = owner_key("courses")
    language: Mapped[str] = mapped_column(String(12), index=True)
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(String(300), default="")
    summary: Mapped[str] = mapped_column(Text, default="")

    course: Mapped[Course] = relationship(back_populates="translations")


Course.translations = translations_of(CourseTranslation, "course", order_by="position")


class ModuleTranslation(db.Model):
    __tablename__ = "module_translations"
    __table_args__ = (UniqueConstraint("module_id", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[int] = owner_key("modules")
    language: Mapped[str] = mapped_column(String(12))
    title: Mapped[str] = mapped_column(String(300), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    quiz_title: Mapped[str] = mapped_column(String(300), default="")

    module: Mapped[Module] = relationship(back_populates="translations")


Module.translations = translations_of(ModuleTranslation, "module")


class LessonTranslation(RevisedTranslation, db.Model):
    __tablename__ = "lesson_translations"
    __table_args__ = (UniqueConstraint("lesson_id", "language"),)
    source = "lesson"

    id: Mapped[int] = mapped_column(primary_key=True)
    lesson_id: Mapped[int] = owner_key("lessons")
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")  # cache, as Lesson.body_html

    lesson: Mapped[Lesson] = relationship(back_populates="translations")


Lesson.translations = translations_of(LessonTranslation, "lesson")
