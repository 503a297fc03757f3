"""Question types: ONE table, `QUESTION_TYPES`, each with a pure grader.

`grade(data, response) -> (fraction, feedback)`: `data` is a question's type-specific
content (as stored in Question.data and in an attempt's snapshot), `response` the learner's
answer in its internal form (below). `fraction` is 0..1, or None when a person must grade
(essays); `feedback` is the per-answer feedback for that response ("" if none).

Content (`data`) and responses per type:

- single     choices [{id, text, credit, feedback}] (credit: percent, one at 100)
             → response: a choice id
- multiple   choices as above, credits may be negative; total floored at 0
             → response: list of choice ids
- truefalse  {correct: bool, feedback_true, feedback_false} (feedback shown for that answer)
             → response: True / False
- short      answers [{id, text, credit, feedback}], case_sensitive; `*` is a wildcard
             (`\\*` a literal asterisk); the first answer that matches counts
             → response: text
- numerical  answers [{id, value, tolerance} or {id, low, high}, credit, feedback],
             other_feedback (for any other number) → response: text as typed
- matching   pairs [{id, stem, answer}] (stem "" = a distractor answer)
             → response: {pair id: chosen answer text}
- essay      {grader_info} → response: text; graded by a trainer
"""

from __future__ import annotations

import math
import re
import secrets
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l

EPSILON = 1e-9


def new_id() -> str:
    """An opaque id for a choice, answer or pair (never shown in a learner's page)."""
    return secrets.token_hex(4)


def _round(fraction: float) -> float:
    return round(min(1.0, max(0.0, fraction)), 7)


# --- normalising what learners type -------------------------------------------------------

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


def _wildcard(pattern: str, case_sensitive: bool) -> re.Pattern:
    parts = re.split(r"(?<!\\)\*", normalise_text(pattern))
    regex = ".*".join(re.escape(part.replace("\\*", "*")) for part in parts)
    return re.compile(regex, re.DOTALL if case_sensitive else re.DOTALL | re.IGNORECASE)


def _fold(text: str, case_sensitive: bool) -> str:
    return text if case_sensitive else text.casefold()


# --- graders --------------------------------------------------------------------------------

def grade_single(data: dict, response: Any) -> tuple[float, str]:
    for choice in data.get("choices", []):
        if response is not None and choice["id"] == response:
            return _round(choice["credit"] / 100), choice.get("feedback", "")
    return 0.0, ""


def grade_multiple(data: dict, response: Any) -> tuple[float, str]:
    chosen = set(response) if isinstance(response, list | tuple | set) else set()
    choices = data.get("choices", [])
    positive = sum(c["credit"] for c in choices if c["credit"] > 0)
    picked = [c for c in choices if c["id"] in chosen]
    if not picked or positive <= 0:
        return 0.0, ""
    total = sum(c["credit"] for c in picked)
    feedback = "\n\n".join(c["feedback"] for c in picked if c.get("feedback"))
    return _round(total / positive), feedback


def grade_truefalse(data: dict, response: Any) -> tuple[float, str]:
    if not isinstance(response, bool):
        return 0.0, ""
    feedback = data.get("feedback_true" if response else "feedback_false", "")
    return (1.0 if response is bool(data.get("correct")) else 0.0), feedback


def grade_short(data: dict, response: Any) -> tuple[float, str]:
    given = normalise_text(response)
    if not given:
        return 0.0, ""
    case_sensitive = bool(data.get("case_sensitive"))
    for answer in data.get("answers", []):
        text = answer["text"]
        if "*" in text.replace("\\*", ""):
            matched = _wildcard(text, case_sensitive).fullmatch(given) is not None
        else:
            wanted = normalise_text(text.replace("\\*", "*"))
            matched = _fold(wanted, case_sensitive) == _fold(given, case_sensitive)
        if matched:
            return _round(answer["credit"] / 100), answer.get("feedback", "")
    return 0.0, ""


def numeric_match(answer: dict, value: float) -> bool:
    if answer.get("low") is not None and answer.get("high") is not None:
        low, high = answer["low"], answer["high"]
        slack = EPSILON * max(1.0, abs(low), abs(high))
        return low - slack <= value <= high + slack
    target, tolerance = answer["value"], abs(answer.get("tolerance") or 0.0)
    return abs(value - target) <= tolerance + EPSILON * max(1.0, abs(target))


def grade_numerical(data: dict, response: Any) -> tuple[float, str]:
    value = parse_number(response)
    if value is None:
        return 0.0, ""
    for answer in data.get("answers", []):
        if numeric_match(answer, value):
            return _round(answer["credit"] / 100), answer.get("feedback", "")
    return 0.0, data.get("other_feedback", "")


def grade_matching(data: dict, response: Any) -> tuple[float, str]:
    stems = [p for p in data.get("pairs", []) if p["stem"]]
    if not stems or not isinstance(response, dict):
        return 0.0, ""
    right = sum(1 for p in stems if response.get(p["id"]) == p["answer"])
    return _round(right / len(stems)), ""


def grade_essay(data: dict, response: Any) -> tuple[float | None, str]:
    if not normalise_text(response):
        return 0.0, ""  # nothing written: nothing to grade
    return None, ""


# --- what the correct answer is (for the review, when the learner may see it) -------------

def _correct_choices(data: dict) -> list[str]:
    return [c["text"] for c in data.get("choices", []) if c["credit"] > 0]


def _correct_short(data: dict) -> list[str]:
    return [a["text"] for a in data.get("answers", []) if a["credit"] >= 100][:1] or \
        [a["text"] for a in data.get("answers", []) if a["credit"] > 0][:1]


