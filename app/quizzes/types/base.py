"""The interface of a question type (as CTFd's `BaseChallenge`) and the helpers types share.

A type is a class with a `name` and a `label`; one instance per type sits in
`QUESTION_TYPES`. Everything that differs between types is a method here, so the attempt
engine, the pages, the authoring form and GIFT never test a type's name:

- content: `check(data)` (what the author must fix), `correct_answers(data)`;
- grading, pure: `grade(data, response) -> (fraction 0..1 or None, feedback)`;
- attempt: `display_order(data, rng, shuffle)` (stored in the snapshot),
  `reconcile_order(order, data)` (regrade), `parse_response(form, name, order)` (what was
  posted → the internal response), `fill_view` / `fill_review` (what the attempt page and
  the review show), `demo_fields` (a plausible posted answer, for demo data);
- authoring: `form_class`, `rows` (the FieldList that gets blank rows), `form_data(data)`
  (populate), `content_from(form)` (the form → `data`);
- GIFT: `from_gift(inner, at)` (None when the block is not in this type's syntax; asked
  in `gift_priority` order) and `to_gift(data)` (answer lines).

Its template, `templates/quizzes/types/<name>.html`, holds the macros `input(v)`,
`review(v, show)`, `authoring(form, cell)` and `key(question)`.
"""

from __future__ import annotations

import math
import random
import re
import secrets
import unicodedata
from abc import ABC, abstractmethod
from typing import Any, ClassVar

from app.quizzes.forms import QuestionForm
from app.quizzes.types.view import SlotView

EPSILON = 1e-9
ID_RE = re.compile(r"^[0-9a-f]{4,16}$")
BLANK_ROWS = 3


class QuestionType(ABC):
    """Subclasses must implement `grade` and `parse_response`; the rest has defaults."""

    name: ClassVar[str]
    label: ClassVar[Any]
    position: ClassVar[int] = 100  # order in menus
    manual: ClassVar[bool] = False  # graded by a person
    form_class: ClassVar[type[QuestionForm]] = QuestionForm
    rows: ClassVar[str | None] = None  # the FieldList of answer rows, if any
    gift_priority: ClassVar[int] = 100
    gift_inline: ClassVar[bool] = False  # the first answer line goes on the question's line
    gift_closes_inline: ClassVar[bool] = False  # "}" on the last answer line

    @property
    def template(self) -> str:
        return f"quizzes/types/{self.name}.html"

    # --- content and grading ------------------------------------------------------------

    def check(self, data: dict) -> list:
        return []

    @abstractmethod
    def grade(self, data: dict, response: Any) -> tuple[float | None, str]:
        """Pure: the fraction of the mark (None: a person grades it) and feedback."""

    def correct_answers(self, data: dict) -> list[str]:
        return []

    # --- the attempt ----------------------------------------------------------------------

    def display_order(self, data: dict, rng: random.Random | None = None,
                      shuffle: bool = False) -> Any:
        """What the snapshot stores to show this question the same way on every page
        (None: nothing to order). Without `rng`, the authored order (previews)."""
        return None

    def reconcile_order(self, order: Any, data: dict) -> Any:
        """A stored order made to fit edited content (regrading keeps what it can)."""
        return order

    @abstractmethod
    def parse_response(self, form, name: str, order: Any) -> Any:
        """What the learner posted as field `name` (and `name-<k>`) → the internal
        response, or None. Values are positions in `order`, never ids or answer texts."""

    def fill_view(self, view: SlotView, entry: dict, response: Any, fmt: str) -> None:
        view.text_value = response if isinstance(response, str) else ""

    def fill_review(self, view: SlotView, entry: dict, result: dict, fmt: str) -> None:
        from app.quizzes.rendering import render_text

        view.feedback = render_text(result.get("feedback"), fmt)

    def demo_fields(self, entry: dict, name: str, right: bool) -> list[tuple[str, str]]:
        return []

    # --- authoring ----------------------------------------------------------------------

    def form_data(self, data: dict) -> dict:
        return {}

    def content_from(self, form: QuestionForm) -> dict:
        return {}

    def form(self, question=None, *, category: str = "") -> QuestionForm:
        """The authoring form, filled from a question on GET, from the request on POST."""
        values: dict = {"category": category}
        if question is not None:
            values = {"name": question.name, "category": question.category.name,
                      "tags": ", ".join(question.tags), "text_format": question.text_format,
                      "text": question.text, "general_feedback": question.general_feedback,
                      **self.form_data(question.data or {})}
        if self.rows and isinstance(values.get(self.rows), list):
            values[self.rows] = [{**row, "key": row.get("id", "")} for row in values[self.rows]]
        form = self.form_class(data=values)
        if self.rows and not form.is_submitted():
            self.add_blank_rows(form)
        return form

    def add_blank_rows(self, form: QuestionForm, count: int = BLANK_ROWS) -> None:
        if self.rows:
            rows = getattr(form, self.rows)
            for _i in range(count):
                rows.append_entry()

    # --- GIFT -----------------------------------------------------------------------------

    def from_gift(self, inner: str, at: int) -> dict | None:
        return None

    def to_gift(self, data: dict) -> list[str]:
        return []


