"""Self-hosted web fonts: Noto Sans subsets for the scripts system fonts often lack.

`build` derives small WOFF2 files from the Debian Noto fonts (fonts-noto-core,
fonts-noto-cjk) into `app/static/fonts/`, and writes `app/static/css/fonts.css`: one
`@font-face` per face with the `unicode-range` of its script, so a browser downloads a
script's font only when a page shows that script (a Latin page downloads none). Each face is
named like the system font and tries `local()` first: a machine that has the font downloads
nothing either. The built files are committed (with the OFL beside them); `make fonts`
rebuilds them, and does nothing when they are newer than the sources.

    python -m app.webfonts            # build what is missing or stale
    python -m app.webfonts --force    # rebuild everything
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

APP_DIR = Path(__file__).parent
FONT_DIR = APP_DIR / "static" / "fonts"
CSS_FILE = APP_DIR / "static" / "css" / "fonts.css"
NOTO_DIRS = (Path("/usr/share/fonts/truetype/noto"), Path("/usr/share/fonts/opentype/noto"))

# Shaping needs the joiners and the dotted circle (shown for a mark on its own).
_COMMON = [(0x200B, 0x200D), (0x25CC, 0x25CC)]


def ks_x_1001_hangul() -> list[int]:
    """The 2,350 Hangul syllables of KS X 1001 (EUC-KR rows 0xB0–0xC8): common Korean text."""
    syllables = []
    for lead in range(0xB0, 0xC9):
        for trail in range(0xA1, 0xFF):
            syllables.append(ord(bytes([lead, trail]).decode("euc_kr")))
    return syllables


@dataclass(frozen=True)
class Face:
    family: str  # the system font's family name: `local()` finds an installed copy
    source: str  # file in NOTO_DIRS
    weight: int
    ranges: tuple[tuple[int, int], ...]  # code points kept (and the CSS unicode-range)
    font_number: int = 0  # face in a .ttc collection
    extra: tuple[int, ...] = ()  # single code points kept besides the ranges
    also_local: tuple[str, ...] = ()  # system fonts of other names that draw the script too

    @property
    def file(self) -> str:
        return Path(self.source).stem.replace("CJK", "KR") + ".woff2"

    def codepoints(self) -> list[int]:
        points = {code for low, high in self.ranges for code in range(low, high + 1)}
        return sorted(points | set(self.extra))


THAI = ((0x0E01, 0x0E5B), *_COMMON)
LAO = ((0x0E81, 0x0EDF), *_COMMON)
KHMER = ((0x1780, 0x17FF), (0x19E0, 0x19FF), *_COMMON)
MYANMAR = ((0x1000, 0x109F), (0xA9E0, 0xA9FE), (0xAA60, 0xAA7F), *_COMMON)
# Jawi (Malay in Arabic script) and the Arabic letters it adds.
ARABIC = ((0x0600, 0x06FF), (0x0750, 0x077F), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF), *_COMMON)
# Korean: the KS X 1001 syllables only (2,350 of 11,172), the compatibility jamo and the
# CJK brackets; a rarer syllable falls back to the next font of the stack.
HANGUL = ((0x3131, 0x318E), (0x3001, 0x3003), (0x3008, 0x3011))
HANGUL_RANGE = ((0xAC00, 0xD7A3), *HANGUL)  # what the CSS announces
KOREAN_FACE = 1  # in Noto Sans CJK: 0 JP, 1 KR, 2 SC, 3 TC, 4 HK

FACES = (
    Face("Noto Sans Thai", "NotoSansThai-Regular.ttf", 400, THAI),
    Face("Noto Sans Thai", "NotoSansThai-Bold.ttf", 700, THAI),
    Face("Noto Sans Lao", "NotoSansLao-Regular.ttf", 400, LAO),
    Face("Noto Sans Lao", "NotoSansLao-Bold.ttf", 700, LAO),
    Face("Noto Sans Khmer", "NotoSansKhmer-Regular.ttf", 400, KHMER),
    Face("Noto Sans Khmer", "NotoSansKhmer-Bold.ttf", 700, KHMER),
    Face("Noto Sans Myanmar", "NotoSansMyanmar-Regular.ttf", 400, MYANMAR),
    Face("Noto Sans Myanmar", "NotoSansMyanmar-Bold.ttf", 700, MYANMAR),
    Face("Noto Naskh Arabic", "NotoNaskhArabic-Regular.ttf", 400, ARABIC),
    Face("Noto Sans CJK KR", "NotoSansCJK-Regular.ttc", 400, HANGUL, KOREAN_FACE,
         tuple(ks_x_1001_hangul()), ("Apple SD Gothic Neo", "Malgun Gothic")),
)
# Bold text in these scripts is synthesised from the regular face (Korean bold would double
# the heaviest download; Jawi appears in names only).


def _css_range(face: Face) -> str:
    ranges = HANGUL_RANGE if face.family == "Noto Sans CJK KR" else face.ranges
    return ", ".join(f"U+{low:04X}" if low == high else f"U+{low:04X}-{high:04X}"
                     for low, high in ranges)


def local_names(source: Path, font_number: int = 0) -> list[str]:
    """Full and PostScript names of the installed font, for `local()`."""
    from fontTools.ttLib import TTFont

    with TTFont(str(source), fontNumber=font_number, lazy=True) as font:
        names = font["name"]
        found = [names.getDebugName(4), names.getDebugName(6)]
    return [name for name in dict.fromkeys(found) if name]


def stylesheet(locals_by_face: dict[Face, list[str]]) -> str:
    rules = ["/* Built by `python -m app.webfonts` (make fonts) from the Debian Noto fonts, "
             "SIL Open Font License 1.1 (fonts/OFL.txt). Each face downloads only for a page "
             "that shows its script. */"]
    for face in FACES:
        names = [*locals_by_face.get(face, []), *face.also_local]
        src = [f'local("{name}")' for name in names]
        src.append(f'url("../fonts/{face.file}") format("woff2")')
        rules.append(
            "@font-face { "
            f'font-family: "{face.family}"; font-style: normal; font-weight: {face.weight}; '
            f"font-display: swap; src: {', '.join(src)}; "
            f"unicode-range: {_css_range(face)}; }}"
        )
    return "\n".join(rules) + "\n"


def _source(face: Face) -> Path | None:
    for root in NOTO_DIRS:
        if (root / face.source).exists():
            return root / face.source
    return None


def build_face(face: Face, source: Path, out: Path) -> None:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]  # Khmer, Myanmar and Thai shaping need all of them
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]  # names, licence
    options.notdef_outline = True
    options.hinting = False  # screens at web sizes do not need TrueType hints
    options.drop_tables += ["VORG", "vhea", "vmtx", "DSIG"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=face.codepoints())
    with TTFont(str(source), fontNumber=face.font_number, lazy=True) as font:
        subsetter.subset(font)
        with tempfile.NamedTemporaryFile(dir=out.parent, suffix=".tmp", delete=False) as fh:
            font.flavor = "woff2"
            font.save(fh)
    Path(fh.name).chmod(0o644)
    Path(fh.name).replace(out)


def build(force: bool = False, log=print) -> list[Path]:
    """Build the missing or stale subsets and the stylesheet; returns the files written."""
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    FONT_DIR.mkdir(parents=True, exist_ok=True)
    written = []
    locals_by_face = {}
    for face in FACES:
        out = FONT_DIR / face.file
        source = _source(face)
        if source is None:
            if not out.exists():
                log(f"{face.source} not found: install fonts-noto-core and fonts-noto-cjk")
            continue
        locals_by_face[face] = local_names(source, face.font_number)
        if out.exists() and not force and out.stat().st_mtime >= source.stat().st_mtime:
            continue
        log(f"{out.name} from {source}")
        build_face(face, source, out)
        written.append(out)
    if len(locals_by_face) < len(FACES):
        return written  # without every source font the committed stylesheet stays
    css = stylesheet(locals_by_face)
    if force or not CSS_FILE.exists() or CSS_FILE.read_text() != css:
        CSS_FILE.write_text(css)
        written.append(CSS_FILE)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="rebuild every face")
    args = parser.parse_args(argv)
    build(force=args.force)
    return 0


if __name__ == "__main__":
    sys.exit(main())
