"""Writing GIFT in its canonical form, so that export → parse → export is byte-identical.

The answer lines come from each question type's `to_gift`; numerical and true/false
answers start on the question's line, and true/false closes its brace on its last line.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from app.quizzes.gift.syntax import FORMAT, escape
from app.quizzes.types import QUESTION_TYPES


def export_question(question: Any) -> str:
    """One question (anything with name, type, text, text_format, general_feedback, data,
    tags) as a GIFT block, without a trailing newline."""
    out = []
    tags = list(getattr(question, "tags", []) or [])
    if tags:
        out.append("// " + " ".join(f"[tag:{t.replace(']', chr(92) + ']')}]" for t in tags))
    marker = ""
    if question.text_format != "moodle" or FORMAT.match(question.text.strip()):
        marker = f"[{question.text_format}]"
    qtype = QUESTION_TYPES[question.type]
    lines = qtype.to_gift(question.data)
    if question.general_feedback:
        lines.append("####" + escape(question.general_feedback))
    head = f"::{escape(question.name)}::{marker}{escape(question.text)} {{"
    if qtype.gift_inline:
        head += lines.pop(0)  # {#2004:0 …} and {TRUE …} start on the question's line
    if qtype.gift_closes_inline:
        body = [head, *lines]
        body[-1] += "}"  # {TRUE\n#wrong\n#right}
        out.extend(body)
    elif lines:
        out.extend([head, *lines, "}"])
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
