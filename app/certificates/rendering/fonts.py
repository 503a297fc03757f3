"""The fonts certificate templates may use: Noto font files from allow-listed folders.

Templates name them explicitly, e.g. ``src: url("font:NotoSerif-Regular.ttf")`` or
``src: local("Noto Serif")``; the URL fetcher serves only files found here.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

FONT_SUFFIXES = {".ttf", ".otf", ".ttc"}
DEFAULT_FONT_DIRS = ("/usr/share/fonts",)


@cache
def font_index(dirs: tuple[str, ...] = DEFAULT_FONT_DIRS) -> dict[str, Path]:
    """File name → resolved path of every Noto font under `dirs` (first found wins)."""
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
