"""Numerical `{#2004:0}`, `{#1..5}`, `{# =1822:0 =%50%1822:2 ~#any other}`.

Content: answers [{id, value, tolerance} or {id, low, high}, credit, feedback],
other_feedback (for any other number). Response: the text as typed (any script's
digits, a decimal comma… see `parse_number`).
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import FieldList, FloatField, Form, FormField, HiddenField, StringField
from wtforms.validators import Length, NumberRange, Optional

from app.quizzes.forms import QuestionForm
from app.quizzes.gift import syntax as gift
from app.quizzes.types.base import (
    EPSILON,
    QuestionType,
    credit,
    credits_ok,
    new_id,
    number_text,
    parse_number,
    round_fraction,
    row_id,
    text_of,
)
from app.quizzes.types.registry import register

MAX_TEXT = 500


class NumericRow(Form):
    key = HiddenField()
    value = FloatField(_l("Value"), validators=[Optional()], render_kw={"inputmode": "decimal"})
    tolerance = FloatField(_l("± tolerance"), validators=[Optional(), NumberRange(min=0)],
                           render_kw={"inputmode": "decimal"})
    low = FloatField(_l("or from"), validators=[Optional()], render_kw={"inputmode": "decimal"})
    high = FloatField(_l("to"), validators=[Optional()], render_kw={"inputmode": "decimal"})
    credit = FloatField(_l("Credit (%)"), validators=[Optional(), NumberRange(0, 100)],
                        render_kw={"inputmode": "decimal"})
    feedback = StringField(_l("Feedback"), validators=[Optional(), Length(max=4000)])


class NumericalQuestionForm(QuestionForm):
    answers = FieldList(FormField(NumericRow), min_entries=0)
    other_feedback = StringField(_l("Feedback for any other number"),
                                 validators=[Optional(), Length(max=4000)])


def _ranged(answer: dict) -> bool:
    return answer.get("low") is not None and answer.get("high") is not None


def numeric_match(answer: dict, value: float) -> bool:
    if _ranged(answer):
        low, high = answer["low"], answer["high"]
        slack = EPSILON * max(1.0, abs(low), abs(high))
        return low - slack <= value <= high + slack
    target, tolerance = answer["value"], abs(answer.get("tolerance") or 0.0)
    return abs(value - target) <= tolerance + EPSILON * max(1.0, abs(target))


def describe_numeric(answer: dict) -> str:
    if _ranged(answer):
        return f"{number_text(answer['low'])} – {number_text(answer['high'])}"
    if answer.get("tolerance"):
        return f"{number_text(answer['value'])} ± {number_text(answer['tolerance'])}"
    return number_text(answer["value"])


def _gift_spec(answer: dict) -> str:
    if _ranged(answer):
        return f"{gift.number_text(answer['low'])}..{gift.number_text(answer['high'])}"
    return (f"{gift.number_text(answer['value'])}:"
            f"{gift.number_text(answer.get('tolerance') or 0)}")


def _gift_answer(spec: str, at: int) -> dict:
    spec = spec.strip()
    if not spec:
        raise gift.GiftProblem(at, _("A numerical answer is empty."))
    if ".." in spec:
        low, _sep, high = spec.partition("..")
        return {"value": None, "tolerance": 0.0, "low": gift.number(low, at),
                "high": gift.number(high, at)}
    value, _sep, tolerance = spec.partition(":")
    return {"value": gift.number(value, at),
            "tolerance": gift.number(tolerance, at) if tolerance.strip() else 0.0,
            "low": None, "high": None}


@register
class Numerical(QuestionType):
    name, label, position, form_class = "numerical", _l("Numerical"), 5, NumericalQuestionForm
    rows = "answers"
    gift_priority = 20
    gift_inline = True

    def check(self, data: dict) -> list:
        answers = data.get("answers", [])
        errors = []
        if not any(a["credit"] >= 100 for a in answers):
            errors.append(_l("Give at least one answer with full credit (100%)."))
        if not credits_ok(answers, 0, 100):
            errors.append(_l("Credits must be between 0% and 100%."))
        for a in answers:
            if _ranged(a):
                if a["low"] > a["high"]:
                    errors.append(_l("A range must start with its lower value."))
            elif a.get("value") is None:
                errors.append(_l("Every answer needs a value or a range."))
            elif (a.get("tolerance") or 0) < 0:
                errors.append(_l("A tolerance cannot be negative."))
        return errors

    def grade(self, data: dict, response: Any) -> tuple[float, str]:
        value = parse_number(response)
        if value is None:
            return 0.0, ""
        for answer in data.get("answers", []):
            if numeric_match(answer, value):
                return round_fraction(answer["credit"] / 100), answer.get("feedback", "")
        return 0.0, data.get("other_feedback", "")

    def correct_answers(self, data: dict) -> list[str]:
        best = [a for a in data.get("answers", []) if a["credit"] >= 100][:1]
        return [describe_numeric(a) for a in best]

    def parse_response(self, form, name: str, order: Any) -> Any:
        return form.get(name, "")[:MAX_TEXT].strip() or None

    def demo_fields(self, entry: dict, name: str, right: bool) -> list[tuple[str, str]]:
        best = next(a for a in entry["data"]["answers"] if a["credit"] >= 100)
        value = best["value"] if best["value"] is not None else best["low"]
        return [(name, str(value if right else value + 1000))]

    def form_data(self, data: dict) -> dict:
        return {"answers": data.get("answers", []),
                "other_feedback": data.get("other_feedback", "")}

    def content_from(self, form) -> dict:
        used: set[str] = set()
        answers = []
        for r in form.answers:
            if r.value.data is None and r.low.data is None and r.high.data is None:
                continue
            ranged = r.low.data is not None or r.high.data is not None
            answers.append({
                "id": row_id(r.key.data, used),
                "value": None if ranged else r.value.data,
                "tolerance": 0.0 if ranged else float(r.tolerance.data or 0),
                "low": r.low.data if ranged else None,
                "high": r.high.data if ranged else None,
                "credit": credit(r.credit.data, 100),
                "feedback": text_of(r.feedback)})
            if ranged and (r.low.data is None or r.high.data is None):
                r.low.errors = [*r.low.errors, _l("Give both ends of the range.")]
        return {"answers": answers, "other_feedback": text_of(form.other_feedback)}

    def from_gift(self, inner: str, at: int) -> dict | None:
        if not inner.startswith("#"):
            return None
        body, offset, other = inner[1:], at + 1, ""
        tilde = gift.find(body, "~")
        if tilde >= 0:
            rest = body[tilde + 1:].strip()
            if rest and not rest.startswith("#"):
                raise gift.GiftProblem(offset + tilde, _(
                    "In a numerical question '~' is only followed by '#feedback' for any "
                    "other answer."))
            other = gift.plain(gift.strip_format(rest[1:])) if rest else ""
            body = body[:tilde]
        if body.lstrip().startswith("="):
            parts = gift.split_markers(body, offset, "=")
        else:
            parts = [("=", body, offset)]
        answers = []
        for _marker, part, where in parts:
            weight, part = gift.weight(part, where)
            spec, _sep, feedback = part.partition("#")
            answer = _gift_answer(spec, where)
            answer.update(id=new_id(), credit=100.0 if weight is None else weight,
                          feedback=gift.plain(gift.strip_format(feedback)))
            answers.append(answer)
        return {"answers": answers, "other_feedback": other}

    def to_gift(self, data: dict) -> list[str]:
        answers = data["answers"]
        if len(answers) == 1 and answers[0]["credit"] >= 100 and not data.get("other_feedback"):
            # The short form {#2004:0 #feedback}
            return ["#" + gift.with_feedback(_gift_spec(answers[0]), answers[0]["feedback"])]
        lines = ["#"]
        for a in answers:
            head = "=" if a["credit"] >= 100 else "=" + gift.weight_text(a["credit"])
            lines.append(gift.with_feedback(head + _gift_spec(a), a.get("feedback", "")))
        if data.get("other_feedback"):
            lines.append("~#" + gift.escape(data["other_feedback"]))
        return lines
