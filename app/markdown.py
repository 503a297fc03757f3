"""Markdown for everything authors write (lessons, questions, biographies, minutes…).

Rendered by markdown-it-py (CommonMark + tables, strikethrough, footnotes, heading anchors)
and sanitised by nh3 with an allow-list: no script, no event handlers, no javascript:/data:
URLs, no iframes or SVG. Links get rel="noopener noreferrer"; external links also open
normally (no target). Images are kept only when `resolve_image` maps their source to an
allowed URL (e.g. the course's own media); otherwise they are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import nh3
from markdown_it import MarkdownIt
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.footnote import footnote_plugin

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del",
    "details", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "section",
    "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th",
    "thead", "tr", "u", "ul",
}
ALLOWED_ATTRIBUTES = {
    "*": {"id", "lang", "dir", "title"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
    "section": {"class"},
    "li": {"class"},
    "sup": {"class"},
    "hr": {"class"},
}
# Attributes allowed with one value only: the scrolling box around tables (kept when stored
# HTML is sanitised again).
ALLOWED_ATTRIBUTE_VALUES = {"div": {"class": {"table-wrap"}, "tabindex": {"0"}}}
URL_SCHEMES = {"http", "https", "mailto"}

_md = (
    MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    .enable(["table", "strikethrough"])
    .use(footnote_plugin)
    .use(anchors_plugin, min_level=2, max_level=4, permalink=False)
)
_IMG_RE = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_SRC_RE = re.compile(r'\bsrc="([^"]*)"')


def _filter_images(html: str, resolve_image: Callable[[str], str | None] | None) -> str:
    def replace(match: re.Match) -> str:
        tag = match.group(0)
        src = _SRC_RE.search(tag)
        if not src or resolve_image is None:
            return ""
        url = resolve_image(src.group(1).replace("&amp;", "&"))
        if not url:
            return ""
        return tag.replace(src.group(0), f'src="{url}"')

    return _IMG_RE.sub(replace, html)


def sanitise_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        tag_attribute_values=ALLOWED_ATTRIBUTE_VALUES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def render_markdown(text: str | None,
                    resolve_image: Callable[[str], str | None] | None = None) -> str:
    """Markdown → safe HTML. Raw HTML in the source is shown as text, never executed."""
    if not text:
        return ""
    html = _md.render(text)
    html = sanitise_html(html)  # first: drop anything unsafe before touching images
    html = _filter_images(html, resolve_image)
    return _wrap_tables(sanitise_html(html))


def _wrap_tables(html: str) -> str:
    """Each table in a box that scrolls by itself: a wide table does not widen a phone's page.
    The box takes the keyboard focus, so that it can be scrolled without a mouse."""
    return (html.replace("<table>", '<div class="table-wrap" tabindex="0"><table>')
            .replace("</table>", "</table></div>"))


def render_inline(text: str | None) -> str:
    """One line of Markdown (emphasis, code, links) without paragraphs."""
    if not text:
        return ""
    return sanitise_html(_md.renderInline(text))
