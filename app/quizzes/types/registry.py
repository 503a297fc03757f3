"""`QUESTION_TYPES`: one instance of each question type, by name, in menu order."""

from __future__ import annotations

from typing import TypeVar

from app.quizzes.types.base import QuestionType

QUESTION_TYPES: dict[str, QuestionType] = {}

T = TypeVar("T", bound=type[QuestionType])


def register(cls: T) -> T:
    """Class decorator: add a question type (replacing one of the same name)."""
    QUESTION_TYPES[cls.name] = cls()
    ordered = sorted(QUESTION_TYPES.values(), key=lambda t: t.position)
    QUESTION_TYPES.clear()
    QUESTION_TYPES.update((t.name, t) for t in ordered)
    return cls


def unregister(name: str) -> None:
    """Remove a question type (tests that register one of their own)."""
    QUESTION_TYPES.pop(name, None)