def _num(value: float) -> str:
    text = f"{value:.10f}".rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text


def describe_numeric(answer: dict) -> str:
    if answer.get("low") is not None and answer.get("high") is not None:
        return f"{_num(answer['low'])} – {_num(answer['high'])}"
    if answer.get("tolerance"):
        return f"{_num(answer['value'])} ± {_num(answer['tolerance'])}"
    return _num(answer["value"])


def _correct_numerical(data: dict) -> list[str]:
    best = [a for a in data.get("answers", []) if a["credit"] >= 100][:1]
    return [describe_numeric(a) for a in best]


def _correct_truefalse(data: dict) -> list[str]:
    return [str(_l("True")) if data.get("correct") else str(_l("False"))]


def _correct_matching(data: dict) -> list[str]:
    return [f"{p['stem']} → {p['answer']}" for p in data.get("pairs", []) if p["stem"]]


def _none(data: dict) -> list[str]:
    return []


# --- checking content (forms, GIFT import) --------------------------------------------------

def _credits_ok(items: list[dict], low: float, high: float) -> bool:
    return all(low <= item["credit"] <= high for item in items)


def check_single(data: dict) -> list[str]:
    choices = data.get("choices", [])
    errors = []
    if len(choices) < 2:
        errors.append(_l("A choice question needs at least two answers."))
    if not any(c["credit"] >= 100 for c in choices):
        errors.append(_l("Mark one answer as fully correct (100%)."))
    if not _credits_ok(choices, -100, 100):
        errors.append(_l("Credits must be between -100% and 100%."))
    if any(not c["text"].strip() for c in choices):
        errors.append(_l("Every answer needs a text."))
    return errors


def check_multiple(data: dict) -> list[str]:
    choices = data.get("choices", [])
    errors = []
    if len(choices) < 2:
        errors.append(_l("A choice question needs at least two answers."))
    positive = sum(c["credit"] for c in choices if c["credit"] > 0)
    if abs(positive - 100) > 0.1:
        errors.append(_l("The positive credits must add up to 100%% (they add up to "
                         "%(total)s%%).", total=_num(round(positive, 5))))
    if not _credits_ok(choices, -100, 100):
        errors.append(_l("Credits must be between -100% and 100%."))
    if any(not c["text"].strip() for c in choices):
        errors.append(_l("Every answer needs a text."))
    return errors


def check_truefalse(data: dict) -> list[str]:
    return [] if isinstance(data.get("correct"), bool) else [_l("Choose true or false.")]


def check_short(data: dict) -> list[str]:
    answers = data.get("answers", [])
    errors = []
    if not any(a["credit"] >= 100 for a in answers):
        errors.append(_l("Give at least one accepted answer with full credit (100%)."))
    if not _credits_ok(answers, 0, 100):
        errors.append(_l("Credits of accepted answers must be between 0% and 100%."))
    if any(not a["text"].strip() for a in answers):
        errors.append(_l("Every accepted answer needs a text."))
    return errors


def check_numerical(data: dict) -> list[str]:
    answers = data.get("answers", [])
    errors = []
    if not any(a["credit"] >= 100 for a in answers):
        errors.append(_l("Give at least one answer with full credit (100%)."))
    if not _credits_ok(answers, 0, 100):
        errors.append(_l("Credits must be between 0% and 100%."))
    for a in answers:
        if a.get("low") is not None and a.get("high") is not None:
            if a["low"] > a["high"]:
                errors.append(_l("A range must start with its lower value."))
        elif a.get("value") is None:
            errors.append(_l("Every answer needs a value or a range."))
        elif (a.get("tolerance") or 0) < 0:
            errors.append(_l("A tolerance cannot be negative."))
    return errors


def check_matching(data: dict) -> list[str]:
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


def check_essay(data: dict) -> list[str]:
    return []


@dataclass(frozen=True)
class QuestionType:
    name: str
    label: Any
    grade: Callable[[dict, Any], tuple[float | None, str]]
    check: Callable[[dict], list]
    correct_answers: Callable[[dict], list[str]]
    manual: bool = False  # graded by a person


QUESTION_TYPES: dict[str, QuestionType] = {
    t.name: t
    for t in (
        QuestionType("single", _l("Single choice"), grade_single, check_single,
                     _correct_choices),
        QuestionType("multiple", _l("Multiple choice"), grade_multiple, check_multiple,
                     _correct_choices),
        QuestionType("truefalse", _l("True/false"), grade_truefalse, check_truefalse,
                     _correct_truefalse),
        QuestionType("short", _l("Short answer"), grade_short, check_short, _correct_short),
        QuestionType("numerical", _l("Numerical"), grade_numerical, check_numerical,
                     _correct_numerical),
        QuestionType("matching", _l("Matching"), grade_matching, check_matching,
                     _correct_matching),
        QuestionType("essay", _l("Essay"), grade_essay, check_essay, _none, manual=True),
    )
}


def grade(question_type: str, data: dict, response: Any) -> tuple[float | None, str]:
    return QUESTION_TYPES[question_type].grade(data, response)


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
            known.setdefault((item.get("text"), item.get("stem"), item.get("answer"),
                              item.get("value"), item.get("low"), item.get("high")),
                             item["id"])
        used = set()
        for item in new[key]:
            signature = (item.get("text"), item.get("stem"), item.get("answer"),
                         item.get("value"), item.get("low"), item.get("high"))
            old_id = known.get(signature)
            if old_id and old_id not in used:
                item["id"] = old_id
                used.add(old_id)
    return new
