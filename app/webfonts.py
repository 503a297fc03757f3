"""Self-hosted web fonts: Noto Sans subsets for the scripts system fonts often lack.

`build` derives small WOFF2 files from the Debian Noto fonts (fonts-noto-core,
fonts-noto-cjk) into `app/static/fonts/`, and writes `app/static/css/fonts.css`: one
`@font-face` per face with the `unicode-range` of its script, so a browser downloads a
script's font only when a page shows that script (a Latin page downloads none). Korean is
cut into slices of one family, as Google Fonts serves it (`korean_slices`): the interface's
syllables, the syllables of common names, and the other KS X 1001 syllables in slices of
~17 KB; a browser fetches only the slices whose characters a page shows (an English page
naming one Korean trainer fetches the names slice, ~9 KB). Each face is named like the
system font and tries `local()` first: a machine that has the font downloads nothing
either. The built files are committed (with the OFL beside them); `make fonts` rebuilds
them, and does nothing when they are newer than the sources and draw what they should.

    python -m app.webfonts            # build what is missing or stale
    python -m app.webfonts --force    # rebuild everything
    python -m app.webfonts --balance 8  # where to split Korean into 8 slices of equal size
"""

from __future__ import annotations

import argparse
import itertools
import logging
import sys
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

APP_DIR = Path(__file__).parent
FONT_DIR = APP_DIR / "static" / "fonts"
CSS_FILE = APP_DIR / "static" / "css" / "fonts.css"
NOTO_DIRS = (Path("/usr/share/fonts/truetype/noto"), Path("/usr/share/fonts/opentype/noto"))

# Shaping needs the joiners and the dotted circle (shown for a mark on its own).
COMMON_RANGES = [(0x200B, 0x200D), (0x25CC, 0x25CC)]


def ks_x_1001_hangul() -> list[int]:
    """The 2,350 Hangul syllables of KS X 1001 (EUC-KR rows 0xB0–0xC8): common Korean text."""
    syllables = []
    for lead in range(0xB0, 0xC9):
        for trail in range(0xA1, 0xFF):
            syllables.append(ord(bytes([lead, trail]).decode("euc_kr")))
    return syllables


def compact(points) -> tuple[tuple[int, int], ...]:
    """Sorted code points as (first, last) runs: the CSS unicode-range of exactly them."""
    runs: list[list[int]] = []
    for code in sorted(set(points)):
        if runs and runs[-1][1] == code - 1:
            runs[-1][1] = code
        else:
            runs.append([code, code])
    return tuple((low, high) for low, high in runs)


@dataclass(frozen=True)
class Face:
    family: str  # the system font's family name: `local()` finds an installed copy
    source: str  # file in NOTO_DIRS
    weight: int
    ranges: tuple[tuple[int, int], ...]  # code points kept (and the CSS unicode-range)
    font_number: int = 0  # face in a .ttc collection
    also_local: tuple[str, ...] = ()  # system fonts of other names that draw the script too
    part: int | None = None  # slice number of a face cut into several files

    @property
    def file(self) -> str:
        stem = Path(self.source).stem.replace("CJK", "KR")
        return f"{stem}.woff2" if self.part is None else f"{stem}.{self.part}.woff2"

    def codepoints(self) -> list[int]:
        return sorted({code for low, high in self.ranges for code in range(low, high + 1)})