# --- helpers for the types ------------------------------------------------------------------

def new_id() -> str:
    """An opaque id for a choice, answer or pair (never shown in a learner's page)."""
    return secrets.token_hex(4)


def row_id(value: str | None, used: set[str]) -> str:
    """The id of an authored row: the one it had, or a new one."""
    value = (value or "").strip()
    if not ID_RE.match(value) or value in used:
        value = new_id()
    used.add(value)
    return value


def text_of(field) -> str:
    return (field.data or "").strip()


def credit(value, default: float) -> float:
    return float(default if value is None else value)


def round_fraction(fraction: float) -> float:
    return round(min(1.0, max(0.0, fraction)), 7)


def credits_ok(items: list[dict], low: float, high: float) -> bool:
    return all(low <= item["credit"] <= high for item in items)


def position(value: Any, size: int) -> int | None:
    """A posted position in a display order, or None if it is not one."""
    try:
        number = int(str(value))
    except ValueError:
        return None
    return number if 0 <= number < size else None


_SPACES = re.compile(r"\s+")


def normalise_text(text: Any) -> str:
    """NFKC (full-width Latin, Thai sara am…), trimmed, inner spaces collapsed."""
    if not isinstance(text, str):
        return ""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text)).strip()


_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def parse_number(text: Any) -> float | None:
    """A number as typed: any script's digits (Thai ๒๐๐๔, full-width ２００４), a decimal
    comma when there is no point (3,5), thousands separators (1,000.5), a Unicode minus."""
    if isinstance(text, int | float) and not isinstance(text, bool):
        return float(text) if math.isfinite(text) else None
    text = normalise_text(text)
    if not text:
        return None
    chars = []
    for char in text:
        digit = unicodedata.decimal(char, None)
        if digit is not None:
            chars.append(str(digit))
        elif char in "\u2212\u2012\u2013":
            chars.append("-")
        elif char.isspace() or char in "'\u2019_":
            continue
        else:
            chars.append(char)
    text = "".join(chars)
    if "," in text:
        text = text.replace(",", ".") if "." not in text and text.count(",") == 1 \
            else text.replace(",", "")
    if not _NUMBER.fullmatch(text):
        return None
    value = float(text)
    return value if math.isfinite(value) else None


def number_text(value: float) -> str:
    text = f"{value:.10f}".rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text


def is_empty(response: Any) -> bool:
    if response is None:
        return True
    if isinstance(response, str):
        return not response.strip()
    if isinstance(response, list | dict):
        return not any(v not in (None, "") for v in
                       (response.values() if isinstance(response, dict) else response))
    return False


def carry_ids(old: dict, new: dict) -> dict:
    """Keep the ids of choices/answers/pairs whose text did not change (regrading maps
    responses by id, so a fixed key still reads old responses)."""
    for key in ("choices", "answers", "pairs"):
        if key not in new:
            continue
        known = {}
        for item in old.get(key, []):
            known.setdefault(_signature(item), item["id"])
        used = set()
        for item in new[key]:
            old_id = known.get(_signature(item))
            if old_id and old_id not in used:
                item["id"] = old_id
                used.add(old_id)
    return new


def _signature(item: dict) -> tuple:
    return (item.get("text"), item.get("stem"), item.get("answer"), item.get("value"),
            item.get("low"), item.get("high"))
