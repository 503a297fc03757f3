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

from app.quizzes.gift.model import GiftError, GiftQuestion
from app.quizzes.gift.reader import parse
from app.quizzes.gift.syntax import FORMATS, escape
from app.quizzes.gift.writer import export, export_question

__all__ = ["FORMATS", "GiftError", "GiftQuestion", "escape", "export", "export_question",
           "parse"]
