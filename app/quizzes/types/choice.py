"""Single choice `{=right ~wrong ~%50%half}` and multiple choice with partial credit
`{~%50%a ~%50%b ~%-100%c}`.

Content: choices [{id, text, credit, feedback}] (credit in percent). Single: one choice
at 100, others may have partial or negative credit; response: a choice id. Multiple:
positive credits add up to 100, negative ones subtract, the total is floored at 0;
response: a list of choice ids.
"""

from __future__ import annotations

from abc import abstractmethod
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import FieldList, FloatField, Form, FormField, HiddenField, StringField
from wtforms.validators import Length, NumberRange, Optional

from app.quizzes.forms import QuestionForm
from app.quizzes.gift import syntax as gift
from app.quizzes.rendering import render_text
from app.quizzes.types.base import (
    QuestionType,
    credit,
    credits_ok,
    new_id,
    number_text,
    position,
    round_fraction,
    row_id,
    text_of,
)
from app.quizzes.types.registry import register
from app.quizzes.types.view import Option


class ChoiceRow(Form):
    key = HiddenField()
    text = StringField(_l("Answer"), validators=[Optional(), Length(max=2000)])
    credit = FloatField(_l("Credit (%)"), validators=[Optional(), NumberRange(-100, 100)],
                        render_kw={"inputmode": "decimal"})
    feedback = StringField(_l("Feedback"), validators=[Optional(), Length(max=4000)])


class ChoiceQuestionForm(QuestionForm):
    choices = FieldList(FormField(ChoiceRow), min_entries=0)


class ChoiceType(QuestionType):
    """What single and multiple choice share: the choices, their order, the review."""

    form_class = ChoiceQuestionForm
    rows = "choices"
    multiple = False

    def check(self, data: dict) -> list:
        choices = data.get("choices", [])
        errors = []
        if len(choices) < 2:
            errors.append(_l("A choice question needs at least two answers."))
        errors += self.check_credits(choices)
        if not credits_ok(choices, -100, 100):
            errors.append(_l("Credits must be between -100% and 100%."))
        if any(not c["text"].strip() for c in choices):
            errors.append(_l("Every answer needs a text."))
        return errors

    @abstractmethod
    def check_credits(self, choices: list[dict]) -> list:
        """What is wrong with the choices' credits for this kind of choice question."""

    def correct_answers(self, data: dict) -> list[str]:
        return [c["text"] for c in data.get("choices", []) if c["credit"] > 0]

    def display_order(self, data: dict, rng=None, shuffle: bool = False) -> Any:
        ids = [c["id"] for c in data.get("choices", [])]
        if rng is not None and shuffle:
            rng.shuffle(ids)
        return ids

    def reconcile_order(self, order: Any, data: dict) -> Any:
        ids = [c["id"] for c in data.get("choices", [])]
        return [i for i in order if i in ids] + [i for i in ids if i not in order]

    def fill_view(self, view, entry: dict, response: Any, fmt: str) -> None:
        chosen = set(response if isinstance(response, list) else [response])
        choices = {c["id"]: c for c in entry["data"].get("choices", [])}
        view.options = [Option(str(i), render_text(choices[cid]["text"], fmt, inline=True),
                               selected=cid in chosen)
                        for i, cid in enumerate(entry["order"]) if cid in choices]

    def fill_review(self, view, entry: dict, result: dict, fmt: str) -> None:
        choices = {c["id"]: c for c in entry["data"].get("choices", [])}
        for option, cid in zip(view.options, [c for c in entry["order"] if c in choices],
                               strict=True):
            choice = choices[cid]
            option.correct = choice["credit"] > 0
            if option.selected and choice.get("feedback"):
                option.feedback = render_text(choice["feedback"], fmt, inline=True)
        view.correct_answers = []  # shown on the options themselves

    def demo_fields(self, entry: dict, name: str, right: bool) -> list[tuple[str, str]]:
        wanted = [c["id"] for c in entry["data"]["choices"] if (c["credit"] > 0) == right]
        picks = wanted if self.multiple and right else wanted[:1]
        return [(name, str(entry["order"].index(cid))) for cid in picks]

    def form_data(self, data: dict) -> dict:
        return {"choices": data.get("choices", [])}

    def content_from(self, form) -> dict:
        used: set[str] = set()
        return {"choices": [
            {"id": row_id(r.key.data, used), "text": text_of(r.text),
             "credit": credit(r.credit.data, 0), "feedback": text_of(r.feedback)}
            for r in form.choices if text_of(r.text)]}

    gift_priority = 30

    def parse_gift_choices(self, text: str, offset: int) -> tuple[bool, dict]:
        """(whether an answer is marked '=', the content) of `{=a ~b ~%50%c}`."""
        choices, has_equal = [], False
        for marker, body, at in gift.split_markers(text, offset, "=~"):
            weight, body = gift.weight(body, at)
            if marker == "=":
                has_equal = True
                if weight is not None and weight != 100:
                    raise gift.GiftProblem(at, _("'=' marks the right answer; use ~%50% for "
                                                 "partial credit."))
                weight = 100.0
            answer, feedback = gift.feedback_split(body)
            if not answer:
                raise gift.GiftProblem(at, _("An answer is empty."))
            choices.append({"id": new_id(), "text": answer, "credit": weight or 0.0,
                            "feedback": feedback})
        return has_equal, {"choices": choices}

    def from_gift(self, inner: str, at: int) -> dict | None:
        if "~" not in inner:
            return None
        has_equal, data = self.parse_gift_choices(inner, at)
        return data if has_equal != self.multiple else None

    def gift_head(self, choice: dict, text: str) -> str:
        return "~" + gift.weight_text(choice["credit"])

    def to_gift(self, data: dict) -> list[str]:
        lines = []
        for c in data["choices"]:
            text = gift.escape(c["text"])
            lines.append(gift.with_feedback(self.gift_head(c, text) + text,
                                            c.get("feedback", "")))
        return lines


