"""Certificate rendering benchmark (not a test): python bench/certificates.py [--cohort N]

1. Time per certificate for each script the certificates must print (both templates):
   median of 20 renders after a warm-up, wall clock and CPU time of this process, and how
   many layout passes the first certificate took (1, or 2 when shrink-to-fit had to shrink)
   and the next ones with the same texts (1: the size found is remembered).
2. A cohort end to end on a fresh SQLite database: N officials issued in one call (the
   records, as a web request would), then every PDF rendered, signed and stored by
   ``render_pending`` with a process pool (as ``flask certificates issue`` does); peak memory
   of this process and of the rendering processes.

Targets (2-core machine): ≤ 50 ms per certificate for every script (Korean and Chinese
included), 1,000 certificates issued and rendered in ≤ 30 s.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.certificates.data import SAMPLE, Signatory
from app.certificates.rendering import RenderJob, render_pdf
from app.certificates.rendering.templates import discover
from app.certificates.samples import SCRIPT_SAMPLES
from config import Config

# As the app renders: system Noto fonts; the compact Hangul and Han faces are built on first
# use (or ahead by `flask certificates prepare-fonts`).
FONT_DIRS = tuple(Config.CERTIFICATE_FONT_DIRS)

URL = "https://learn.akmn.example/verify/k7m2q9x4b8r3t6w1y5z0a2c4d6"
TARGETS: dict[str, int] = {}  # every script: 50 ms


def _job(spec, sample, language: str) -> RenderJob:
    data = replace(SAMPLE, holder_name=sample.name, holder_native_name=sample.native_name,
                   issuer="ASEAN-Korea Migration Network",
                   signatories=(Signatory("Programme Director", "AKMN"),))
    return RenderJob(
        data=data, serial="AKMN-2026-000123", code="k7m2q9x4b8r3t6w1y5z0a2c4d6",
        verify_url=URL, short_url=URL.split("//", 1)[1], issued_on=date(2026, 3, 13),
        language=language, texts=spec.text_defaults("en"),
        texts_native=spec.text_defaults(language) if language else {},
        signatories=[(s.name, s.title, None) for s in data.signatories],
        logos=list(spec.default_logos))


def _cpu_seconds() -> float:
    """CPU time of this process and of its finished children (the rendering processes)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


