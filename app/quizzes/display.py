"""What the attempt, review and preview pages show of a question (`SlotView`s).

The attempt page gets texts and options whose values are positions in the attempt's
display order, and the learner's own answers — never ids, credits, feedback or accepted
answers. The review adds those only when the learner may see them. What each type shows
is the type's `fill_view` / `fill_review`; its template renders it.
"""

from __future__ import annotations

from typing import Any

from app.quizzes.rendering import render_text
from app.quizzes.types import QUESTION_TYPES
from app.quizzes.types.view import Option, SlotView, Stem

__all__ = ["Option", "SlotView", "Stem", "attempt_views", "mark_late", "preview_view",
           "review_views"]


def slot_view(entry: dict, index: int, response: Any) -> SlotView:
    qtype = QUESTION_TYPES[entry["type"]]
    fmt = entry.get("text_format", "moodle")
    view = SlotView(index=index, number=index + 1, type=qtype.name,
                    type_label=str(qtype.label), template=qtype.template,
                    html=render_text(entry["text"], fmt), mark=entry["mark"],
                    manual=qtype.manual)
    qtype.fill_view(view, entry, response, fmt)
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
    qtype = QUESTION_TYPES[entry["type"]]
    fmt = entry.get("text_format", "moodle")
    view.fraction = result.get("fraction")
    view.points = result.get("mark")
    view.general_feedback = render_text(entry.get("general_feedback"), fmt)
    view.correct_answers = qtype.correct_answers(entry["data"])
    qtype.fill_review(view, entry, result, fmt)
    return view


def review_views(attempt, show_feedback: bool) -> list[SlotView]:
    responses, results = attempt.responses or {}, attempt.results or {}
    return [review_view(entry, i, responses.get(str(i)), results.get(str(i)), show_feedback)
            for i, entry in enumerate(attempt.snapshot or [])]


def mark_late(views: list[SlotView], late: dict[int, int]) -> list[SlotView]:
    """For trainers: note on each view whose answer arrived during the grace period how
    many seconds after the deadline it came (`late`: slot → seconds)."""
    for view in views:
        view.late_seconds = late.get(view.index)
    return views


def preview_view(question) -> SlotView:
    """A bank question as a learner would see it (the preview page adds the key)."""
    data = question.data or {}
    entry = {"type": question.type, "text": question.text,
             "text_format": question.text_format, "data": data,
             "general_feedback": question.general_feedback, "mark": 1.0,
             "order": QUESTION_TYPES[question.type].display_order(data)}
    return slot_view(entry, 0, None)
