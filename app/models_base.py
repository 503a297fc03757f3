"""Column and mixin shapes the models of every domain share.

A row owned by another (a module of a course, a link between a workshop and a course) points
at it with :func:`owner_key` — deleted with its owner, indexed; an optional reference that
survives the referenced row (who created a record) is :func:`optional_key`. Rows with a
creation and a change time mix in :class:`Timestamps`; the language versions of lessons and
questions mix in :class:`RevisedTranslation` and are attached to their source with
:func:`translations_of`. These only declare columns: the schema is what the migrations say.
Services use :func:`assign`, :func:`add_row` and :func:`delete_rows` for the plain updates,
additions and deletions of such rows.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.timeutil import utcnow


def owner_key(table: str, *, index: bool = True, **options: Any) -> Any:
    """`<table>.id`, the row this one belongs to: deleted with it (ON DELETE CASCADE)."""
    return mapped_column(ForeignKey(f"{table}.id", ondelete="CASCADE"), index=index, **options)


def optional_key(table: str, **options: Any) -> Any:
    """`<table>.id` or NULL once that row is gone (ON DELETE SET NULL), indexed."""
    return mapped_column(ForeignKey(f"{table}.id", ondelete="SET NULL"), index=True, **options)


class Timestamps:
    """When the row was created and last changed (UTC)."""

    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class RevisedTranslation:
    """The texts of one source row (a lesson, a question) in one other language, made from
    the source's `revision` then: it needs an update once the source's revision moves on.
    `source` names the relationship to the source row."""

    source: ClassVar[str]

    language: Mapped[str] = mapped_column(String(12))
    source_revision: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    @property
    def needs_update(self) -> bool:
        return self.source_revision < getattr(self, self.source).revision


def translations_of(model: type, back_populates: str, order_by: str = "language"):
    """The `translations` relationship of a source model: its rows of `model`, deleted with
    it, in `order_by` order."""
    return relationship(model, back_populates=back_populates, cascade="all, delete-orphan",
                        order_by=getattr(model, order_by))


def assign(row, data: dict, fields: tuple[str, ...]):
    """Set the `fields` of `row` that `data` has (a service's update from a form's data)."""
    for name in fields:
        if name in data:
            setattr(row, name, data[name])
    return row


def add_row(collection: list, row):
    """Append `row` to a relationship collection and flush, so that it has its id."""
    collection.append(row)
    db.session.flush()
    return row


def delete_rows(*rows) -> None:
    """Delete `rows` (and, through their cascades, what they own) and flush."""
    for row in rows:
        db.session.delete(row)
    db.session.flush()
