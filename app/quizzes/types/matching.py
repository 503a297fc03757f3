"""Matching `{=item -> match =item -> match = -> distractor}`.

Content: pairs [{id, stem, answer}] (stem "" = a distractor answer). Response: {pair id:
the chosen answer text}. The options are always shuffled (in pair order they would give
the key away); the items are shuffled when the quiz shuffles answers.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import escape
from wtforms import FieldList, Form, FormField, HiddenField, StringField
from wtforms.validators import Length, Optional

from app.quizzes.forms import QuestionForm
from app.quizzes.gift import syntax as gift
from app.quizzes.rendering import render_text
from app.quizzes.types.base import QuestionType, new_id, position, round_fraction, row_id, text_of
from app.quizzes.types.registry import register
from app.quizzes.types.view import Option, Stem


class PairRow(Form):
    key = HiddenField()
    stem = StringField(_l("Item"), validators=[Optional(), Length(max=1000)])
    answer = StringField(_l("Matches"), validators=[Optional(), Length(max=500)])


class MatchingQuestionForm(QuestionForm):
    pairs = FieldList(FormField(PairRow), min_entries=0)


def _stems(data: dict) -> list[str]:
    return [p["id"] for p in data.get("pairs", []) if p["stem"]]


def _options(data: dict) -> list[str]:
    return list(dict.fromkeys(p["answer"] for p in data.get("pairs", [])))


@register
class Matching(QuestionType):
    name, label, position, form_class = "matching", _l("Matching"), 6, MatchingQuestionForm
    rows = "pairs"
    gift_priority = 40

    def check(self, data: dict) -> list:
        pairs = data.get("pairs", [])
        errors = []
        if sum(1 for p in pairs if p["stem"]) < 2:
            errors.append(_l("A matching question needs at least two pairs."))
        if len({p["answer"] for p in pairs}) < 3:
            errors.append(_l("A matching question needs at least three different answers "
                             "(add a pair or a distractor)."))
        if any(not p["answer"].strip() for p in pairs):
            errors.append(_l("Every pair needs an answer."))
        if any("->" in p["stem"] for p in pairs):
            errors.append(_l("An item cannot contain \"->\"."))
        return errors

    def grade(self, data: dict, response: Any) -> tuple[float, str]:
        stems = [p for p in data.get("pairs", []) if p["stem"]]
        if not stems or not isinstance(response, dict):
            return 0.0, ""
        right = sum(1 for p in stems if response.get(p["id"]) == p["answer"])
        return round_fraction(right / len(stems)), ""

    def correct_answers(self, data: dict) -> list[str]:
        return [f"{p['stem']} → {p['answer']}" for p in data.get("pairs", []) if p["stem"]]

    def display_order(self, data: dict, rng=None, shuffle: bool = False) -> Any:
        stems, options = _stems(data), _options(data)
        if rng is not None:
            if shuffle:
                rng.shuffle(stems)
            rng.shuffle(options)  # always: in pair order the options would give the key away
        return {"stems": stems, "options": options}

    def reconcile_order(self, order: Any, data: dict) -> Any:
        stems, answers = _stems(data), _options(data)
        return {"stems": [i for i in order["stems"] if i in stems]
                + [i for i in stems if i not in order["stems"]],
                "options": [a for a in order["options"] if a in answers]
                + [a for a in answers if a not in order["options"]]}

    def parse_response(self, form, name: str, order: Any) -> Any:
        chosen = {}
        for k, pair_id in enumerate(order["stems"]):
            at = position(form.get(f"{name}-{k}", ""), len(order["options"]))
            if at is not None:
                chosen[pair_id] = order["options"][at]
        return chosen or None

    def fill_view(self, view, entry: dict, response: Any, fmt: str) -> None:
        order = entry["order"]
        pairs = {p["id"]: p for p in entry["data"].get("pairs", [])}
        chosen = response if isinstance(response, dict) else {}
        view.options = [Option(str(i), escape(text)) for i, text in enumerate(order["options"])]
        values = {text: str(i) for i, text in enumerate(order["options"])}
        view.stems = [Stem(k, render_text(pairs[pid]["stem"], fmt, inline=True),
                           chosen=values.get(chosen.get(pid, ""), ""),
                           chosen_text=chosen.get(pid, ""))
                      for k, pid in enumerate(order["stems"]) if pid in pairs]

    def fill_review(self, view, entry: dict, result: dict, fmt: str) -> None:
        pairs = {p["id"]: p for p in entry["data"].get("pairs", [])}
        for stem, pid in zip(view.stems, [p for p in entry["order"]["stems"] if p in pairs],
                             strict=True):
            stem.right_answer = pairs[pid]["answer"]
            stem.correct = stem.chosen_text == stem.right_answer
        view.correct_answers = []  # shown in the table

    def demo_fields(self, entry: dict, name: str, right: bool) -> list[tuple[str, str]]:
        order = entry["order"]
        answers = {p["id"]: p["answer"] for p in entry["data"]["pairs"]}
        fields = []
        for k, pid in enumerate(order["stems"]):
            at = order["options"].index(answers[pid])
            fields.append((f"{name}-{k}", str(at if right else (at + 1) % len(order["options"]))))
        return fields

    def form_data(self, data: dict) -> dict:
        return {"pairs": data.get("pairs", [])}

    def content_from(self, form) -> dict:
        used: set[str] = set()
        return {"pairs": [
            {"id": row_id(r.key.data, used), "stem": text_of(r.stem),
             "answer": text_of(r.answer)}
            for r in form.pairs if text_of(r.stem) or text_of(r.answer)]}

    def from_gift(self, inner: str, at: int) -> dict | None:
        if "=" not in inner or "->" not in inner:
            return None
        pairs = []
        for _marker, body, where in gift.split_markers(inner, at, "="):
            if "#" in body:
                raise gift.GiftProblem(where, _("Matching pairs cannot have feedback; use "
                                                "general feedback (####)."))
            stem, arrow, answer = body.partition("->")
            if not arrow:
                raise gift.GiftProblem(where, _("A matching pair is written '=item -> "
                                                "match'."))
            stem = gift.plain(gift.strip_format(stem))
            answer = gift.plain(gift.strip_format(answer))
            if not answer:
                raise gift.GiftProblem(where, _("The match after '->' is empty."))
            pairs.append({"id": new_id(), "stem": stem, "answer": answer})
        return {"pairs": pairs}

    def to_gift(self, data: dict) -> list[str]:
        lines = []
        for p in data["pairs"]:
            stem = gift.escape(p["stem"])
            lines.append(f"={stem} -> {gift.escape(p['answer'])}" if stem
                         else f"= -> {gift.escape(p['answer'])}")
        return lines
