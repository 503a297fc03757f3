"""Short answer `{=answer =%50%part*}`.

Content: answers [{id, text, credit, feedback}], case_sensitive; `*` is a wildcard (`\\*`
a literal asterisk); the first answer that matches counts. Response: the text typed.
"""

from __future__ import annotations

import re
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, FieldList, FloatField, Form, FormField, HiddenField, StringField
from wtforms.validators import Length, NumberRange, Optional

from app.quizzes.forms import QuestionForm
from app.quizzes.gift import syntax as gift
from app.quizzes.types.base import (
    QuestionType,
    credit,
    credits_ok,
    new_id,
    normalise_text,
    round_fraction,
    row_id,
    text_of,
)
from app.quizzes.types.registry import register

MAX_TEXT = 500


class ShortRow(Form):
    key = HiddenField()
    text = StringField(_l("Accepted answer"), validators=[Optional(), Length(max=500)])
    credit = FloatField(_l("Credit (%)"), validators=[Optional(), NumberRange(0, 100)],
                        render_kw={"inputmode": "decimal"})
    feedback = StringField(_l("Feedback"), validators=[Optional(), Length(max=4000)])


class ShortQuestionForm(QuestionForm):
    answers = FieldList(FormField(ShortRow), min_entries=0)
    case_sensitive = BooleanField(_l("Case matters"),
                                  description=_l("GIFT files cannot carry this option."))


def _wildcard(pattern: str, case_sensitive: bool) -> re.Pattern:
    parts = re.split(r"(?<!\\)\*", normalise_text(pattern))
    regex = ".*".join(re.escape(part.replace("\\*", "*")) for part in parts)
    return re.compile(regex, re.DOTALL if case_sensitive else re.DOTALL | re.IGNORECASE)


def _fold(text: str, case_sensitive: bool) -> str:
    return text if case_sensitive else text.casefold()


def matches(answer_text: str, given: str, case_sensitive: bool) -> bool:
    if "*" in answer_text.replace("\\*", ""):
        return _wildcard(answer_text, case_sensitive).fullmatch(given) is not None
    wanted = normalise_text(answer_text.replace("\\*", "*"))
    return _fold(wanted, case_sensitive) == _fold(given, case_sensitive)


@register
class ShortAnswer(QuestionType):
    name, label, position, form_class = "short", _l("Short answer"), 4, ShortQuestionForm
    rows = "answers"
    gift_priority = 90  # anything with '=' that no other type took

    def check(self, data: dict) -> list:
        answers = data.get("answers", [])
        errors = []
        if not any(a["credit"] >= 100 for a in answers):
            errors.append(_l("Give at least one accepted answer with full credit (100%)."))
        if not credits_ok(answers, 0, 100):
            errors.append(_l("Credits of accepted answers must be between 0% and 100%."))
        if any(not a["text"].strip() for a in answers):
            errors.append(_l("Every accepted answer needs a text."))
        return errors

    def grade(self, data: dict, response: Any) -> tuple[float, str]:
        given = normalise_text(response)
        if not given:
            return 0.0, ""
        case_sensitive = bool(data.get("case_sensitive"))
        for answer in data.get("answers", []):
            if matches(answer["text"], given, case_sensitive):
                return round_fraction(answer["credit"] / 100), answer.get("feedback", "")
        return 0.0, ""

    def correct_answers(self, data: dict) -> list[str]:
        answers = data.get("answers", [])
        return [a["text"] for a in answers if a["credit"] >= 100][:1] or \
            [a["text"] for a in answers if a["credit"] > 0][:1]

    def parse_response(self, form, name: str, order: Any) -> Any:
        return form.get(name, "")[:MAX_TEXT].strip() or None

    def demo_fields(self, entry: dict, name: str, right: bool) -> list[tuple[str, str]]:
        best = next(a for a in entry["data"]["answers"] if a["credit"] >= 100)
        return [(name, best["text"] if right else "not sure")]

    def form_data(self, data: dict) -> dict:
        return {"answers": data.get("answers", []),
                "case_sensitive": data.get("case_sensitive", False)}

    def content_from(self, form) -> dict:
        used: set[str] = set()
        return {"answers": [
            {"id": row_id(r.key.data, used), "text": text_of(r.text),
             "credit": credit(r.credit.data, 100), "feedback": text_of(r.feedback)}
            for r in form.answers if text_of(r.text)],
            "case_sensitive": bool(form.case_sensitive.data)}

    def from_gift(self, inner: str, at: int) -> dict | None:
        if not inner.lstrip().startswith("="):
            raise gift.GiftProblem(at, _("Answers of a short-answer question start with '=' "
                                         "(for true/false write {TRUE} or {FALSE}, for a "
                                         "choice use '~' for wrong answers)."))
        answers = []
        for _marker, body, where in gift.split_markers(inner, at, "="):
            weight, body = gift.weight(body, where)
            if weight is not None and weight < 0:
                raise gift.GiftProblem(where, _("Accepted answers cannot have negative "
                                                "credit."))
            answer, feedback = gift.feedback_split(body)
            if not answer:
                raise gift.GiftProblem(where, _("An accepted answer is empty."))
            answers.append({"id": new_id(), "text": answer,
                            "credit": 100.0 if weight is None else weight,
                            "feedback": feedback})
        return {"answers": answers, "case_sensitive": False}

    def to_gift(self, data: dict) -> list[str]:
        lines = []
        for a in data["answers"]:
            text = gift.escape(a["text"])
            head = "=" if a["credit"] >= 100 and not text.startswith("%") else \
                "=" + gift.weight_text(a["credit"])
            lines.append(gift.with_feedback(head + text, a.get("feedback", "")))
        return lines
