"""What the attempt, review and preview pages show of a question.

The attempt page gets `SlotView`s: texts and options with values that are positions in
the attempt's display order, and the learner's own answers — never ids, credits,
feedback or accepted answers. The review adds those only when the learner may see them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from markupsafe import Markup, escape

from app.quizzes.rendering import render_text
from app.quizzes.types import QUESTION_TYPES, describe_numeric


@dataclass
class Option:
    value: str
    html: Markup
    selected: bool = False
    correct: bool | None = None  # review with feedback only
    feedback: Markup = field(default_factory=Markup)


@dataclass
class Stem:
    key: int
    html: Markup
    chosen: str = ""  # option value
    chosen_text: str = ""
    correct: bool | None = None
    right_answer: str = ""


@dataclass
class SlotView:
    index: int
    number: int
    type: str
    type_label: str
    html: Markup
    mark: float
    options: list[Option] = field(default_factory=list)
    stems: list[Stem] = field(default_factory=list)
    text_value: str = ""
    answered: bool = False
    # review only
    fraction: float | None = None
    points: float | None = None
    feedback: Markup = field(default_factory=Markup)
    general_feedback: Markup = field(default_factory=Markup)
    correct_answers: list[str] = field(default_factory=list)
    comment: str = ""
    manual: bool = False
    graded: bool = True

    @property
    def field_name(self) -> str:
        return f"s{self.index}"

    @property
    def state(self) -> str:
        if not self.answered:
            return "unanswered"
        if self.fraction is None:
            return "pending"
        if self.fraction >= 0.9999999:
            return "correct"
        return "partial" if self.fraction > 0 else "incorrect"


def _choices(entry: dict) -> dict[str, dict]:
    return {c["id"]: c for c in entry["data"].get("choices", [])}


def slot_view(entry: dict, index: int, response: Any) -> SlotView:
    fmt = entry.get("text_format", "moodle")
    view = SlotView(index=index, number=index + 1, type=entry["type"],
                    type_label=str(QUESTION_TYPES[entry["type"]].label),
                    html=render_text(entry["text"], fmt), mark=entry["mark"],
                    manual=QUESTION_TYPES[entry["type"]].manual)
    order = entry.get("order")
    if entry["type"] in {"single", "multiple"}:
        chosen = set(response if isinstance(response, list) else [response])
        choices = _choices(entry)
        view.options = [Option(str(i), render_text(choices[cid]["text"], fmt, inline=True),
                               selected=cid in chosen)
                        for i, cid in enumerate(order) if cid in choices]
    elif entry["type"] == "truefalse":
        view.options = [Option("true", escape(_("True")), selected=response is True),
                        Option("false", escape(_("False")), selected=response is False)]
    elif entry["type"] == "matching":
        pairs = {p["id"]: p for p in entry["data"].get("pairs", [])}
        chosen = response if isinstance(response, dict) else {}
        view.options = [Option(str(i), escape(text))
                        for i, text in enumerate(order["options"])]
        values = {text: str(i) for i, text in enumerate(order["options"])}
        view.stems = [Stem(k, render_text(pairs[pid]["stem"], fmt, inline=True),
                           chosen=values.get(chosen.get(pid, ""), ""),
                           chosen_text=chosen.get(pid, ""))
                      for k, pid in enumerate(order["stems"]) if pid in pairs]
    else:
        view.text_value = response if isinstance(response, str) else ""
    view.answered = response not in (None, "", [], {})
    return view


def attempt_views(attempt, indices: list[int]) -> list[SlotView]:
    responses = attempt.responses or {}
    return [slot_view(attempt.snapshot[i], i, responses.get(str(i))) for i in indices]


def review_view(entry: dict, index: int, response: Any, result: dict | None,
                show_feedback: bool) -> SlotView:
    view = slot_view(entry, index, response)
    result = result or {}
    view.comment = result.get("comment") or ""
    view.graded = result.get("fraction") is not None
    if not show_feedback:
        return view
    fmt = entry.get("text_format", "moodle")
    data = entry["data"]
    view.fraction = result.get("fraction")
    view.points = result.get("mark")
    view.general_feedback = render_text(entry.get("general_feedback"), fmt)
    view.correct_answers = QUESTION_TYPES[entry["type"]].correct_answers(data)
    if entry["type"] in {"single", "multiple"}:
        choices = _choices(entry)
        for option, cid in zip(view.options, [c for c in entry["order"] if c in choices],
                               strict=True):
            choice = choices[cid]
            option.correct = choice["credit"] > 0
            if option.selected and choice.get("feedback"):
                option.feedback = render_text(choice["feedback"], fmt, inline=True)
        view.correct_answers = []  # shown on the options themselves
    elif entry["type"] == "truefalse":
        for option in view.options:
            option.correct = (option.value == "true") is bool(data.get("correct"))
        view.feedback = render_text(result.get("feedback"), fmt)
    elif entry["type"] == "matching":
        pairs = {p["id"]: p for p in data.get("pairs", [])}
        for stem, pid in zip(view.stems, [p for p in entry["order"]["stems"] if p in pairs],
                             strict=True):
            stem.right_answer = pairs[pid]["answer"]
            stem.correct = stem.chosen_text == stem.right_answer
        view.correct_answers = []
    elif entry["type"] == "numerical":
        view.feedback = render_text(result.get("feedback"), fmt)
        best = [a for a in data.get("answers", []) if a["credit"] >= 100][:1]
        view.correct_answers = [describe_numeric(a) for a in best]
    else:
        view.feedback = render_text(result.get("feedback"), fmt)
    return view


def review_views(attempt, show_feedback: bool) -> list[SlotView]:
    responses, results = attempt.responses or {}, attempt.results or {}
    return [review_view(entry, i, responses.get(str(i)), results.get(str(i)), show_feedback)
            for i, entry in enumerate(attempt.snapshot or [])]


def preview_view(question) -> SlotView:
    """A bank question as a learner would see it (the preview page adds the key)."""
    entry = {"type": question.type, "text": question.text,
             "text_format": question.text_format, "data": question.data,
             "general_feedback": question.general_feedback, "mark": 1.0, "order": None}
    if question.type in {"single", "multiple"}:
        entry["order"] = [c["id"] for c in question.data.get("choices", [])]
    elif question.type == "matching":
        entry["order"] = {
            "stems": [p["id"] for p in question.data.get("pairs", []) if p["stem"]],
            "options": list(dict.fromkeys(p["answer"] for p in question.data.get("pairs", []))),
        }
    return slot_view(entry, 0, None)
