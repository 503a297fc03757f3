"""GIFT (Moodle's text format for questions): parser and exporter.

Covers every type of app.quizzes.types: single choice `{=right ~wrong}`, multiple choice
with weights `{~%50%a ~%-50%b}`, true/false `{TRUE#feedback if wrong#feedback if right}`,
short answer `{=answer =%50%part*}`, numerical `{#2004:0}` / `{#1..5}` /
`{# =1822:0 =%50%1822:2 ~#any other}`, matching `{=a -> 1 =b -> 2 = -> distractor}` and
essay `{}`; `::name::`, `$CATEGORY: path`, `[markdown]` / `[html]` / `[plain]` /
`[moodle]`, per-answer `#feedback`, `####general feedback`, escapes `\\~ \\= \\# \\{ \\}
\\: \\\\ \\n`, `//` comment lines (with Moodle's `[tag:name]` tags), and the "missing
word" form (answers in the middle of the text become `_____`).

True/false feedback follows Moodle: the first `#feedback` is shown for a wrong answer,
the second for a right one.

`parse(text)` returns the questions and the errors (each with its line); callers import
nothing when there is an error. `export(questions)` writes the canonical form, so that
export → parse → export is byte-identical.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _

from app.quizzes.types import QUESTION_TYPES, new_id

FORMATS = ("moodle", "markdown", "html", "plain")
# Escaped characters become a private-use placeholder plus a filler, keeping offsets.
_ESCAPES = {":": "\ue001", "#": "\ue002", "=": "\ue003", "{": "\ue004", "}": "\ue005",
            "~": "\ue006", "\\": "\ue007", "n": "\ue008"}
_FILLER = "\ue0ff"
_UNESCAPE = {v: ("\n" if k == "n" else k) for k, v in _ESCAPES.items()}
_WEIGHT = re.compile(r"%\s*(-?\d+(?:\.\d+)?)\s*%")
_FORMAT = re.compile(r"\[(moodle|markdown|html|plain)\]")
_TAG = re.compile(r"\[tag:((?:\\\]|[^\]])+)\]")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_CATEGORY_PREFIX = re.compile(r"^\$(course|system|module|cat\d*)\$/")


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


@dataclass(frozen=True)
class GiftError:
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.line}: {self.message}"


class _Problem(Exception):
    def __init__(self, offset: int, message: str):
        super().__init__(message)
        self.offset = offset
        self.message = message


# --- parsing -------------------------------------------------------------------------------

def _protect(text: str) -> str:
    out, i = [], 0
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text) and text[i + 1] in _ESCAPES:
            out.append(_ESCAPES[text[i + 1]] + _FILLER)
            i += 2
        else:
            out.append(char)
            i += 1
    return "".join(out)


def _plain(text: str) -> str:
    """Protected text → the real characters."""
    return "".join(_UNESCAPE.get(c, c) for c in text if c != _FILLER)


def _blocks(text: str) -> Iterable[tuple[int, str, list[str]]]:
    """(first line, block text with comment lines blanked, comments) per question."""
    lines = text.split("\n")
    start, body, comments = None, [], []
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if stripped.startswith("$CATEGORY:"):
            if start is not None:
                yield start, "\n".join(body), comments
            yield number, stripped, []
            start, body, comments = None, [], []
            continue
        if not stripped:
            if start is not None:
                yield start, "\n".join(body), comments
            start, body, comments = None, [], []
            continue
        if start is None:
            start = number
        if stripped.startswith("//"):
            comments.append(stripped)
            body.append("")
        else:
            body.append(line)
    if start is not None:
        yield start, "\n".join(body), comments


def _find(text: str, needle: str, start: int = 0, end: int | None = None) -> int:
    return text.find(needle, start, len(text) if end is None else end)


def _split_markers(text: str, offset: int, markers: str) -> list[tuple[str, str, int]]:
    """Split answer text at unescaped markers → [(marker, body, offset of marker)]."""
    pieces, current, marker, at = [], [], None, offset
    lead = []
    for i, char in enumerate(text):
        if char in markers:
            if marker is not None:
                pieces.append((marker, "".join(current), at))
            marker, current, at = char, [], offset + i
        elif marker is None:
            lead.append(char)
        else:
            current.append(char)
    if marker is not None:
        pieces.append((marker, "".join(current), at))
    if "".join(lead).strip():
        raise _Problem(offset, _("Text before the first answer: answers start with %(markers)s.",
                         markers=" or ".join(f"'{m}'" for m in markers)))
    return pieces


def _strip_format(text: str) -> str:
    match = _FORMAT.match(text.strip())
    return text.strip()[match.end():].strip() if match else text.strip()


def _feedback_split(body: str) -> tuple[str, str]:
    text, _sep, feedback = body.partition("#")
    return _plain(_strip_format(text)), _plain(_strip_format(feedback))


def _weight(body: str, at: int) -> tuple[float | None, str]:
    stripped = body.lstrip()
    if not stripped.startswith("%"):
        return None, body
    match = _WEIGHT.match(stripped)
    if not match:
        raise _Problem(at, _("A weight is written like %50% or %-33.33333%."))
    value = float(match.group(1))
    if not -100 <= value <= 100:
        raise _Problem(at, _("A weight must be between -100% and 100%."))
    return value, stripped[match.end():]


def _choices(text: str, offset: int) -> tuple[str, dict]:
    choices, has_equal = [], False
    for marker, body, at in _split_markers(text, offset, "=~"):
        credit, body = _weight(body, at)
        if marker == "=":
            has_equal = True
            if credit is not None and credit != 100:
                raise _Problem(at, _("'=' marks the right answer; use ~%50% for partial "
                                     "credit."))
            credit = 100.0
        answer, feedback = _feedback_split(body)
        if not answer:
            raise _Problem(at, _("An answer is empty."))
        choices.append({"id": new_id(), "text": answer, "credit": credit or 0.0,
                        "feedback": feedback})
    return ("single" if has_equal else "multiple"), {"choices": choices}


def _matching(text: str, offset: int) -> dict:
    pairs = []
    for _marker, body, at in _split_markers(text, offset, "="):
        if "#" in body:
            raise _Problem(at, _("Matching pairs cannot have feedback; use general feedback "
                                 "(####)."))
        stem, arrow, answer = body.partition("->")
        if not arrow:
            raise _Problem(at, _("A matching pair is written '=item -> match'."))
        stem, answer = _plain(_strip_format(stem)), _plain(_strip_format(answer))
        if not answer:
            raise _Problem(at, _("The match after '->' is empty."))
        pairs.append({"id": new_id(), "stem": stem, "answer": answer})
    return {"pairs": pairs}


def _number(text: str, at: int) -> float:
    value = _plain(text).strip()
    if not _NUMBER.fullmatch(value):
        raise _Problem(at, _("Not a number: \"%(value)s\".", value=value))
    return float(value)


def _numeric_answer(spec: str, at: int) -> dict:
    spec = spec.strip()
    if not spec:
        raise _Problem(at, _("A numerical answer is empty."))
    if ".." in spec:
        low, _sep, high = spec.partition("..")
        return {"value": None, "tolerance": 0.0, "low": _number(low, at),
                "high": _number(high, at)}
    value, _sep, tolerance = spec.partition(":")
    return {"value": _number(value, at),
            "tolerance": _number(tolerance, at) if tolerance.strip() else 0.0,
            "low": None, "high": None}


def _numerical(text: str, offset: int) -> dict:
    body, other = text, ""
    tilde = _find(body, "~")
    if tilde >= 0:
        rest = body[tilde + 1:].strip()
        if rest and not rest.startswith("#"):
            raise _Problem(offset + tilde, _("In a numerical question '~' is only followed by "
                                             "'#feedback' for any other answer."))
        other = _plain(_strip_format(rest[1:])) if rest else ""
        body = body[:tilde]
    answers = []
    if body.lstrip().startswith("="):
        parts = _split_markers(body, offset, "=")
    else:
        parts = [("=", body, offset)]
    for _marker, part, at in parts:
        credit, part = _weight(part, at)
        spec, _sep, feedback = part.partition("#")
        answer = _numeric_answer(spec, at)
        answer.update(id=new_id(), credit=100.0 if credit is None else credit,
                      feedback=_plain(_strip_format(feedback)))
        answers.append(answer)
    return {"answers": answers, "other_feedback": other}


def _truefalse(text: str) -> dict | None:
    bits = text.split("#", 2)
    head = bits[0].strip()
    if head not in {"T", "TRUE", "F", "FALSE"}:
        return None
    correct = head in {"T", "TRUE"}
    wrong = _plain(_strip_format(bits[1])) if len(bits) > 1 else ""
    right = _plain(_strip_format(bits[2])) if len(bits) > 2 else ""
    return {"correct": correct,
            "feedback_true": right if correct else wrong,
            "feedback_false": wrong if correct else right}


def _short(text: str, offset: int) -> dict:
    if not text.lstrip().startswith("="):
        raise _Problem(offset, _("Answers of a short-answer question start with '=' (for "
                                 "true/false write {TRUE} or {FALSE}, for a choice use '~' "
                                 "for wrong answers)."))
    answers = []
    for _marker, body, at in _split_markers(text, offset, "="):
        credit, body = _weight(body, at)
        if credit is not None and credit < 0:
            raise _Problem(at, _("Accepted answers cannot have negative credit."))
        answer, feedback = _feedback_split(body)
        if not answer:
            raise _Problem(at, _("An accepted answer is empty."))
        answers.append({"id": new_id(), "text": answer,
                        "credit": 100.0 if credit is None else credit, "feedback": feedback})
    return {"answers": answers, "case_sensitive": False}


def _question(block: str) -> tuple[GiftQuestion, int]:
    """Parse one protected question block; offsets in errors are within `block`."""
    pos = len(block) - len(block.lstrip())
    name = None
    if block.startswith("::", pos):
        end = _find(block, "::", pos + 2)
        if end < 0:
            raise _Problem(pos, _("The question name is not closed with '::'."))
        name = _plain(block[pos + 2:end]).strip()
        pos = end + 2
    while pos < len(block) and block[pos].isspace():
        pos += 1
    text_format = "moodle"
    match = _FORMAT.match(block, pos)
    if match:
        text_format = match.group(1)
        pos = match.end()
    open_at = _find(block, "{", pos)
    close_at = _find(block, "}", pos)
    if open_at < 0 and close_at < 0:
        raise _Problem(pos, _("No answers: a question needs an answer block { … } (use {} for "
                              "an essay)."))
    if open_at < 0 or (0 <= close_at < open_at):
        raise _Problem(close_at, _("'}' without '{' (write \\} for a literal brace)."))
    if close_at < 0:
        raise _Problem(open_at, _("'{' is not closed with '}' before the end of the question "
                                  "(a question cannot contain blank lines)."))
    nested = _find(block, "{", open_at + 1, close_at)
    if nested >= 0:
        raise _Problem(nested, _("'{' inside an answer block (write \\{ for a literal "
                                 "brace)."))
    for extra in (_find(block, "{", close_at), _find(block, "}", close_at + 1)):
        if extra >= 0:
            raise _Problem(extra, _("Only one answer block per question."))
    before, after = block[pos:open_at], block[close_at + 1:]
    text = (before + ("_____" + after if after.strip() else "")).strip()
    if not text:
        raise _Problem(pos, _("The question text is empty."))
    inner, inner_at = block[open_at + 1:close_at], open_at + 1
    general = ""
    separator = inner.rfind("####")
    if separator >= 0:
        general = _plain(_strip_format(inner[separator + 4:]))
        inner = inner[:separator]
    stripped = inner.strip()
    inner_at += len(inner) - len(inner.lstrip())
    if not stripped:
        qtype, data = "essay", {"grader_info": ""}
    elif stripped.startswith("#"):
        qtype, data = "numerical", _numerical(stripped[1:], inner_at + 1)
    elif "~" in stripped:
        qtype, data = _choices(stripped, inner_at)
    elif "=" in stripped and "->" in stripped:
        qtype, data = "matching", _matching(stripped, inner_at)
    else:
        data = _truefalse(stripped)
        qtype = "truefalse"
        if data is None:
            qtype, data = "short", _short(stripped, inner_at)
    plain_text = _plain(text)
    if not name:
        name = re.sub(r"\s+", " ", plain_text)[:80].strip()
    if len(name) > 255:
        raise _Problem(0, _("The question name is longer than 255 characters."))
    question = GiftQuestion(name=name, type=qtype, text=plain_text, text_format=text_format,
                            general_feedback=general, data=data)
    return question, open_at


def _category(line: str) -> str | None:
    path = _plain(_protect(line[len("$CATEGORY:"):])).strip()
    while True:
        stripped = _CATEGORY_PREFIX.sub("", path)
        if stripped == path:
            break
        path = stripped
    if path == "top" or path.startswith("top/"):
        path = path[4:]
    path = "/".join(part.strip() for part in path.split("/") if part.strip())
    return path or None


def parse(text: str) -> tuple[list[GiftQuestion], list[GiftError]]:
    """Parse a GIFT file → (questions, errors). Import nothing if `errors` is not empty."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    questions: list[GiftQuestion] = []
    errors: list[GiftError] = []
    category: str | None = None
    for start, block, comments in _blocks(text):
        if block.startswith("$CATEGORY:"):
            category = _category(block)
            continue
        if not block.strip():
            continue  # only comments
        protected = _protect(block)
        try:
            question, answers_at = _question(protected)
        except _Problem as problem:
            line = start + protected[:max(problem.offset, 0)].count("\n")
            errors.append(GiftError(line, problem.message))
            continue
        question.line = start + protected[:len(protected) - len(protected.lstrip())].count("\n")
        question.category = category
        question.tags = _tags(comments)
        for message in QUESTION_TYPES[question.type].check(question.data):
            errors.append(GiftError(start + protected[:answers_at].count("\n"),
                                    f"{question.name}: {message}"))
        questions.append(question)
    return questions, errors


