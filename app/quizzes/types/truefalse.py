"""True/false `{TRUE#feedback if wrong#feedback if right}` (Moodle's order of feedback).

Content: {correct: bool, feedback_true, feedback_false} (the feedback shown for that
answer). Response: True / False.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import escape
from wtforms import RadioField, StringField
from wtforms.validators import InputRequired, Length, Optional

from app.quizzes.forms import QuestionForm
from app.quizzes.gift import syntax as gift
from app.quizzes.rendering import render_text
from app.quizzes.types.base import QuestionType
from app.quizzes.types.registry import register
from app.quizzes.types.view import Option


class TrueFalseQuestionForm(QuestionForm):
    correct = RadioField(_l("The statement is"), choices=[("true", _l("True")),
                                                          ("false", _l("False"))],
                         validators=[InputRequired()])
    feedback_true = StringField(_l("Feedback for the answer \"True\""),
                                validators=[Optional(), Length(max=4000)])
    feedback_false = StringField(_l("Feedback for the answer \"False\""),
                                 validators=[Optional(), Length(max=4000)])


@register
class TrueFalse(QuestionType):
    name, label, position, form_class = "truefalse", _l("True/false"), 3, TrueFalseQuestionForm
    gift_priority = 50
    gift_inline = gift_closes_inline = True

    def check(self, data: dict) -> list:
        return [] if isinstance(data.get("correct"), bool) else [_l("Choose true or false.")]

    def grade(self, data: dict, response: Any) -> tuple[float, str]:
        if not isinstance(response, bool):
            return 0.0, ""
        feedback = data.get("feedback_true" if response else "feedback_false", "")
        return (1.0 if response is bool(data.get("correct")) else 0.0), feedback

    def correct_answers(self, data: dict) -> list[str]:
        return [_("True") if data.get("correct") else _("False")]

    def parse_response(self, form, name: str, order: Any) -> Any:
        return {"true": True, "false": False}.get(form.get(name, ""))

    def fill_view(self, view, entry: dict, response: Any, fmt: str) -> None:
        view.options = [Option("true", escape(_("True")), selected=response is True),
                        Option("false", escape(_("False")), selected=response is False)]

    def fill_review(self, view, entry: dict, result: dict, fmt: str) -> None:
        for option in view.options:
            option.correct = (option.value == "true") is bool(entry["data"].get("correct"))
        view.feedback = render_text(result.get("feedback"), fmt)

    def demo_fields(self, entry: dict, name: str, right: bool) -> list[tuple[str, str]]:
        return [(name, "true" if entry["data"]["correct"] == right else "false")]

    def form_data(self, data: dict) -> dict:
        return {"correct": "true" if data.get("correct") else "false",
                "feedback_true": data.get("feedback_true", ""),
                "feedback_false": data.get("feedback_false", "")}

    def content_from(self, form) -> dict:
        return {"correct": form.correct.data == "true",
                "feedback_true": (form.feedback_true.data or "").strip(),
                "feedback_false": (form.feedback_false.data or "").strip()}

    def from_gift(self, inner: str, at: int) -> dict | None:
        bits = inner.split("#", 2)
        head = bits[0].strip()
        if head not in {"T", "TRUE", "F", "FALSE"}:
            return None
        correct = head in {"T", "TRUE"}
        wrong = gift.plain(gift.strip_format(bits[1])) if len(bits) > 1 else ""
        right = gift.plain(gift.strip_format(bits[2])) if len(bits) > 2 else ""
        return {"correct": correct,
                "feedback_true": right if correct else wrong,
                "feedback_false": wrong if correct else right}

    def to_gift(self, data: dict) -> list[str]:
        correct = bool(data["correct"])
        right = data.get("feedback_true" if correct else "feedback_false", "")
        wrong = data.get("feedback_false" if correct else "feedback_true", "")
        lines = ["TRUE" if correct else "FALSE"]
        if right or wrong:
            lines += ["#" + gift.escape(wrong), "#" + gift.escape(right)]
        return lines
