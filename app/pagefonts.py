"""Fonts cut to the page: the script faces of fonts.css reduced to the characters one page
shows, for pages that list people in many scripts (a meeting's participants and speakers).

A meeting lists officials in seven scripts. With a whole face per script, such a page
weighed 165 KB, 137 KB of it fonts, on a device without those fonts: an iPhone has none of
the Noto faces the stack names first, so it downloads them all. A view decorated with
`subset_fonts` gets, right after fonts.css, one more stylesheet with the same families and
weights whose `unicode-range` is exactly the characters of each script on the page, drawn
by faces cut to them (2–9 KB each). A browser tries the last-declared face of a family first
for a character (CSS Fonts 4, §4.6), so the whole faces are not fetched. A character the cut
face lacks (text typed later) still falls back to the whole face.

The interface language's own script keeps its whole face: it is cached once and used by every
page, where a cut face would be fetched again for each page.

The URLs carry the code points, the face's version and an HMAC of both (keyed by
SECRET_KEY). Any instance can serve them, browsers may keep them for a year, and nobody can
make the server cut fonts the app did not ask for. The cutting itself (fontTools, 40–150 ms a
face) is memoised per process.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import unicodedata
from functools import cache, lru_cache, wraps
from pathlib import Path

from flask import current_app, g, url_for

from app import webfonts

MARKER = "<!--page-fonts-->"
# A page's names use a few dozen characters of a script; past this a face is not cut (the
# whole face is then the better download, and no URL grows without bound).
MAX_CODEPOINTS = 400
# The interface languages written in a script of their own (their pages keep the whole face).
LOCALE_FAMILIES = {"th": "Noto Sans Thai", "lo": "Noto Sans Lao", "km": "Noto Sans Khmer",
                   "my": "Noto Sans Myanmar", "ta": "Noto Sans Tamil"}
_COMMON = {code for low, high in webfonts.COMMON_RANGES for code in range(low, high + 1)}
_RUNS_RE = re.compile(r"^[0-9a-f]{1,6}(-[0-9a-f]{1,6})?(\.[0-9a-f]{1,6}(-[0-9a-f]{1,6})?)*$")
_RULE_RE = re.compile(r"@font-face\s*\{[^}]*\}")
log = logging.getLogger(__name__)
# fontTools logs every table it cuts at INFO.
logging.getLogger("fontTools").setLevel(logging.WARNING)


# Shaping takes some characters apart before a font is chosen for each part: Thai and Lao
# AM into NIKHAHIT and AA (their compatibility decompositions), Tamil's two-part vowels
# (canonical), and Khmer's split vowels into the E written before the consonant (HarfBuzz's
# Khmer shaper). A cut face must hold the parts, or the browser fetches the whole face for
# them (seen in Chromium: a Lao name with ຳ loaded the 7 KB Lao face beside its cut one).
_KHMER_SPLIT = dict.fromkeys((0x17BE, 0x17BF, 0x17C0, 0x17C4, 0x17C5), (0x17C1,))


def with_parts(points) -> set[int]:
    """`points` and the characters shaping may take them apart into."""
    found, todo = set(points), list(points)
    while todo:
        code = todo.pop()
        parts = [int(part, 16) for part in unicodedata.decomposition(chr(code)).split()
                 if not part.startswith("<")]
        for part in (*parts, *_KHMER_SPLIT.get(code, ())):
            if part not in found:
                found.add(part)
                todo.append(part)
    return found


class BadSubset(ValueError):
    """A cut-font URL the app did not make (wrong signature, unknown face, bad code points)."""


@lru_cache(maxsize=1)
def faces() -> dict[str, webfonts.Face]:
    """The cuttable faces by file stem: every script face but Korean (already in slices)."""
    return {Path(face.file).stem: face for face in webfonts.SCRIPT_FACES}


@cache
def _drawable(stem: str) -> frozenset[int]:
    return frozenset(faces()[stem].codepoints())


def _primary(face: webfonts.Face) -> set[int]:
    return {code for low, high in face.ranges for code in range(low, high + 1)} - _COMMON


@lru_cache(maxsize=1)
def _primaries() -> tuple[tuple[str, webfonts.Face, frozenset[int]], ...]:
    return tuple((stem, face, frozenset(_primary(face))) for stem, face in faces().items())


def encode(points) -> str:
    """Code points as hex runs: 0e01-0e05.0e10 (what the URL and unicode-range hold)."""
    return ".".join(f"{low:x}" if low == high else f"{low:x}-{high:x}"
                    for low, high in webfonts.compact(points))


def decode(runs: str) -> list[int]:
    if len(runs) > 4000 or not _RUNS_RE.match(runs):
        raise BadSubset("malformed code points")
    points: set[int] = set()
    for run in runs.split("."):
        low, _, high = run.partition("-")
        first, last = int(low, 16), int(high or low, 16)
        if last < first or last - first > MAX_CODEPOINTS:
            raise BadSubset("malformed code points")
        points.update(range(first, last + 1))
        if len(points) > MAX_CODEPOINTS:
            raise BadSubset("too many code points")
    return sorted(points)


def _version(stem: str) -> str:
    from app.web import static_hash

    return static_hash(f"fonts/{stem}.woff2")[:8]


def _signature(payload: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, b"page-fonts:" + payload.encode(), hashlib.sha256).hexdigest()[:20]


def _check(payload: str, signature: str) -> None:
    if not hmac.compare_digest(_signature(payload), signature):
        raise BadSubset("not a URL this site made")


def _face_id(stem: str) -> str:
    """A face in a URL: its file stem and version (a rebuilt face gets new URLs)."""
    return f"{stem}.{_version(stem)}"


def _face_points(face_id: str, runs: str) -> tuple[str, list[int]]:
    """(stem, code points) of a face named in a URL, or BadSubset."""
    stem, _, version = face_id.partition(".")
    if stem not in faces() or version != _version(stem):
        raise BadSubset("unknown face")
    points = decode(runs)
    if not _drawable(stem).issuperset(points):
        raise BadSubset("code points outside the face")
    return stem, points


_SCRIPTS_RE = re.compile("[\u0600-\U0010ffff]")  # from Arabic on: every cuttable face


def _chars(html: str) -> frozenset[int]:
    return frozenset(map(ord, set(_SCRIPTS_RE.findall(html))))


def page_faces(html: str, locale: str = "en") -> list[tuple[str, list[int]]]:
    """(face stem, code points) for each face that draws some of `html`'s characters: the
    characters of its script, with the joiners and dotted circle that appear beside them."""
    return _faces_for(_chars(html), locale)


def _faces_for(chars: frozenset[int], locale: str) -> list[tuple[str, list[int]]]:
    if not chars:
        return []
    common = chars & _COMMON
    keep = LOCALE_FAMILIES.get(locale.split("_")[0].split("-")[0])
    found = []
    for stem, face, primary in _primaries():
        used = with_parts(chars & primary) & primary
        if used and face.family != keep and len(used) + len(common) <= MAX_CODEPOINTS:
            found.append((stem, sorted(used | common)))
    return found


def stylesheet_href(html: str, locale: str = "en") -> str | None:
    """The URL of the cut faces' stylesheet for this page, or None when it needs none
    (remembered per set of characters: a page shown again costs a set of its characters)."""
    from flask import request

    chars = _chars(html)
    if not chars:
        return None
    built = current_app.extensions.setdefault("akmn_page_fonts", {})
    key = (chars, locale, request.script_root if request else "")
    if key not in built:
        if len(built) > 1024:
            built.clear()
        cut = _faces_for(chars, locale)
        spec = "~".join(f"{_face_id(stem)}_{encode(points)}" for stem, points in cut)
        built[key] = (url_for("main.page_fonts_css", spec=spec, signature=_signature(spec))
                      if cut else None)
    return built[key]


def _parse_spec(spec: str) -> list[tuple[str, str, list[int]]]:
    parts = []
    for item in spec.split("~"):
        face_id, _, runs = item.partition("_")
        parts.append((*_face_points(face_id, runs), runs))
    if len(parts) > len(faces()):
        raise BadSubset("too many faces")
    return parts


@lru_cache(maxsize=1)
def _base_rules() -> dict[str, str]:
    """fonts.css's rule of each face by file stem (its local() names, weight, display)."""
    rules = {}
    for rule in _RULE_RE.findall(webfonts.CSS_FILE.read_text(encoding="utf-8")):
        found = re.search(r'url\("\.\./fonts/([^"]+)\.woff2"\)', rule)
        if found:
            rules[found.group(1)] = rule
    return rules


