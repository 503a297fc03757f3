"""The fonts certificate templates may use: Noto font files from allow-listed folders.

Templates name them explicitly, e.g. ``src: url("font:NotoSerif-Regular.ttf")`` or
``src: local("Noto Serif")``; the URL fetcher serves only files found here.

Korean and Chinese need care: Noto CJK comes as one 65,535-glyph collection, and WeasyPrint
keeps glyph ids when it embeds a font, so every Korean or Chinese name drags tables sized for
up to 65,000 glyphs into the PDF (≈ 0.05 s and 500 KB per face and certificate). Compact
faces cut from the same Noto fonts (HarfBuzz: the Hangul block; the ideographs of the
national character sets GB 2312, Big5 level 1, JIS X 0208 level 1 and KS X 1001, with the
language forms Noto selects through ``locl``) are built on first use into a cache folder
named after the source files (``with_compact_fonts``; ``flask certificates prepare-fonts``
builds them ahead). Templates list them before Noto CJK, which still draws anything else.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from app.certificates.rendering import hbsubset

log = logging.getLogger(__name__)

FONT_SUFFIXES = {".ttf", ".otf", ".ttc"}
SYSTEM_FONT_DIR = "/usr/share/fonts"
DEFAULT_FONT_DIRS = (SYSTEM_FONT_DIR,)

# Hangul compatibility jamo, plus the CJK punctuation and full-width forms used with them; the
# syllables are those of KS X 1001 (2,350: the syllables of nearly every name), which keeps the
# face at 2,700 glyphs instead of 14,000. The other syllables and the conjoining jamo of old
# Hangul (shaped by the ljmo/vjmo/tjmo features) are drawn by Noto CJK itself.
HANGUL_RANGES = [(0x3130, 0x318F), (0x3000, 0x303F), (0xFF00, 0xFFEF)]
# Spaces: Pango draws a space between two Korean (or Chinese) words with their face; one
# without them shows a .notdef box in every gap.
SPACES = [0x20, 0xA0, *range(0x2000, 0x200C), 0x202F, 0x205F, 0x3000]
KOREAN_FACE = 1  # in Noto Serif CJK: 0 JP, 1 KR, 2 SC, 3 TC, 4 HK
HAN_FACE = 0  # the face "Cert CJK" (the collection's first) draws the ideographs with
# The features shaping uses in horizontal text: ``locl`` gives Chinese names their Chinese
# forms (and Korean hanja theirs) from the same face, as Noto CJK itself does. (Precomposed
# Hangul syllables need none.)
HAN_FEATURES = ("ccmp", "locl", "kern", "mark", "mkmk", "liga", "calt", "clig", "rlig")
COMPACT_VERSION = 5  # part of the cache folder's name: bump it when the faces change


@dataclass(frozen=True)
class CompactFace:
    source: str
    face: int
    script: str  # "hangul" | "han"


COMPACT_FONTS = {
    "NotoSerifHangul-Regular.otf": CompactFace("NotoSerifCJK-Regular.ttc", KOREAN_FACE, "hangul"),
    "NotoSerifHangul-Bold.otf": CompactFace("NotoSerifCJK-Bold.ttc", KOREAN_FACE, "hangul"),
    "NotoSerifHan-Regular.otf": CompactFace("NotoSerifCJK-Regular.ttc", HAN_FACE, "han"),
    "NotoSerifHan-Bold.otf": CompactFace("NotoSerifCJK-Bold.ttc", HAN_FACE, "han"),
}


def _national(tables, accept) -> frozenset[int]:
    """The characters of double-byte national character sets accepted by `accept`."""
    found = set()
    for codec, leads, trails in tables:
        for lead in leads:
            for trail in trails:
                try:
                    text = bytes((lead, trail)).decode(codec)
                except UnicodeDecodeError:
                    continue
                if len(text) == 1 and accept(ord(text)):
                    found.add(ord(text))
    return frozenset(found)


@cache
def han_codepoints() -> frozenset[int]:
    """The ideographs of GB 2312, Big5 level 1, JIS X 0208 level 1 and KS X 1001 (≈ 10,000:
    the characters of nearly every name); rarer ones are drawn by Noto CJK itself."""
    return _national((("gb2312", range(0xB0, 0xF8), range(0xA1, 0xFF)),
                      ("big5", range(0xA4, 0xC7), [*range(0x40, 0x7F), *range(0xA1, 0xFF)]),
                      ("euc_jp", range(0xB0, 0xD0), range(0xA1, 0xFF)),
                      ("euc_kr", range(0xCA, 0xFE), range(0xA1, 0xFF))),
                     lambda code: 0x3400 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF)


@cache
def hangul_codepoints() -> frozenset[int]:
    syllables = _national((("euc_kr", range(0xB0, 0xC9), range(0xA1, 0xFF)),),
                          lambda code: 0xAC00 <= code <= 0xD7A3)
    return syllables | {code for low, high in HANGUL_RANGES for code in range(low, high + 1)}


def _codepoints(script: str) -> list[int]:
    return sorted({*SPACES, *(hangul_codepoints() if script == "hangul" else han_codepoints())})


def _stamp(dirs: tuple[str, ...]) -> tuple:
    stamps = []
    for root in dirs:
        try:
            stamps.append(os.stat(root).st_mtime_ns)
        except OSError:
            stamps.append(None)
    return tuple(stamps)


def font_index(dirs: tuple[str, ...] = DEFAULT_FONT_DIRS) -> dict[str, Path]:
    """File name → resolved path of every Noto font under `dirs` (first found wins)."""
    return _font_index(tuple(dirs), _stamp(tuple(dirs)))


@cache
def _font_index(dirs: tuple[str, ...], _stamps: tuple) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for root in dirs:
        base = Path(root)
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("Noto*")):
            if path.suffix.lower() in FONT_SUFFIXES and path.is_file():
                found.setdefault(path.name, path.resolve())
    return found


def allowed_font_path(path: Path, dirs: tuple[str, ...] = DEFAULT_FONT_DIRS) -> bool:
    """True if `path` (resolved) is one of the indexed font files."""
    return path in set(font_index(dirs).values())


def build_compact_fonts(target: Path, *, source_dirs: tuple[str, ...] = DEFAULT_FONT_DIRS,
                        codepoints: Iterable[int] | None = None, force: bool = False,
                        log: Callable[[str], None] = lambda message: None) -> list[Path]:
    """Derive the compact Hangul and Han faces into `target` (skipping those already there);
    `codepoints` limits them to those characters."""
    only = set(codepoints) if codepoints is not None else None
    target.mkdir(parents=True, exist_ok=True)
    built = []
    for name, compact in COMPACT_FONTS.items():
        out = target / name
        if out.exists() and not force:
            continue
        source = font_index(source_dirs).get(compact.source)
        if source is None:
            log(f"{compact.source} not found: install fonts-noto-cjk")
            continue
        log(f"{name} from {compact.source}…")
        wanted = [c for c in _codepoints(compact.script)
                  if only is None or c in only or c in SPACES]
        data = _subset(source, compact, wanted)
        with tempfile.NamedTemporaryFile(dir=target, suffix=".tmp", delete=False) as handle:
            handle.write(data)
        Path(handle.name).chmod(0o644)  # readable by the web server's user too
        Path(handle.name).replace(out)  # atomic: other processes never see half a font
        built.append(out)
    return built


def _subset(source: Path, compact: CompactFace, wanted: list[int]) -> bytes:
    features = HAN_FEATURES
    drop = ("VORG", "vhea", "vmtx")  # vertical metrics: certificates are written across
    if hbsubset.available():  # half a second a face
        return hbsubset.subset(str(source), compact.face, wanted, features=features,
                               drop_tables=drop)
    import io

    from fontTools import subset
    from fontTools.ttLib import TTFont

    logging.getLogger("fontTools").setLevel(logging.WARNING)  # it lists every glyph at INFO
    options = subset.Options()  # minutes a face
    options.layout_features = list(features) if features else ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.drop_tables += list(drop)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=wanted)
    buffer = io.BytesIO()
    with TTFont(str(source), fontNumber=compact.face, lazy=True) as font:
        subsetter.subset(font)
        font.save(buffer)
    return buffer.getvalue()


def cache_root() -> Path:
    """Where compact faces built on first use are kept (AKMN_FONT_CACHE, else the user's
    cache folder): one subfolder per set of source fonts."""
    configured = os.environ.get("AKMN_FONT_CACHE")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "akmn-learn" / "fonts"


_ensured: dict[tuple, tuple[str, ...]] = {}
_ensure_lock = threading.Lock()


def with_compact_fonts(dirs: tuple[str, ...]) -> tuple[str, ...]:
    """`dirs`, plus the cache folder of the compact faces when `dirs` lack them: built
    there from the Noto CJK files of `dirs` the first time (a few seconds, once per
    installation and font version). Without HarfBuzz-subset or a writable cache, `dirs`
    unchanged (Noto CJK draws Korean and Chinese, more slowly)."""
    dirs = tuple(dirs)
    key = (dirs, _stamp(dirs), cache_root(), hbsubset.available())
    if key in _ensured:
        return _ensured[key]
    with _ensure_lock:
        if key not in _ensured:
            _ensured[key] = _ensure(dirs, key[2])
    return _ensured[key]


def _ensure(dirs: tuple[str, ...], root: Path) -> tuple[str, ...]:
    index = font_index(dirs)
    missing = [name for name in COMPACT_FONTS if name not in index]
    sources = sorted({COMPACT_FONTS[name].source for name in missing
                      if COMPACT_FONTS[name].source in index})
    if not sources or not hbsubset.available():
        return dirs
    # Named after the source files: an upgraded Noto CJK gets new compact faces.
    digest = hashlib.sha256(repr(COMPACT_VERSION).encode())
    for name in sources:
        stat = index[name].stat()
        digest.update(f"{index[name]}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    folder = root / digest.hexdigest()[:16]
    try:
        built = build_compact_fonts(folder, source_dirs=dirs)
    except OSError as exc:
        log.warning("Compact CJK faces not built in %s (%s): Noto CJK is used", folder, exc)
        return dirs
    if built:
        log.info("Built %d compact CJK face(s) in %s", len(built), folder)
    return (*dirs, str(folder))
