"""Shrink to fit: long names and titles get smaller until the certificate is one page.

Templates mark what may shrink:

* ``data-fit="NAME"`` on a single-line element (``white-space: nowrap``), e.g. the holder's
  name: if its text is wider than the element, its font size is reduced to fit;
* ``data-fit-area`` on a fixed-height element whose text sizes are in ``rem``: if its content
  is taller than the element (or the document has more than one page), the root font size is
  reduced, which scales every ``rem`` size inside.

Each pass lays the document out again with the corrected sizes (only long texts need a
second pass); ``check`` answers True when everything fits.

The root size an area needs depends on its texts, not on whose certificate it is: a single-line
name is as tall whatever its length. ``remember``/``start`` keep the root size found for a
page keyed by its HTML with the names reduced to the Unicode blocks they are written in (which
decide their fonts, hence their line height), so the other certificates of a cohort whose
texts overflow (Myanmar's tall lines) start at the size that fits: one layout instead of two.
The result is the same page: the first pass would have found that size.
"""

from __future__ import annotations

import hashlib
import html as html_escape
import re
from dataclasses import dataclass, field

from weasyprint.formatting_structure import boxes

MIN_SCALE = 0.45
SAFETY = 0.97
TOLERANCE = 0.999


@dataclass
class FitState:
    root_scale: float = 1.0
    base_root_px: float | None = None
    sizes: dict[str, float] = field(default_factory=dict)  # data-fit name → font size (px)

    def css(self) -> str:
        rules = []
        if self.root_scale < 1 and self.base_root_px:
            rules.append(f"html {{ font-size: {self.base_root_px * self.root_scale:.2f}px }}")
        for name, size in sorted(self.sizes.items()):
            rules.append(f'[data-fit="{name}"] {{ font-size: {size:.2f}px !important }}')
        return "\n".join(rules)

    def check(self, document) -> bool:
        """Measure `document`; adjust the sizes and answer False if another pass is needed."""
        page_box = document.pages[0]._page_box
        fits = True
        seen: set = set()
        for box, parent in _walk(page_box):
            element = getattr(box, "element", None)
            if element is None or element in seen or not isinstance(box, boxes.ParentBox):
                continue
            if self.base_root_px is None and element.tag == "html":
                self.base_root_px = box.style["font_size"]
            name = element.get("data-fit")
            if name:
                seen.add(element)
                ratio = _width_ratio(box, parent)
                if ratio < TOLERANCE:
                    current = self.sizes.get(name, box.style["font_size"])
                    self.sizes[name] = current * max(ratio * SAFETY, MIN_SCALE)
                    fits = False
            elif element.get("data-fit-area") is not None:
                seen.add(element)
                ratio = _height_ratio(box)
                if ratio < TOLERANCE:
                    self.root_scale = max(self.root_scale * ratio * SAFETY, MIN_SCALE)
                    fits = False
        if len(document.pages) > 1:
            self.root_scale = max(self.root_scale * 0.9, MIN_SCALE)
            fits = False
        return fits


_ROOTS: dict[str, tuple[float, float]] = {}  # page key → (root_scale, base_root_px)
MAX_REMEMBERED = 512


def page_key(html: str, names: tuple[str, ...], *context) -> str:
    """What decides the root size: the page's HTML with each name that is the whole text of
    a single-line ``data-fit`` element replaced by the Unicode blocks of its letters (a name
    anywhere else stays: its length may change how lines wrap), and whatever else the caller
    adds (stylesheet, fonts)."""
    for name in sorted(filter(None, names), key=len, reverse=True):
        blocks = sorted({ord(char) >> 7 for char in name})
        text = re.escape(html_escape.escape(name))
        pattern = r'(<[^<>]*\bdata-fit="[^"<>]*"[^<>]*>)' + text + "<"
        html = re.sub(pattern, lambda match, b=blocks: f"{match.group(1)}\0{b}\0<", html)
    return hashlib.sha256(repr((html, context)).encode()).hexdigest()


def start(key: str) -> FitState:
    remembered = _ROOTS.get(key)
    if remembered is None:
        return FitState()
    return FitState(root_scale=remembered[0], base_root_px=remembered[1])


def remember(key: str, fit: FitState) -> None:
    if fit.root_scale < 1 and fit.base_root_px:
        if len(_ROOTS) >= MAX_REMEMBERED:
            _ROOTS.clear()
        _ROOTS[key] = (fit.root_scale, fit.base_root_px)


def forget() -> None:
    _ROOTS.clear()


def _walk(box, parent=None):
    """Every box with its parent, depth first (placeholders of positioned boxes unwrapped)."""
    box = getattr(box, "_box", box)
    yield box, parent
    if isinstance(box, boxes.ParentBox):
        for child in box.children:
            yield from _walk(child, box)


def _width_ratio(box, parent) -> float:
    """Available width ÷ width of the text laid out in `box` (≥ 1 when it fits).

    The available width is the box's own, or its parent's when the box grew with its text
    (a flex item's automatic minimum width is its content's).
    """
    available = box.width
    if parent is not None and getattr(parent, "width", None):
        available = min(available, parent.width)
    left = right = None
    for child, _parent in _walk(box):
        if isinstance(child, (boxes.TextBox, boxes.AtomicInlineLevelBox)):
            x0, x1 = child.position_x, child.position_x + child.margin_width()
            left = x0 if left is None else min(left, x0)
            right = x1 if right is None else max(right, x1)
    if left is None or right <= left:
        return 1.0
    return min(1.0, available / (right - left))


def _height_ratio(box) -> float:
    """Height of `box` ÷ height of its content (≥ 1 when it fits).

    Only the extent of the content counts, not where it starts: content centred with
    ``top: 50%; transform: translateY(-50%)`` is laid out from the middle down.
    """
    low = high = None
    for child in box.children:
        child = getattr(child, "_box", child)
        y0, y1 = child.position_y, child.position_y + child.margin_height()
        low = y0 if low is None else min(low, y0)
        high = y1 if high is None else max(high, y1)
    if low is None:
        return 1.0
    needed = high - low
    return min(1.0, box.height / needed) if needed > 0 else 1.0