THAI = ((0x0E01, 0x0E5B), *COMMON_RANGES)
LAO = ((0x0E81, 0x0EDF), *COMMON_RANGES)
KHMER = ((0x1780, 0x17FF), (0x19E0, 0x19FF), *COMMON_RANGES)
# Burmese: the letters, marks and digits of the Myanmar block (U+1000–104F). The letters
# the block adds for Mon, Shan and the Karen languages (U+1050–109F and the Extended blocks)
# would make the file 40 KB instead of 23; text in those languages is drawn by the system's
# Myanmar font (Android and Windows have one), as before a page's font has loaded.
MYANMAR = ((0x1000, 0x104F), *COMMON_RANGES)
# Jawi (Malay in Arabic script): the Arabic block holds every letter it uses (چ ڠ ڤ ڬ ڽ ۏ);
# shaping comes from the font's tables, so the legacy presentation forms (FB50–FEFF) and the
# Arabic Supplement's letters of other languages are left out (29 KB instead of 40).
ARABIC = ((0x0600, 0x06FF), *COMMON_RANGES)
# Tamil (an official language of Singapore: officials' names in the rosters, meetings and
# certificates): the Tamil block; without it a device lacking a Tamil font drew boxes.
TAMIL = ((0x0B80, 0x0BFF), *COMMON_RANGES)

SCRIPT_FACES = (
    Face("Noto Sans Thai", "NotoSansThai-Regular.ttf", 400, THAI),
    Face("Noto Sans Thai", "NotoSansThai-Bold.ttf", 700, THAI),
    Face("Noto Sans Lao", "NotoSansLao-Regular.ttf", 400, LAO),
    Face("Noto Sans Lao", "NotoSansLao-Bold.ttf", 700, LAO),
    Face("Noto Sans Khmer", "NotoSansKhmer-Regular.ttf", 400, KHMER),
    Face("Noto Sans Khmer", "NotoSansKhmer-Bold.ttf", 700, KHMER),
    Face("Noto Sans Myanmar", "NotoSansMyanmar-Regular.ttf", 400, MYANMAR),
    Face("Noto Naskh Arabic", "NotoNaskhArabic-Regular.ttf", 400, ARABIC),
    Face("Noto Sans Tamil", "NotoSansTamil-Regular.ttf", 400, TAMIL),
)
# Bold text in Korean, Burmese, Jawi and Tamil is synthesised by the browser from the regular
# face: their bold faces would double the heaviest downloads (a roster of Myanmar officials, whose
# names are bold row headers, loaded 79 KB of Burmese faces; it now loads 23 KB), and Jawi
# and Tamil appear in names only. Thai, Lao and Khmer keep their bold (7–17 KB each).

# Korean: the KS X 1001 syllables only (2,350 of 11,172), the compatibility jamo and the
# CJK brackets; a rarer syllable falls back to the next font of the stack. One family in
# slices, each with the unicode-range of exactly the code points it draws:
#   0  the interface: jamo, brackets and every syllable of the Korean catalogue (msgstr) and
#      of the CLDR words the Korean interface shows (dates, times, language names);
#   1  the syllables of common Korean names (an English page naming a Korean trainer
#      downloads this one only: 9 KB instead of the 37 KB of names and interface together);
#   2… the other KS X 1001 syllables, in code point order, cut at KOREAN_SPLITS.
KOREAN = "Noto Sans CJK KR"
KOREAN_SOURCE = "NotoSansCJK-Regular.ttc"
KOREAN_FACE = 1  # in Noto Sans CJK: 0 JP, 1 KR, 2 SC, 3 TC, 4 HK
KOREAN_LOCAL = ("Apple SD Gothic Neo", "Malgun Gothic")
HANGUL_SYMBOLS = ((0x3131, 0x318E), (0x3001, 0x3003), (0x3008, 0x3011))
# The most frequent family names, then given-name syllables (민준, 서연, 지훈, 예린, 하율 …).
FAMILY_NAMES = ("김이박최정강조윤장임한오서신권황안송류전홍고문양손배백허유남심노하곽성차주우구"
                "민진나지엄채원천방공현함변염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국"
                "어은편용")
GIVEN_NAMES = ("민준서연지현수영희정은우진호성훈철경숙미혜아윤재동상석주혁태원순옥자규빈하나유"
               "예시건승다가리린율")
# Where the slices after the names begin (each the first syllable of one): 8 slices of
# 17–19 KB, chosen with `python -m app.webfonts --balance 8` (7 would be ~20 KB each).
KOREAN_SPLITS = "낏뛔뵉싸윰찧퉤"