def _tags(comments: list[str]) -> list[str]:
    tags = []
    for comment in comments:
        for raw in _TAG.findall(comment):
            tag = raw.replace("\\]", "]").strip()[:60]
            if tag and tag not in tags:
                tags.append(tag)
    return tags


# --- exporting -----------------------------------------------------------------------------

def escape(text: str) -> str:
    out = []
    for char in text or "":
        if char == "\\":
            out.append("\\\\")
        elif char in "~=#{}:":
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\n")
        elif char == "\r":
            continue
        else:
            out.append(char)
    return "".join(out)


def _number_text(value: float) -> str:
    text = f"{value:.10f}".rstrip("0").rstrip(".")
    return "0" if text in {"", "-0"} else text


def _weight_text(credit: float) -> str:
    return "%" + _number_text(round(credit, 7)) + "%"


def _numeric_spec(answer: dict) -> str:
    if answer.get("low") is not None and answer.get("high") is not None:
        return f"{_number_text(answer['low'])}..{_number_text(answer['high'])}"
    return f"{_number_text(answer['value'])}:{_number_text(answer.get('tolerance') or 0)}"


def _with_feedback(text: str, feedback: str) -> str:
    return f"{text} #{escape(feedback)}" if feedback else text


def _answer_lines(qtype: str, data: dict) -> list[str]:
    lines = []
    if qtype in {"single", "multiple"}:
        for c in data["choices"]:
            text = escape(c["text"])
            if qtype == "single" and c["credit"] >= 100:
                head = "=" + ("%100%" if text.startswith("%") else "")
            elif c["credit"] == 0 and qtype == "single" and not text.startswith("%"):
                head = "~"
            else:
                head = "~" + _weight_text(c["credit"])
            lines.append(_with_feedback(head + text, c.get("feedback", "")))
    elif qtype == "truefalse":
        correct = bool(data["correct"])
        right = data.get("feedback_true" if correct else "feedback_false", "")
        wrong = data.get("feedback_false" if correct else "feedback_true", "")
        lines.append("TRUE" if correct else "FALSE")
        if right or wrong:
            lines += ["#" + escape(wrong), "#" + escape(right)]
    elif qtype == "short":
        for a in data["answers"]:
            text = escape(a["text"])
            head = "=" if a["credit"] >= 100 and not text.startswith("%") else \
                "=" + _weight_text(a["credit"])
            lines.append(_with_feedback(head + text, a.get("feedback", "")))
    elif qtype == "numerical":
        answers = data["answers"]
        if len(answers) == 1 and answers[0]["credit"] >= 100 and not data.get("other_feedback"):
            # The short form {#2004:0 #feedback}
            return ["#" + _with_feedback(_numeric_spec(answers[0]), answers[0]["feedback"])]
        lines.append("#")
        for a in answers:
            head = "=" if a["credit"] >= 100 else "=" + _weight_text(a["credit"])
            lines.append(_with_feedback(head + _numeric_spec(a), a.get("feedback", "")))
        if data.get("other_feedback"):
            lines.append("~#" + escape(data["other_feedback"]))
    elif qtype == "matching":
        for p in data["pairs"]:
            stem = escape(p["stem"])
            lines.append(f"={stem} -> {escape(p['answer'])}" if stem
                         else f"= -> {escape(p['answer'])}")
    return lines


