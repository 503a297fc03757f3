"""Rendering a certificate: sandboxed template → WeasyPrint → one-page, tagged PDF/A-3b.

Nothing here touches the database: the caller passes a ``RenderJob`` of plain values, which
is what lets the background thread, the command line and the benchmark share this code.
"""

from __future__ import annotations

import atexit
import gc
import io
import threading
from dataclasses import dataclass
from importlib import resources

import segno
from weasyprint import CSS, HTML
from weasyprint.css import ColorProfile
from weasyprint.text.fonts import FontConfiguration

from app.certificates.rendering import actualtext, layout
from app.certificates.rendering.context import RenderJob, build_context
from app.certificates.rendering.fetcher import TemplateFetcher
from app.certificates.rendering.fonts import DEFAULT_FONT_DIRS, with_compact_fonts
from app.certificates.rendering.templates import SHARED_DIR, TemplateError, TemplateSpec

actualtext.install()

# PDF/A needs an sRGB output intent. WeasyPrint's own ("srgb") leaves the ICC file open (a
# ResourceWarning per document), so we hand it the same profile under our own name.
OUTPUT_INTENT = "akmn-srgb"
PDF_OPTIONS = {"pdf_tags": True, "pdf_variant": "pdf/a-3b", "output_intent": OUTPUT_INTENT}
_SRGB = (resources.files("weasyprint.pdf") / "sRGB2014.icc").read_bytes()
MAX_FIT_PASSES = 4
QR_COLOUR = "#14213d"
QR_MASK = 3


class RenderError(Exception):
    """The certificate could not be rendered (a broken template, or it does not fit)."""


@dataclass
class RenderResult:
    pdf: bytes
    pages: int
    fetched: list[str]
    refused: list[str]
    html: str


_local = threading.local()
_caches: list[dict] = []
_settled = threading.Event()


@atexit.register
def _release_fonts() -> None:
    """Free the cached font configurations before the interpreter shuts down: Fontconfig
    objects finalised after the libraries are unloaded crash the process at exit."""
    for cache in _caches:
        cache.clear()
    gc.unfreeze()
    gc.collect()


def _settle() -> None:
    """Once per process, when the fonts and the template are first loaded: move everything
    alive (the app, the fonts, the parsed stylesheet) out of the garbage collector's reach.

    A certificate allocates some 100,000 short-lived objects; without this the collector's
    full passes rescan the whole process (≈ 300,000 objects in a worker) every few
    certificates: 9 % of a worker's rendering time, halved by ``gc.freeze`` (what pre-fork
    servers do for their long-lived state)."""
    if not _settled.is_set():
        _settled.set()
        gc.collect()
        gc.freeze()


def release_thread_cache() -> None:
    """Free this thread's fonts (a worker thread calls it before it ends)."""
    cache = getattr(_local, "styles", None)
    if cache is not None:
        cache.clear()
        _caches.remove(cache)
        del _local.styles


def _stylesheet_key(spec: TemplateSpec, font_dirs: tuple[str, ...]) -> tuple:
    shared = tuple(p.stat().st_mtime_ns for p in sorted(SHARED_DIR.glob("*.css")))
    return (str(spec.path), spec.css_path.stat().st_mtime_ns, shared, font_dirs)


def _stylesheet(spec: TemplateSpec, font_dirs: tuple[str, ...],
                key: tuple) -> tuple[FontConfiguration, CSS]:
    """The template's style.css with its fonts loaded, kept per thread (fonts load once)."""
    cache = getattr(_local, "styles", None)
    if cache is None:
        cache = _local.styles = {}
        _caches.append(cache)
    if key not in cache:
        font_config = FontConfiguration()
        fetcher = TemplateFetcher(spec.path, font_dirs=font_dirs)
        css = CSS(filename=str(spec.css_path), url_fetcher=fetcher, font_config=font_config)
        cache[key] = (font_config, css)
        _settle()
    return cache[key]


def _color_profiles() -> dict:
    """A fresh profile per document (WeasyPrint stores the PDF reference on it)."""
    return {OUTPUT_INTENT: ColorProfile(io.BytesIO(_SRGB), "sRGB2014.icc",
                                        "relative-colorimetric", (["r"], ["g"], ["b"]))}


def qr_png(url: str) -> bytes:
    """The QR code of `url`, one pixel per module: templates scale it with
    ``image-rendering: pixelated`` (no interpolation), which keeps it sharp and small.

    The mask is fixed (any of the eight is valid, scanners read it from the code): searching
    for the best one takes three times as long as the rest of the encoding."""
    buffer = io.BytesIO()
    segno.make(url, error="m", mask=QR_MASK).save(buffer, kind="png", scale=1, border=0,
                                                  dark=QR_COLOUR)
    return buffer.getvalue()


def render_html(spec: TemplateSpec, job: RenderJob) -> str:
    try:
        return spec.environment().get_template("template.html").render(**build_context(job))
    except Exception as exc:  # a template author's mistake: say which template and why
        raise TemplateError(f"{spec.name}/template.html: {exc}") from exc


def render_pdf(spec: TemplateSpec, job: RenderJob, *, title: str, author: str,
               font_dirs: tuple[str, ...] = DEFAULT_FONT_DIRS) -> RenderResult:
    """Render `job` with `spec`; shrink long names and texts until everything fits one page."""
    font_dirs = with_compact_fonts(font_dirs)
    html = render_html(spec, job)
    assets = {**job.assets, "qr.png": (qr_png(job.verify_url), "image/png")}
    fetcher = TemplateFetcher(spec.path, assets=assets, font_dirs=font_dirs)
    styles = _stylesheet_key(spec, font_dirs)
    font_config, css = _stylesheet(spec, font_dirs, styles)
    source = HTML(string=html, base_url=spec.path.as_uri() + "/", url_fetcher=fetcher)
    page = layout.page_key(html, (job.data.holder_name, job.data.holder_native_name), styles)
    fit = layout.start(page)
    for _attempt in range(MAX_FIT_PASSES):
        extra = fit.css()
        sheets = [css, CSS(string=extra, url_fetcher=fetcher)] if extra else [css]
        document = source.render(font_config=font_config, stylesheets=sheets,
                                 color_profiles=_color_profiles(), **PDF_OPTIONS)
        if fit.check(document):
            break
    else:
        raise RenderError(f"{spec.name}: the text does not fit on one page")
    layout.remember(page, fit)
    if len(document.pages) != 1:
        raise RenderError(f"{spec.name}: rendered {len(document.pages)} pages instead of one")
    document.metadata.title = title
    document.metadata.authors = [author]
    document.metadata.lang = "en"
    pdf = document.write_pdf(**PDF_OPTIONS)
    return RenderResult(pdf=pdf, pages=len(document.pages), fetched=list(fetcher.fetched),
                        refused=list(fetcher.refused), html=html)


__all__ = ["RenderError", "RenderJob", "RenderResult", "TemplateError", "qr_png",
           "release_thread_cache", "render_pdf"]