@register
class SingleChoice(ChoiceType):
    name, label, position = "single", _l("Single choice"), 1

    def check_credits(self, choices: list[dict]) -> list:
        if not any(c["credit"] >= 100 for c in choices):
            return [_l("Mark one answer as fully correct (100%).")]
        return []

    def grade(self, data: dict, response: Any) -> tuple[float, str]:
        for choice in data.get("choices", []):
            if response is not None and choice["id"] == response:
                return round_fraction(choice["credit"] / 100), choice.get("feedback", "")
        return 0.0, ""

    def parse_response(self, form, name: str, order: Any) -> Any:
        at = position(form.get(name, ""), len(order))
        return order[at] if at is not None else None

    def gift_head(self, choice: dict, text: str) -> str:
        if choice["credit"] >= 100:
            return "=" + ("%100%" if text.startswith("%") else "")
        if choice["credit"] == 0 and not text.startswith("%"):
            return "~"
        return super().gift_head(choice, text)


@register
class MultipleChoice(ChoiceType):
    name, label, position = "multiple", _l("Multiple choice"), 2
    multiple = True
    gift_priority = 31

    def check_credits(self, choices: list[dict]) -> list:
        positive = sum(c["credit"] for c in choices if c["credit"] > 0)
        if abs(positive - 100) > 0.1:
            return [_l("The positive credits must add up to 100%% (they add up to "
                       "%(total)s%%).", total=number_text(round(positive, 5)))]
        return []

    def grade(self, data: dict, response: Any) -> tuple[float, str]:
        chosen = set(response) if isinstance(response, list | tuple | set) else set()
        choices = data.get("choices", [])
        positive = sum(c["credit"] for c in choices if c["credit"] > 0)
        picked = [c for c in choices if c["id"] in chosen]
        if not picked or positive <= 0:
            return 0.0, ""
        total = sum(c["credit"] for c in picked)
        feedback = "\n\n".join(c["feedback"] for c in picked if c.get("feedback"))
        return round_fraction(total / positive), feedback

    def parse_response(self, form, name: str, order: Any) -> Any:
        picked = {position(v, len(order)) for v in form.getlist(name)} - {None}
        return [order[i] for i in sorted(picked)]