def _hangul(text: str) -> set[int]:
    return {ord(char) for char in text if 0xAC00 <= ord(char) <= 0xD7A3}


def interface_syllables() -> set[int]:
    """The Hangul syllables of the Korean interface: the catalogue's translations and the
    CLDR words Babel formats with (day and month names, 오전/오후, date patterns, the names
    of the network's languages)."""
    from datetime import date, time

    from babel import Locale
    from babel.dates import format_date, format_time

    from app.i18n import po_path, read_catalogue
    from app.reference import LANGUAGES

    texts = []
    for message in read_catalogue(po_path("ko")):
        if message.id:
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            texts += [text for text in strings if text]
    korean = Locale.parse("ko")
    for names in (korean.days, korean.months):
        for width in ("wide", "abbreviated"):
            texts += names["format"][width].values()
    texts += korean.periods.values()
    texts += [format_date(date(2026, 3, 5), fmt, locale=korean)
              for fmt in ("medium", "long", "full")]
    texts += [format_time(time(14, 5), fmt, locale=korean) for fmt in ("short", "medium")]
    texts += [korean.languages.get(code, "") for code in LANGUAGES]
    return _hangul("".join(texts))


def korean_slices() -> list[list[int]]:
    """The code points of each Korean slice, sorted; no two slices share one."""
    ks = set(ks_x_1001_hangul())
    names = _hangul(FAMILY_NAMES + GIVEN_NAMES)
    symbols = {code for low, high in HANGUL_SYMBOLS for code in range(low, high + 1)}
    interface = (interface_syllables() - names) | symbols
    rest = sorted(ks - interface - names)
    bounds = [0, *map(ord, KOREAN_SPLITS), sys.maxunicode + 1]
    chunks = [[code for code in rest if low <= code < high]
              for low, high in itertools.pairwise(bounds)]
    return [sorted(interface), sorted(names), *chunks]


@lru_cache(maxsize=1)
def faces() -> tuple[Face, ...]:
    """Every face of the stylesheet: the scripts' faces, then the Korean slices."""
    korean = tuple(Face(KOREAN, KOREAN_SOURCE, 400, compact(points), KOREAN_FACE,
                        KOREAN_LOCAL, part)
                   for part, points in enumerate(korean_slices()))
    return (*SCRIPT_FACES, *korean)


def css_range(ranges) -> str:
    """(first, last) runs as a CSS unicode-range."""
    return ", ".join(f"U+{low:04X}" if low == high else f"U+{low:04X}-{high:04X}"
                     for low, high in ranges)


@lru_cache(maxsize=32)
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
    for face in faces():
        names = [*locals_by_face.get(face, []), *face.also_local]
        src = [f'local("{name}")' for name in names]
        src.append(f'url("../fonts/{face.file}") format("woff2")')
        rules.append(
            "@font-face { "
            f'font-family: "{face.family}"; font-style: normal; font-weight: {face.weight}; '
            f"font-display: swap; src: {', '.join(src)}; "
            f"unicode-range: {css_range(face.ranges)}; }}"
        )
    return "\n".join(rules) + "\n"


def _source(face: Face) -> Path | None:
    for root in NOTO_DIRS:
        if (root / face.source).exists():
            return root / face.source
    return None


def subset_options():
    from fontTools import subset

    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]  # Khmer, Myanmar and Thai shaping need all of them
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]  # names, licence
    options.notdef_outline = True
    options.hinting = False  # screens at web sizes do not need TrueType hints
    # CFF outlines (Noto CJK) without subroutines: Brotli packs them 11 % smaller.
    options.desubroutinize = True
    options.drop_tables += ["VORG", "vhea", "vmtx", "DSIG"]
    return options


