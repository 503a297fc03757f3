"""The fonts certificate templates may use: Noto font files from allow-listed folders.

Templates name them explicitly, e.g. ``src: url("font:NotoSerif-Regular.ttf")`` or
``src: local("Noto Serif")``; the URL fetcher serves only files found here.

Korean needs care: Noto CJK comes as one 65,535-glyph collection in which Hangul sits at the
very end, and WeasyPrint keeps glyph ids when it embeds a font, so every Korean name drags
tables sized for 55,000 glyphs into the PDF (≈ 0.1 s and 200 KB more per certificate).
``build_compact_fonts`` (``flask certificates prepare-fonts``, once per installation) derives
small Hangul-only faces from the same Noto fonts; templates list them before Noto CJK and
fall back to it when they have not been built.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path

FONT_SUFFIXES = {".ttf", ".otf", ".ttc"}
SYSTEM_FONT_DIR = "/usr/share/fonts"
DEFAULT_FONT_DIRS = (SYSTEM_FONT_DIR,)

# Hangul syllables and jamo, plus the CJK punctuation and full-width forms used with them.
HANGUL_RANGES = [(0xAC00, 0xD7A3), (0x1100, 0x11FF), (0x3130, 0x318F), (0xA960, 0xA97F),
                 (0xD7B0, 0xD7FF), (0x3000, 0x303F), (0xFF00, 0xFFEF)]
KOREAN_FACE = 1  # in Noto Serif CJK: 0 JP, 1 KR, 2 SC, 3 TC, 4 HK
COMPACT_FONTS = {
    "NotoSerifHangul-Regular.otf": "NotoSerifCJK-Regular.ttc",
    "NotoSerifHangul-Bold.otf": "NotoSerifCJK-Bold.ttc",
}


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
    """Derive the compact Hangul faces into `target` (skipping those already there)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    logging.getLogger("fontTools").setLevel(logging.WARNING)  # it lists every glyph at INFO
    wanted = list(codepoints) if codepoints is not None else [
        code for low, high in HANGUL_RANGES for code in range(low, high + 1)]
    target.mkdir(parents=True, exist_ok=True)
    built = []
    for name, source_name in COMPACT_FONTS.items():
        out = target / name
        if out.exists() and not force:
            continue
        source = font_index(source_dirs).get(source_name)
        if source is None:
            log(f"{source_name} not found: install fonts-noto-cjk")
            continue
        log(f"{name} from {source_name}…")
        options = subset.Options()
        options.layout_features = ["*"]
        options.name_IDs = ["*"]
        options.notdef_outline = True
        options.drop_tables += ["VORG", "vhea", "vmtx"]
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=wanted)
        with TTFont(str(source), fontNumber=KOREAN_FACE, lazy=True) as font, \
                tempfile.NamedTemporaryFile(dir=target, suffix=".tmp", delete=False) as handle:
            subsetter.subset(font)
            font.save(handle)
        Path(handle.name).replace(out)  # atomic: other processes never see half a font
        built.append(out)
    return built
