"""What the GIFT reader returns: parsed questions and errors with their line."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class GiftQuestion:
    name: str
    type: str
    text: str
    text_format: str = "moodle"
    general_feedback: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    category: str | None = None  # path from $CATEGORY (None: the importer's default)
    tags: list[str] = field(default_factory=list)
    line: int = 0
    named: bool = False  # the name was written (`::name::`), not made from the text


@dataclass(frozen=True)
class GiftError:
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.line}: {self.message}"