@contextmanager
def _counting_layouts():
    """How many times WeasyPrint lays the document out (count calls, not profiler entries:
    ``layout_document`` is a generator, which cProfile counts once per resumption)."""
    import weasyprint.document

    calls: list[int] = []
    original = weasyprint.document.layout_document

    def counting(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    weasyprint.document.layout_document = counting
    try:
        yield calls
    finally:
        weasyprint.document.layout_document = original


def per_script(runs: int) -> None:
    specs = discover()
    from app.certificates.rendering.fonts import COMPACT_FONTS, font_index, with_compact_fonts

    found = font_index(with_compact_fonts(FONT_DIRS))
    compact = sum(name in found for name in COMPACT_FONTS)
    print(f"\nPer certificate (median of {runs}, after one warm-up render); compact CJK "
          f"faces: {compact} of {len(COMPACT_FONTS)}\n")
    print(f"{'script':<22} {'template':<10} {'wall ms':>8} {'cpu ms':>8} {'layouts':>8} "
          f"{'target':>7}")
    print("-" * 68)
    for template in ("classic", "bilingual"):
        spec = specs[template]
        for sample in SCRIPT_SAMPLES:
            # Officials writing English (Singapore's Han and Tamil names): Malay beside it.
            language = "" if not spec.bilingual else (
                sample.language if sample.language != "en" else "ms")
            job = _job(spec, sample, language)
            with _counting_layouts() as layouts:
                render_pdf(spec, job, title="t", author="a", font_dirs=FONT_DIRS)
            walls, cpus = [], []
            with _counting_layouts() as later:
                for _ in range(runs):
                    wall, cpu = time.perf_counter(), time.process_time()
                    render_pdf(spec, job, title="t", author="a", font_dirs=FONT_DIRS)
                    walls.append(time.perf_counter() - wall)
                    cpus.append(time.process_time() - cpu)
            target = TARGETS.get(sample.script, 50)
            # The first certificate with these texts, then the next ones (the root size an
            # overflowing page needs is remembered: see rendering/layout.py).
            passes = f"{len(layouts)}, {len(later) / runs:g}"
            print(f"{sample.script:<22} {template:<10} {statistics.median(walls) * 1000:8.1f} "
                  f"{statistics.median(cpus) * 1000:8.1f} {passes:>8} {target:>7}")


def cohort_recipients(size: int) -> list:
    """`size` learners named in every script, committed, each with the same workshop's
    certificate data: the input of `services.issue_many` (here and in bench/jobs.py)."""
    from app.auth.models import User, UserRole
    from app.certificates.data import CertificateData
    from app.extensions import db

    users = []
    for i in range(size):
        sample = SCRIPT_SAMPLES[i % len(SCRIPT_SAMPLES)]
        user = User(email=f"official{i}@bench.test", name=f"{sample.name} {i}",
                    native_name=sample.native_name, country=sample.country)
        user.role_rows = [UserRole(role="learner")]
        users.append(user)
    db.session.add_all(users)
    db.session.commit()
    return [(u, CertificateData(
        holder_name=u.name, holder_native_name=u.native_name,
        title="Labour Migration Governance in ASEAN and Korea",
        course_titles=("Introduction to International Labour Migration",),
        start_date=date(2026, 3, 9), end_date=date(2026, 3, 13), hours=24,
        venue="Phnom Penh", host_country="KH")) for u in users]


def cohort(size: int, processes: int) -> dict:
    from flask_migrate import upgrade
    from sqlalchemy import func, select

    from app import create_app
    from app.certificates import background, services
    from app.certificates.models import Certificate
    from app.extensions import db

    with tempfile.TemporaryDirectory(prefix="akmn-bench-") as tmp:
        app = create_app({"TESTING": True, "SECRET_KEY": "bench",
                          "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.sqlite3",
                          "BACKGROUND_MODE": "none"})
        with app.app_context():
            upgrade()
            recipients = cohort_recipients(size)

            tracemalloc.start()
            cpu_before = _cpu_seconds()
            started = time.perf_counter()
            services.issue_many(recipients, template="classic", issued_by=None)
            db.session.commit()
            issued = time.perf_counter() - started
            rendered = background.render_pending(processes=processes)
            total = time.perf_counter() - started
            cpu = _cpu_seconds() - cpu_before
            _, peak_python = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            stored = db.session.scalar(select(func.count()).select_from(Certificate).where(
                Certificate.rendered_at.is_not(None)))
            pdf_bytes = db.session.scalar(select(func.sum(Certificate.pdf_size)))
            db.engine.dispose()
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"\nCohort of {size}, {processes} rendering process(es), {os.cpu_count()} CPUs\n")
    print(f"{'step':<44} {'value':>12}")
    print("-" * 57)
    print(f"{'issue (records, serials, audit) — one call':<44} {issued:11.2f}s")
    print(f"{'render + sign + store all PDFs':<44} {total - issued:11.2f}s")
    print(f"{'end to end':<44} {total:11.2f}s")
    print(f"{'per certificate (end to end)':<44} {total / size * 1000:10.1f}ms")
    print(f"{'CPU time, all processes':<44} {cpu:11.2f}s")
    print(f"{'CPU per certificate':<44} {cpu / size * 1000:10.1f}ms")
    print(f"{'load average at the end':<44} {os.getloadavg()[0]:11.2f}")
    print(f"{'PDFs rendered / stored':<44} {rendered:>6} / {stored:<5}")
    print(f"{'average PDF size':<44} {pdf_bytes / max(stored, 1) / 1024:9.1f} KB")
    print(f"{'peak Python allocations (this process)':<44} {peak_python / 2**20:9.1f} MB")
    print(f"{'peak RSS, this process':<44} {own:9.1f} MB")
    print(f"{'peak RSS, largest rendering process':<44} {children:9.1f} MB")
    return {"size": size, "rendered": rendered, "stored": stored, "seconds": round(total, 2),
            "peak_rss_worker_mb": round(children, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--cohort", type=int, default=1000)
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--skip-scripts", action="store_true")
    args = parser.parse_args()
    print(f"load average at start: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    if not args.skip_scripts:
        per_script(args.runs)
    if args.cohort:
        cohort(args.cohort, args.processes)


if __name__ == "__main__":
    main()