def stylesheet(spec: str, signature: str) -> str:
    """The @font-face rules of a page's cut faces (BadSubset for a URL the app did not make)."""
    _check(spec, signature)
    rules = []
    for stem, points, runs in _parse_spec(spec):
        base = _base_rules().get(stem)
        if base is None:
            raise BadSubset("unknown face")
        face_id = _face_id(stem)
        url = url_for("main.page_font", stem=face_id, runs=runs,
                      signature=_signature(f"{face_id}_{runs}"))
        unicode_range = webfonts.css_range(webfonts.compact(points))
        rule = re.sub(r'url\("[^"]+"\)', f'url("{url}")', base)
        rule = re.sub(r"unicode-range:[^;}]*", f"unicode-range: {unicode_range}", rule)
        rules.append(rule)
    return "\n".join(rules) + "\n"


def font(stem_version: str, runs: str, signature: str) -> bytes:
    """The WOFF2 face `stem` cut to the code points `runs` (BadSubset for a URL the app did
    not make)."""
    _check(f"{stem_version}_{runs}", signature)
    stem, points = _face_points(stem_version, runs)
    try:
        return _cut(stem, _version(stem), tuple(points))
    except Exception as exc:  # a face file missing or unreadable: the whole face serves
        log.warning("cutting %s failed: %s", stem, exc)
        raise BadSubset("the face could not be cut") from exc


@lru_cache(maxsize=256)
def _cut(stem: str, version: str, points: tuple[int, ...]) -> bytes:
    import io

    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = webfonts.subset_options()
    options.desubroutinize = False  # TrueType outlines: nothing to do
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=points)
    with TTFont(str(webfonts.FONT_DIR / f"{stem}.woff2"), lazy=False) as face:
        subsetter.subset(face)
        face.flavor = "woff2"
        out = io.BytesIO()
        face.save(out)
    return out.getvalue()


def subset_fonts(view):
    """Give the page the faces cut to its characters (see the module's docstring). The view
    must return its HTML as a string (render_template)."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        g.page_fonts = True
        try:
            result = view(*args, **kwargs)
        except BaseException:
            g.page_fonts = False  # the error page is not this page
            raise
        return with_page_fonts(result) if isinstance(result, str) else result

    return wrapper


def with_page_fonts(html: str) -> str:
    if MARKER not in html:
        return html
    from flask_babel import get_locale

    locale = get_locale()
    href = stylesheet_href(html, str(locale) if locale else "en")
    link = f'<link rel="stylesheet" href="{href}">' if href else ""
    return html.replace(MARKER, link, 1)
