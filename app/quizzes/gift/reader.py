"""Reading GIFT: blocks, `::name::`, `[format]`, `$CATEGORY`, tags and the answer block.

What is inside the braces belongs to the question types: each type's `from_gift` says
whether the block is written in its syntax (and parses it), asked in `gift_priority`
order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from flask_babel import gettext as _

from app.quizzes.gift.model import GiftError, GiftQuestion
from app.quizzes.gift.syntax import FORMAT, GiftProblem, find, plain, protect, strip_format
from app.quizzes.types import QUESTION_TYPES

_TAG = re.compile(r"\[tag:((?:\\\]|[^\]])+)\]")
_CATEGORY_PREFIX = re.compile(r"^\$(course|system|module|cat\d*)\$/")


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


def _answers(inner: str, at: int) -> tuple[str, dict]:
    """The type and content of an answer block (protected, stripped)."""
    for qtype in sorted(QUESTION_TYPES.values(), key=lambda t: t.gift_priority):
        data = qtype.from_gift(inner, at)
        if data is not None:
            return qtype.name, data
    raise GiftProblem(at, _("This answer block is not written in any known question type."))


def _question(block: str) -> tuple[GiftQuestion, int]:
    """Parse one protected question block; offsets in errors are within `block`."""
    pos = len(block) - len(block.lstrip())
    name = None
    if block.startswith("::", pos):
        end = find(block, "::", pos + 2)
        if end < 0:
            raise GiftProblem(pos, _("The question name is not closed with '::'."))
        name = plain(block[pos + 2:end]).strip()
        pos = end + 2
    while pos < len(block) and block[pos].isspace():
        pos += 1
    text_format = "moodle"
    match = FORMAT.match(block, pos)
    if match:
        text_format = match.group(1)
        pos = match.end()
    open_at = find(block, "{", pos)
    close_at = find(block, "}", pos)
    if open_at < 0 and close_at < 0:
        raise GiftProblem(pos, _("No answers: a question needs an answer block { … } (use {} "
                                 "for an essay)."))
    if open_at < 0 or (0 <= close_at < open_at):
        raise GiftProblem(close_at, _("'}' without '{' (write \\} for a literal brace)."))
    if close_at < 0:
        raise GiftProblem(open_at, _("'{' is not closed with '}' before the end of the "
                                     "question (a question cannot contain blank lines)."))
    nested = find(block, "{", open_at + 1, close_at)
    if nested >= 0:
        raise GiftProblem(nested, _("'{' inside an answer block (write \\{ for a literal "
                                    "brace)."))
    for extra in (find(block, "{", close_at), find(block, "}", close_at + 1)):
        if extra >= 0:
            raise GiftProblem(extra, _("Only one answer block per question."))
    before, after = block[pos:open_at], block[close_at + 1:]
    text = (before + ("_____" + after if after.strip() else "")).strip()
    if not text:
        raise GiftProblem(pos, _("The question text is empty."))
    inner, inner_at = block[open_at + 1:close_at], open_at + 1
    general = ""
    separator = inner.rfind("####")
    if separator >= 0:
        general = plain(strip_format(inner[separator + 4:]))
        inner = inner[:separator]
    stripped = inner.strip()
    inner_at += len(inner) - len(inner.lstrip())
    qtype, data = _answers(stripped, inner_at)
    plain_text = plain(text)
    named = bool(name)
    if not name:
        name = re.sub(r"\s+", " ", plain_text)[:80].strip()
    if len(name) > 255:
        raise GiftProblem(0, _("The question name is longer than 255 characters."))
    question = GiftQuestion(name=name, type=qtype, text=plain_text, text_format=text_format,
                            general_feedback=general, data=data, named=named)
    return question, open_at


def _category(line: str) -> str | None:
    path = plain(protect(line[len("$CATEGORY:"):])).strip()
    while True:
        stripped = _CATEGORY_PREFIX.sub("", path)
        if stripped == path:
            break
        path = stripped
    if path == "top" or path.startswith("top/"):
        path = path[4:]
    path = "/".join(part.strip() for part in path.split("/") if part.strip())
    return path or None


def _tags(comments: list[str]) -> list[str]:
    tags = []
    for comment in comments:
        for raw in _TAG.findall(comment):
            tag = raw.replace("\\]", "]").strip()[:60]
            if tag and tag not in tags:
                tags.append(tag)
    return tags


def parse(text: str, *, max_questions: int | None = None
          ) -> tuple[list[GiftQuestion], list[GiftError]]:
    """Parse a GIFT file → (questions, errors). Import nothing if `errors` is not empty.

    With `max_questions`, parsing stops with an error at the first question past it."""
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
        if max_questions is not None and len(questions) >= max_questions:
            errors.append(GiftError(start, _(
                "More than %(max)d questions: one import takes at most %(max)d, split the "
                "file.", max=max_questions)))
            break
        protected = protect(block)
        try:
            question, answers_at = _question(protected)
        except GiftProblem as problem:
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
