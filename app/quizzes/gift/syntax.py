"""The pieces of GIFT syntax shared by the reader, the writer and the question types.

Escaped characters are "protected" before parsing: each becomes a private-use placeholder
plus a filler, so that offsets (for error lines) stay those of the original text and an
escaped `~ = # { } :` is never taken for a marker. `plain()` turns protected text back
into the real characters.
"""

from __future__ import annotations

import re

from flask_babel import gettext as _

FORMATS = ("moodle", "markdown", "html", "plain")
_ESCAPES = {":": "\ue001", "#": "\ue002", "=": "\ue003", "{": "\ue004", "}": "\ue005",
            "~": "\ue006", "\\": "\ue007", "n": "\ue008"}
_FILLER = "\ue0ff"
_UNESCAPE = {v: ("\n" if k == "n" else k) for k, v in _ESCAPES.items()}
_WEIGHT = re.compile(r"%\s*(-?\d+(?:\.\d+)?)\s*%")
FORMAT = re.compile(r"\[(moodle|markdown|html|plain)\]")
NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


class GiftProblem(Exception):
    """A syntax error at `offset` of the protected question block."""

    def __init__(self, offset: int, message: str):
        super().__init__(message)
        self.offset = offset
        self.message = message


# --- reading -------------------------------------------------------------------------------

def protect(text: str) -> str:
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


def plain(text: str) -> str:
    """Protected text → the real characters."""
    return "".join(_UNESCAPE.get(c, c) for c in text if c != _FILLER)


def find(text: str, needle: str, start: int = 0, end: int | None = None) -> int:
    return text.find(needle, start, len(text) if end is None else end)


def split_markers(text: str, offset: int, markers: str) -> list[tuple[str, str, int]]:
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
        raise GiftProblem(offset, _("Text before the first answer: answers start with "
                                    "%(markers)s.",
                                    markers=" or ".join(f"'{m}'" for m in markers)))
    return pieces


def strip_format(text: str) -> str:
    match = FORMAT.match(text.strip())
    return text.strip()[match.end():].strip() if match else text.strip()


def feedback_split(body: str) -> tuple[str, str]:
    text, _sep, feedback = body.partition("#")
    return plain(strip_format(text)), plain(strip_format(feedback))


def weight(body: str, at: int) -> tuple[float | None, str]:
    stripped = body.lstrip()
    if not stripped.startswith("%"):
        return None, body
    match = _WEIGHT.match(stripped)
    if not match:
        raise GiftProblem(at, _("A weight is written like %50% or %-33.33333%."))
    value = float(match.group(1))
    if not -100 <= value <= 100:
        raise GiftProblem(at, _("A weight must be between -100% and 100%."))
    return value, stripped[match.end():]


def number(text: str, at: int) -> float:
    value = plain(text).strip()
    if not NUMBER.fullmatch(value):
        raise GiftProblem(at, _("Not a number: \"%(value)s\".", value=value))
    return float(value)


# --- writing -------------------------------------------------------------------------------

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


def number_text(value: float) -> str:
    text = f"{value:.10f}".rstrip("0").rstrip(".")
    return "0" if text in {"", "-0"} else text


def weight_text(credit: float) -> str:
    return "%" + number_text(round(credit, 7)) + "%"


def with_feedback(text: str, feedback: str) -> str:
    return f"{text} #{escape(feedback)}" if feedback else text