def export_question(question: Any) -> str:
    """One question (anything with name, type, text, text_format, general_feedback, data,
    tags) as a GIFT block, without a trailing newline."""
    out = []
    tags = list(getattr(question, "tags", []) or [])
    if tags:
        out.append("// " + " ".join(f"[tag:{t.replace(']', chr(92) + ']')}]" for t in tags))
    marker = ""
    if question.text_format != "moodle" or _FORMAT.match(question.text.strip()):
        marker = f"[{question.text_format}]"
    lines = _answer_lines(question.type, question.data)
    if question.general_feedback:
        lines.append("####" + escape(question.general_feedback))
    head = f"::{escape(question.name)}::{marker}{escape(question.text)} {{"
    if question.type in {"numerical", "truefalse"}:
        head += lines.pop(0)  # {#2004:0 …} and {TRUE …} start on the question's line
    if question.type == "truefalse":
        body = [head, *lines]
        body[-1] += "}"  # {TRUE\n#wrong\n#right}
        out.extend(body)
    elif lines:
        out.extend([head, *lines, "}"])
    else:
        out.append(head + "}")
    return "\n".join(out)
    if lines:
        out.append(head)
        out.extend(lines)
        out.append("}")
    else:
        out.append(head + "}")
    return "\n".join(out)


def export(questions: Iterable[Any], *, categories: bool = True) -> str:
    """Questions (with a `.category_name` when `categories`) → a GIFT file."""
    blocks, current = [], None
    for question in questions:
        if categories:
            name = getattr(question, "category_name", None)
            if name != current:
                blocks.append(f"$CATEGORY: {name}")
                current = name
        blocks.append(export_question(question))
    return "\n\n".join(blocks) + "\n" if blocks else ""
