"""Question text → safe HTML, in the question's format (sanitised like lessons)."""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from app.markdown import render_inline, render_markdown, sanitise_html

_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)


def _safe(html: str) -> str:
    """Sanitised HTML without images (questions have no media of their own: an image
    would be fetched from another site)."""
    return _IMG.sub("", sanitise_html(html))


def render_text(text: str | None, text_format: str = "moodle", *, inline: bool = False) -> Markup:
    """`markdown` → Markdown; `html` → sanitised HTML; `plain` → escaped text with line
    breaks; `moodle` (GIFT without a marker) → text with line breaks, simple HTML kept
    and sanitised."""
    # Every branch below returns HTML sanitised by nh3 (app.markdown) or escaped text.
    if not text:
        return Markup("")
    if text_format == "markdown":
        html = _IMG.sub("", render_inline(text)) if inline else render_markdown(text)
        return Markup(html)  # noqa: S704
    if text_format == "plain":
        return Markup(str(escape(text)).replace("\n", "<br>"))  # noqa: S704
    if text_format == "html":
        return Markup(_safe(text))  # noqa: S704
    html = _safe(text.replace("\r", "").replace("\n", "<br>"))
    return Markup(html if inline else f"<p>{html}</p>")  # noqa: S704
