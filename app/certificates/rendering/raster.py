"""PDF → PNG with poppler's pdftoppm (previews, and tests that read the QR code)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path


class RasterError(Exception):
    pass


def pdf_to_png(pdf: bytes, *, dpi: int = 72, page: int = 1) -> bytes:
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        raise RasterError("pdftoppm is not installed (Debian package poppler-utils)")
    with tempfile.TemporaryDirectory(prefix="akmn-raster-") as tmp:
        source = Path(tmp) / "in.pdf"
        source.write_bytes(pdf)
        target = Path(tmp) / "out"
        # Fixed arguments and our own temporary files: no shell, nothing from the user.
        subprocess.run(  # noqa: S603
            [pdftoppm, "-png", "-r", str(int(dpi)), "-f", str(page), "-l", str(page),
             "-singlefile", str(source), str(target)],
            check=True, capture_output=True, timeout=60)
        return (Path(tmp) / "out.png").read_bytes()
