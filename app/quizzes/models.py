"""Question banks, questions, quizzes and attempts.

A question keeps its type-specific content (choices, accepted answers, pairs…) as JSON in
`data`; the graders in app.quizzes.types read it. An attempt snapshots the questions it
draws (text, data, display order) when it starts, so later edits to the bank change
neither a running nor a finished attempt; responses and per-question results are JSON on
the attempt row, so saving and grading an attempt is one row read and one row write.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models_base import RevisedTranslation, Timestamps, owner_key, translations_of
from app.timeutil import utcnow

if TYPE_CHECKING:
    from app.auth.models import User
    from app.courses.models import Course, ModuleItem

# Text formats (GIFT's [markdown] [html] [plain]; "moodle" = no marker: plain text with
# line breaks, simple HTML allowed and sanitised).
TEXT_FORMATS = ("moodle", "markdown", "html", "plain")

GRADING_METHODS = ("highest", "last", "first", "average")
FEEDBACK_RULES = ("after_submit", "after_close", "never")

IN_PROGRESS, FINISHED = "in_progress", "finished"
ATTEMPT_STATES = (IN_PROGRESS, FINISHED)
# How an attempt ended.
BY_LEARNER, BY_TIMEOUT = "learner", "timeout"
# Seconds after an attempt's deadline during which answers are still accepted (per quiz).
GRACE_DEFAULT, GRACE_MAX = 30, 300


class QuestionBank(db.Model):
    __tablename__ = "question_banks"
    __table_args__ = (UniqueConstraint("course_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = owner_key("courses")
    name: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    course: Mapped[Course] = relationship("Course")
    categories: Mapped[list[QuestionCategory]] = relationship(
        back_populates="bank", order_by="QuestionCategory.name", cascade="all, delete-orphan"
    )

    @property
    def reference(self) -> str:
        """How the command line names this bank: `<course-slug>` or `<course-slug>/<bank>`."""
        slug = self.course.slug
        return slug if self.name == DEFAULT_BANK else f"{slug}/{self.name}"


DEFAULT_BANK = "default"
DEFAULT_CATEGORY = "Default"


class QuestionCategory(db.Model):
    """A category, named by its path (`Module 1/Definitions`), like GIFT's $CATEGORY."""

    __tablename__ = "question_categories"
    __table_args__ = (UniqueConstraint("bank_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    bank_id: Mapped[int] = owner_key("question_banks")
    name: Mapped[str] = mapped_column(String(255))

    bank: Mapped[QuestionBank] = relationship(back_populates="categories")


class Question(Timestamps, db.Model):
    __tablename__ = "questions"
    __table_args__ = (Index("ix_questions_bank_category", "bank_id", "category_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    bank_id: Mapped[int] = mapped_column(ForeignKey("question_banks.id", ondelete="CASCADE"))
    category_id: Mapped[int] = mapped_column(
        ForeignKey("question_categories.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(255))
    type: Mapped[str] = mapped_column(String(20), index=True)
    text: Mapped[str] = mapped_column(Text)
    text_format: Mapped[str] = mapped_column(String(10), default="moodle")
    general_feedback: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    # Goes up when the text, feedback or answers change (translations record theirs).
    revision: Mapped[int] = mapped_column(default=1, server_default="1")

    bank: Mapped[QuestionBank] = relationship()
    category: Mapped[QuestionCategory] = relationship()
    tag_rows: Mapped[list[QuestionTag]] = relationship(
        back_populates="question", cascade="all, delete-orphan", lazy="selectin",
        order_by="QuestionTag.name",
    )

    @property
    def tags(self) -> list[str]:
        return [row.name for row in self.tag_rows]


class QuestionTag(db.Model):
    __tablename__ = "question_tags"
    __table_args__ = (UniqueConstraint("question_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = owner_key("questions")
    name: Mapped[str] = mapped_column(String(60), index=True)

    question: Mapped[Question] = relationship(back_populates="tag_rows")


class Quiz(Timestamps, db.Model):
    """A quiz is a module item (kind "quiz"); `course_id` repeats the item's course for
    access checks and lists (items never move to another course)."""

    __tablename__ = "quizzes"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("module_items.id", ondelete="CASCADE"),
                                         unique=True)
    course_id: Mapped[int] = owner_key("courses")
    title: Mapped[str] = mapped_column(String(300))
    intro: Mapped[str] = mapped_column(Text, default="")
    pass_mark: Mapped[float] = mapped_column(default=70)  # percent
    attempts_allowed: Mapped[int] = mapped_column(default=0)  # 0 = unlimited
    time_limit: Mapped[int] = mapped_column(default=0)  # minutes, 0 = none
    shuffle_questions: Mapped[bool] = mapped_column(default=False)
    shuffle_answers: Mapped[bool] = mapped_column(default=True)
    grading_method: Mapped[str] = mapped_column(String(10), default="highest")
    feedback: Mapped[str] = mapped_column(String(20), default="after_submit")
    per_page: Mapped[int] = mapped_column(default=0)  # questions per page, 0 = all on one
    # answers arriving up to this many seconds after an attempt's deadline are accepted
    grace_seconds: Mapped[int] = mapped_column(default=GRACE_DEFAULT,
                                               server_default=str(GRACE_DEFAULT))
    opens_at: Mapped[datetime | None]
    closes_at: Mapped[datetime | None]

    course: Mapped[Course] = relationship("Course")
    item: Mapped[ModuleItem] = relationship("ModuleItem")
    slots: Mapped[list[QuizSlot]] = relationship(
        back_populates="quiz", order_by="QuizSlot.position", cascade="all, delete-orphan"
    )


class QuizSlot(db.Model):
    """One fixed question, or `count` questions drawn at random from a category."""

    __tablename__ = "quiz_slots"

    id: Mapped[int] = mapped_column(primary_key=True)
    quiz_id: Mapped[int] = owner_key("quizzes")
    position: Mapped[int] = mapped_column(default=0)
    question_id: Mapped[int | None] = mapped_column(
        ForeignKey("questions.id", ondelete="CASCADE"), index=True
    )
    category_id: Mapped[int | None] = mapped_column(
        ForeignKey("question_categories.id", ondelete="CASCADE"), index=True
    )
    count: Mapped[int] = mapped_column(default=1)
    mark: Mapped[float] = mapped_column(default=1)  # points per question

    quiz: Mapped[Quiz] = relationship(back_populates="slots")
    question: Mapped[Question | None] = relationship()
    category: Mapped[QuestionCategory | None] = relationship()

    @property
    def is_random(self) -> bool:
        return self.question_id is None


class Attempt(db.Model):
    __tablename__ = "quiz_attempts"
    __table_args__ = (
        UniqueConstraint("quiz_id", "user_id", "number"),
        Index("ix_quiz_attempts_quiz_user_state", "quiz_id", "user_id", "state"),
        Index("ix_quiz_attempts_state_deadline", "state", "deadline"),
        # The few awaiting a grade (the grading queue, the navigation's count): both
        # conditions in the index, so SQLite's planner takes it with or without statistics
        # (on the flag alone it preferred the state index, 20,000 finished attempts).
        Index("ix_quiz_attempts_awaiting", "needs_grading", "state", "quiz_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    quiz_id: Mapped[int] = mapped_column(ForeignKey("quizzes.id", ondelete="CASCADE"))
    user_id: Mapped[int] = owner_key("users")
    number: Mapped[int] = mapped_column(default=1)
    is_preview: Mapped[bool] = mapped_column(default=False)
    state: Mapped[str] = mapped_column(String(12), default=IN_PROGRESS)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    deadline: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    finished_by: Mapped[str] = mapped_column(String(10), default="")
    seed: Mapped[int] = mapped_column(default=0)
    # The language the questions were shown in ("" = the course's source language);
    # responses and grades are those of the source questions whatever it is.
    language: Mapped[str] = mapped_column(String(12), default="", server_default="")
    # [{question_id, name, type, text, text_format, general_feedback, data, mark, order}]
    snapshot: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # {"<slot index>": response}
    responses: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # {"<slot index>": {"fraction": float|None, "feedback": str, "comment": str, ...}}
    results: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    sequence: Mapped[int] = mapped_column(default=0)  # page submits so far
    autosave_counter: Mapped[int] = mapped_column(default=0)  # autosaves since the last one
    saved_at: Mapped[datetime | None]
    score: Mapped[float | None]
    max_score: Mapped[float] = mapped_column(default=0)
    percent: Mapped[float | None]
    passed: Mapped[bool | None]
    needs_grading: Mapped[bool] = mapped_column(default=False)

    quiz: Mapped[Quiz] = relationship()
    user: Mapped[User] = relationship("User")

    @property
    def is_finished(self) -> bool:
        return self.state == FINISHED


class AttemptQuestion(db.Model):
    """Which bank question each slot of an attempt drew (regrading, usage counts), and when
    the slot's answer arrived: the server time of the last save that changed it."""

    __tablename__ = "quiz_attempt_questions"
    __table_args__ = (UniqueConstraint("attempt_id", "slot"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(
        ForeignKey("quiz_attempts.id", ondelete="CASCADE"), index=True
    )
    question_id: Mapped[int] = owner_key("questions")
    slot: Mapped[int] = mapped_column(default=0)
    answered_at: Mapped[datetime | None]


class QuestionTranslation(RevisedTranslation, db.Model):
    """A question's texts in another language, in the type's own data shape: the same
    answers in the same order, with the source's marks, values and ids (see
    app.quizzes.translation); `source_revision` is the question revision it was made from."""

    __tablename__ = "question_translations"
    __table_args__ = (UniqueConstraint("question_id", "language"),)
    source = "question"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = owner_key("questions")
    text: Mapped[str] = mapped_column(Text)
    general_feedback: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    question: Mapped[Question] = relationship(back_populates="translations")


Question.translations = translations_of(QuestionTranslation, "question")