def build_face(face: Face, source: Path, out: Path) -> None:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    subsetter = subset.Subsetter(subset_options())
    subsetter.populate(unicodes=face.codepoints())
    with TTFont(str(source), fontNumber=face.font_number, lazy=True) as font:
        subsetter.subset(font)
        with tempfile.NamedTemporaryFile(dir=out.parent, suffix=".tmp", delete=False) as fh:
            font.flavor = "woff2"
            font.save(fh)
    Path(fh.name).chmod(0o644)
    Path(fh.name).replace(out)


@lru_cache(maxsize=32)
def _source_cmap(source: Path, font_number: int) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(str(source), fontNumber=font_number, lazy=True) as font:
        return frozenset(font.getBestCmap())


def _up_to_date(face: Face, source: Path, out: Path) -> bool:
    """Newer than its source, and draws what the face asks for (the Korean slices change
    with the catalogue)."""
    from fontTools.ttLib import TTFont

    if not out.exists() or out.stat().st_mtime < source.stat().st_mtime:
        return False
    with TTFont(str(out), lazy=True) as font:
        drawn = set(font.getBestCmap())
    return drawn == set(face.codepoints()) & _source_cmap(source, face.font_number)


def build(force: bool = False, log=print) -> list[Path]:
    """Build the missing or stale subsets and the stylesheet, and delete the font files no
    face names any more; returns the files written or deleted."""
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    FONT_DIR.mkdir(parents=True, exist_ok=True)
    written = []
    locals_by_face = {}
    for face in faces():
        out = FONT_DIR / face.file
        source = _source(face)
        if source is None:
            if not out.exists():
                log(f"{face.source} not found: install fonts-noto-core and fonts-noto-cjk")
            continue
        locals_by_face[face] = local_names(source, face.font_number)
        if not force and _up_to_date(face, source, out):
            continue
        log(f"{out.name} from {source}")
        build_face(face, source, out)
        written.append(out)
    if len(locals_by_face) < len(faces()):
        return written  # without every source font the committed stylesheet stays
    css = stylesheet(locals_by_face)
    if force or not CSS_FILE.exists() or CSS_FILE.read_text() != css:
        CSS_FILE.write_text(css)
        written.append(CSS_FILE)
    named = {face.file for face in faces()}
    for old in sorted(FONT_DIR.glob("*.woff2")):
        if old.name not in named:  # e.g. a slice of an earlier cut
            log(f"{old.name} removed")
            old.unlink()
            written.append(old)
    return written


def balance(count: int, source: Path) -> str:
    """KOREAN_SPLITS for `count` slices after the names, of about equal WOFF2 size: the
    syllables weighed by the bytes of their outlines (without subroutines, as built)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    rest = sorted(code for chunk in korean_slices()[2:] for code in chunk)
    options = subset_options()
    options.flavor, options.layout_features = None, []
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=rest)
    with TTFont(str(source), fontNumber=KOREAN_FACE, lazy=True) as font:
        subsetter.subset(font)
        cmap = font.getBestCmap()
        charstrings = font["CFF "].cff.topDictIndex[0].CharStrings
        weights = []
        for code in rest:
            glyph = charstrings[cmap[code]]
            glyph.compile()
            weights.append(len(glyph.bytecode))
    total, done, splits = sum(weights), 0, []
    for code, weight in zip(rest, weights, strict=True):
        if len(splits) < count - 1 and done >= total * (len(splits) + 1) / count:
            splits.append(chr(code))
        done += weight
    return "".join(splits)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="rebuild every face")
    parser.add_argument("--balance", type=int, metavar="N",
                        help="print KOREAN_SPLITS for N Korean slices of equal size")
    args = parser.parse_args(argv)
    if args.balance:
        source = _source(faces()[-1])
        if source is None:
            print(f"{KOREAN_SOURCE} not found: install fonts-noto-cjk", file=sys.stderr)
            return 1
        print(balance(args.balance, source))
        return 0
    build(force=args.force)
    return 0


if __name__ == "__main__":
    sys.exit(main())
