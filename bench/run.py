"""`make bench`: the platform's speed against the floor, on SQLite (and PostgreSQL when
BENCH_DATABASE_URL is set).

1. Migrate and seed a temporary database at full size and at a tenth (bench/seed.py).
2. Count the SQL statements of every page at both sizes (in-process, Flask test client).
3. Serve the app and the floor (bench/floor.py) under gunicorn, 2 workers each, in the same
   run; wrk at 8 connections for 5 s per page; req/s, p50, p99 and the ratio to the floor.
4. Weigh every page with what it loads (compressed), and look for off-site requests.
5. The exam minute (bench/exam.py): 300 learners finish the same timed quiz within 60 s.
6. Time the imports (GIFT, course package) and the certificates (bench/certificates.py), and
   the background jobs (bench/jobs.py: a cohort on two Celery workers, requests during mail).
7. Print a table and write bench/results/latest.json.

Options: --seconds N (wrk duration), --skip-http, --skip-exam, --only PAGE[,PAGE…], --smoke
(a tiny dataset, one second per page, ten learners in the exam minute, no targets: it checks
that the harness runs end to end, and exits 1 when a page fails, an import fails, the exam
has errors or a certificate is not rendered — `make bench-smoke`, run in CI).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import secrets
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, bench/ is first on the path: its profile.py would shadow the standard
# library's `profile` (which cProfile imports). The harness imports its modules as `bench.*`.
if sys.path and Path(sys.path[0]).resolve() == ROOT / "bench":
    sys.path.pop(0)
sys.path.insert(0, str(ROOT))

from bench import web  # noqa: E402
from bench.wrk import have_wrk, run_wrk  # noqa: E402

RESULTS = ROOT / "bench" / "results"
BIN = Path(sys.executable).parent
PORTS = {"floor": 5201, "sqlite": 5202, "postgresql": 5203}
SECRET = secrets.token_hex(32)
BUDGET_BYTES = 60 * 1024
# page: (minimum ratio to the hello floor, maximum p99 ms, maximum p50 ms); None: no target
TARGETS = {
    "course_outline": (0.25, 50.0, None), "lesson": (0.25, 50.0, None),
    "my_learning": (0.20, None, None), "catalogue": (0.20, None, None),
    "quiz_page": (0.20, None, None), "quiz_finish": (0.15, None, None),
    "meeting": (0.10, None, None), "home": (0.15, None, None),
    "home_trainer": (0.15, None, None), "home_organiser": (0.15, None, None),
    "expert_search": (None, 100.0, None), "expert_filtered": (None, 100.0, None),
    "workshop_roster": (None, None, 100.0),
}

# name, world url key, who is signed in (None: anonymous), method
PAGES = [
    # The app's own floor: one query, no template, every middleware (sessions, locale,
    # security headers, compression).
    ("healthz", "healthz", None, "GET"),
    ("home", "home", "learner", "GET"),  # the learner's home (sections by role)
    ("home_trainer", "home", "trainer", "GET"),
    ("home_organiser", "home", "organiser", "GET"),
    ("login", "login", None, "GET"),
    ("catalogue", "catalogue", "learner", "GET"),
    ("course_outline", "course_outline", "learner", "GET"),
    ("lesson", "lesson", "learner", "GET"),
    ("quiz_page", "quiz_page", "learner", "GET"),
    ("quiz_autosave", "quiz_autosave", "autosave", "POST"),
    ("quiz_finish", "quiz_finish", "finisher", "POST"),
    ("my_learning", "my_learning", "learner", "GET"),
    ("workshop_roster", "workshop_roster", "organiser", "GET"),
    ("expert_search", "expert_search", "learner", "GET"),
    ("expert_filtered", "expert_filtered", "learner", "GET"),
    ("meeting", "meeting", "learner", "GET"),
    ("verification", "verification", None, "GET"),
]


def log(message: str) -> None:
    print(message, flush=True)


# ------------------------------------------------------------------------------ databases

def make_app(url: str):
    from app import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": SECRET,
                       "RATELIMIT_ENABLED": False, "WTF_CSRF_ENABLED": False,
                       "BACKGROUND_MODE": "inline", "PUBLIC_BASE_URL": "http://127.0.0.1"})


def prepare(url: str, scale: float) -> dict:
    """Migrate and seed; returns the world (ids and URLs)."""
    from flask_migrate import upgrade

    from app.extensions import db
    from bench.seed import seed

    app = make_app(url)
    with app.app_context():
        started = time.perf_counter()
        upgrade(directory=str(ROOT / "migrations"))
        log(f"  migrated in {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        world = seed(scale, log=log)
        world["seed_seconds"] = round(time.perf_counter() - started, 1)
        log(f"  seeded (scale {scale}) in {world['seed_seconds']} s")
        db.session.remove()
        db.engine.dispose()
    return world


@contextlib.contextmanager
def postgres_database(server_url: str):
    """A fresh database on the BENCH_DATABASE_URL server, dropped afterwards."""
    import psycopg

    from config import normalise_database_url

    name = f"akmn_bench_{secrets.token_hex(4)}"
    admin = server_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = admin.rsplit("/", 1)[0]
    try:
        yield normalise_database_url(f"{base}/{name}")
    finally:
        # DROP DATABASE waits for a checkpoint, minutes on a busy server: a detached
        # process drops it, so the bench need not wait.
        log(f"Dropping the PostgreSQL database {name} (in the background)")
        code = ("import psycopg, sys\n"
                "with psycopg.connect(sys.argv[1], autocommit=True) as conn:\n"
                "    conn.execute(f'DROP DATABASE IF EXISTS \"{sys.argv[2]}\" WITH (FORCE)')\n")
        subprocess.Popen([sys.executable, "-c", code, admin, name],
                         start_new_session=True, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)


# ------------------------------------------------------------------------------ queries

def count_queries(url: str, world: dict, calls: dict | None = None) -> dict:
    """SQL statements per page, in-process (the second request: caches warm).

    With `calls`, also Python function calls per GET request (cProfile over CALL_REQUESTS
    requests, the test client's own included): a figure that does not move with the
    machine's load, to compare CPU between runs on a busy machine.

    Requests run without an outer app context, as in production: each has its own `g`."""
    from sqlalchemy import event

    from app.extensions import db

    app = make_app(url)
    with app.app_context():
        engine = db.engine
    counts: dict[str, int | None] = {}
    statements = []

    def _count(*_args, **_kw):
        statements.append(1)

    event.listen(engine, "before_cursor_execute", _count)
    clients = {}
    for name, key, who, method in PAGES:
        url_path = world["urls"].get(key)
        if not url_path:
            continue
        if who not in clients:
            client = app.test_client()
            if who:
                resp = client.post("/login", data={
                    "email": f"{who}@bench.test", "password": world["password"]})
                assert resp.status_code in (302, 303), f"login {who}: {resp.status_code}"
            clients[who] = client
        client = clients[who]
        probe = list(world.get("probes", {}).get(name) or [])
        n = 0
        for _ in range(2):
            statements.clear()
            if method == "POST":
                path, body = probe.pop(0) if probe else (url_path, {})
                resp = client.post(path, data=body)
            else:
                resp = client.get(url_path)
            n = len(statements)
        counts[name] = n if resp.status_code < 400 else None
        if calls is not None and method == "GET" and resp.status_code < 400:
            calls[name] = python_calls(client.get, url_path)
        if resp.status_code >= 400:
            log(f"  {name}: HTTP {resp.status_code} in-process")
    event.remove(engine, "before_cursor_execute", _count)
    engine.dispose()
    return counts


CALL_REQUESTS = 5


def python_calls(request, *args) -> int:
    """Python function calls per `request(*args)` (deterministic, unlike CPU time)."""
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(CALL_REQUESTS):
        request(*args)
    profiler.disable()
    return round(pstats.Stats(profiler).total_calls / CALL_REQUESTS)


def floor_calls() -> int:
    from bench.floor import app as floor_app

    client = floor_app.test_client()
    client.get("/hello")
    return python_calls(client.get, "/hello")


# ------------------------------------------------------------------------------ serving

@contextlib.contextmanager
def gunicorn(app_spec: str, port: int, env: dict):
    cmd = [str(BIN / "gunicorn"), "-w", "2", "-b", f"127.0.0.1:{port}", "--log-level",
           "warning", app_spec]
    proc = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, **env},
                            start_new_session=True)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def app_env(url: str, instance: str) -> dict:
    return {"DATABASE_URL": url, "SECRET_KEY": SECRET, "RATELIMIT_ENABLED": "0",
            "AKMN_ENV": "production", "AKMN_INSTANCE_PATH": instance,
            "PUBLIC_BASE_URL": "http://127.0.0.1"}


FINISH_LUA = """
local ids = {%(ids)s}
local token = "%(token)s"
local tail = "%(tail)s"
local cookie = "%(cookie)s"
local nthreads = %(threads)d
tcount = 0
function setup(thread)
  thread:set("tid", tcount)
  tcount = tcount + 1
end
function init(args)
  wrk.headers["Cookie"] = cookie
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  mine = {}
  for i, id in ipairs(ids) do
    if (i - 1) %% nthreads == tid then table.insert(mine, id) end
  end
  pos = 0
end
function request()
  pos = pos + 1
  if pos > #mine then
    -- every attempt is finished: count the rest as errors rather than re-finishing
    return wrk.format("POST", "/quizzes/attempts/0/finish", nil, "csrf_token=" .. token)
  end
  return wrk.format("POST", "/quizzes/attempts/" .. mine[pos] .. "/finish", nil,
                    "csrf_token=" .. token .. tail)
end
"""

AUTOSAVE_LUA = """
local ids = {%(ids)s}
local token = "%(token)s"
local tail = "%(tail)s"
local cookie = "%(cookie)s"
local nthreads = %(threads)d
tcount = 0
function setup(thread)
  thread:set("tid", tcount)
  tcount = tcount + 1
end
function init(args)
  wrk.headers["Cookie"] = cookie
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  mine = {}
  for i, id in ipairs(ids) do
    if (i - 1) %% nthreads == tid then table.insert(mine, id) end
  end
  pos = 0
end
function request()
  pos = pos + 1
  local i = (pos - 1) %% #mine + 1
  local round = math.floor((pos - 1) / #mine) + 1
  return wrk.format("POST", "/quizzes/attempts/" .. mine[i] .. "/autosave", nil,
                    "csrf_token=" .. token .. "&counter=" .. round .. tail)
end
"""


def http_bench(base: str, floor_base: str, world: dict, seconds: int,
               only: set | None) -> dict:
    browsers: dict[str | None, web.Browser] = {}
    results = {}
    for name, key, who, method in PAGES:
        path = world["urls"].get(key)
        if not path or (only and name not in only):
            continue
        if who not in browsers:
            browser = web.Browser(base)
            if who:
                browser.login(f"{who}@bench.test", world["password"])
            browsers[who] = browser
        browser = browsers[who]
        entry: dict = {"path": path, "user": who or "anonymous", "method": method}
        # The floor right before the page: the machine's load changes within a run, and
        # the ratio to an adjacent floor is what stays comparable.
        entry["hello_adjacent"] = run_wrk(f"{floor_base}/hello", seconds=max(2, seconds // 2))
        if method == "GET":
            check = browser.get(path)
            if check.status != 200:
                log(f"  {name}: HTTP {check.status} for {path}; skipped")
                entry["error"] = f"HTTP {check.status}"
                results[name] = entry
                continue
            entry["weight"] = web.weigh(web.Browser(base) if who is None else browser, path)
            entry.update(run_wrk(base + path, seconds=seconds, cookie=browser.cookie_header))
        else:
            pool = world["pools"][name]
            token = browser.csrf("/")
            lua = (FINISH_LUA if name == "quiz_finish" else AUTOSAVE_LUA) % {
                "ids": ",".join(str(i) for i in pool["ids"]), "token": token,
                "tail": pool["tail"], "cookie": browser.cookie_header, "threads": 2}
            entry.update(run_wrk(base + path, seconds=seconds, lua=lua))
            entry["pool"] = len(pool["ids"])
            if name == "quiz_finish" and entry["requests"] > len(pool["ids"]):
                entry["note"] = (f"pool of {len(pool['ids'])} attempts exhausted: the "
                                 "extra requests are counted as errors")
        results[name] = entry
        log(f"  {name:16} {entry['rps']:8.1f} req/s  p50 {entry['p50_ms'] or 0:6.1f} ms  "
            f"p99 {entry['p99_ms'] or 0:6.1f} ms  errors {entry['errors']}")
    return results


def measure_floor(base: str, seconds: int) -> dict:
    out = {}
    for name in ("hello", "template"):
        out[name] = run_wrk(f"{base}/{name}", seconds=seconds)
        log(f"  floor {name:10} {out[name]['rps']:8.1f} req/s  p50 "
            f"{out[name]['p50_ms'] or 0:6.1f} ms  p99 {out[name]['p99_ms'] or 0:6.1f} ms")
    return out


def serve_and_measure(url: str, world: dict, seconds: int, instance: str,
                      port: int, only: set | None) -> dict:
    """The floor and the app in the same run: floor, app pages, floor again (averaged)."""
    with gunicorn("bench.floor:app", PORTS["floor"], {}) as floor_base, \
            gunicorn("wsgi:app", port, app_env(url, instance)) as base:
        web.wait_until_up(floor_base, "/hello")
        web.wait_until_up(base, "/healthz")
        before = measure_floor(floor_base, seconds)
        pages = http_bench(base, floor_base, world, seconds, only)
        after = measure_floor(floor_base, seconds)
    floor = {}
    for name in ("hello", "template"):
        floor[name] = {k: (before[name][k] + after[name][k]) / 2
                       for k in ("rps", "p50_ms", "p99_ms") if before[name][k] is not None}
        floor[name]["runs"] = [before[name], after[name]]
    for entry in pages.values():
        if "rps" in entry:
            adjacent = entry["hello_adjacent"]["rps"] or floor["hello"]["rps"]
            entry["ratio_hello"] = entry["rps"] / adjacent
            # the template floor, scaled by how the adjacent hello compares with the average
            entry["ratio_template"] = entry["rps"] / (
                floor["template"]["rps"] * adjacent / floor["hello"]["rps"])
    return {"floor": floor, "pages": pages}


# ------------------------------------------------------------------------------ extras

def exam_bench(url: str, world: dict, instance: str, port: int, smoke: bool) -> dict:
    """bench/exam.py on its own server: 300 learners finish a timed quiz within 60 s."""
    from bench import exam

    app = make_app(url)
    plan = exam.prepare(app, world, 10 if smoke else exam.LEARNERS)
    with gunicorn("wsgi:app", port, app_env(url, instance)) as base:
        web.wait_until_up(base, "/healthz")
        return exam.run(base, app, world, plan, log=log,
                        **({"window": 3.0} if smoke else {}))


def import_bench(url: str) -> dict:
    from bench import imports

    return imports.run(make_app(url), log=log)


def certificates_bench(*, runs: int = 20, cohort: int = 1000) -> dict | None:
    """bench/certificates.py (the certificates issue's benchmark), called in this process
    before any server starts, so that its peak-memory figure for the rendering processes
    (RUSAGE_CHILDREN) sees only them. Its report is printed and kept as text."""
    try:
        from bench import certificates
    except ImportError:
        return None
    import io

    buffer = io.StringIO()

    class Tee(io.TextIOBase):  # shown as it runs, and kept
        def write(self, text):
            buffer.write(text)
            return sys.__stdout__.write(text)

        def flush(self):
            sys.__stdout__.flush()

    started = time.perf_counter()
    with contextlib.redirect_stdout(Tee()):
        certificates.per_script(runs)
        figures = certificates.cohort(cohort, os.cpu_count() or 1)
    text = buffer.getvalue()
    return {"report": text, "seconds": round(time.perf_counter() - started, 1),
            "cohort": figures}


# ------------------------------------------------------------------------------ report

def machine() -> dict:
    model = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    memory = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) // 1024} MB"
    return {"cpus": os.cpu_count(), "cpu_model": model, "memory": memory,
            "platform": platform.platform()}


def versions() -> dict:
    from importlib.metadata import version

    out = {"python": platform.python_version(), "sqlite": sqlite3.sqlite_version}
    for package in ("flask", "sqlalchemy", "werkzeug", "jinja2", "gunicorn", "psycopg",
                    "flask-compress"):
        with contextlib.suppress(Exception):
            out[package] = version(package)
    with contextlib.suppress(Exception):
        out["wrk"] = subprocess.run(["wrk", "-v"], capture_output=True, text=True,
                                    check=False).stdout.split("\n")[0].strip()
    return out


def evaluate(db_result: dict, *, targets: bool = True) -> list[str]:
    """Check the targets; returns lines saying what was missed (and sets entry['missed']).
    Without `targets` (the smoke run) only errors count."""
    missed = []
    pages = db_result.get("pages", {})
    for name, entry in pages.items():
        checks = []
        if targets and name in TARGETS and "rps" in entry:
            ratio, p99, p50 = TARGETS[name]
            if ratio is not None and entry["ratio_hello"] < ratio:
                checks.append(f"{entry['ratio_hello']:.0%} of hello < {ratio:.0%}")
            if p99 is not None and (entry["p99_ms"] or 0) > p99:
                checks.append(f"p99 {entry['p99_ms']:.1f} ms > {p99:.0f} ms")
            if p50 is not None and (entry["p50_ms"] or 0) > p50:
                checks.append(f"p50 {entry['p50_ms']:.1f} ms > {p50:.0f} ms")
        if entry.get("errors"):
            checks.append(f"{entry['errors']} non-2xx/3xx responses")
        weight = entry.get("weight")
        if weight and targets:
            if weight["total_bytes"] > BUDGET_BYTES:
                checks.append(f"{weight['total_bytes'] / 1024:.1f} KB > 60 KB")
            if weight["offsite"]:
                checks.append(f"off-site requests: {', '.join(weight['offsite'])}")
        entry["missed"] = checks
        missed += [f"{name}: {c}" for c in checks]
    exam = db_result.get("exam")
    if exam and not exam["ok"] and (targets or exam["errors"]
                                    or exam["graded_once"] != exam["learners"]):
        missed.append(f"exam minute: {exam['errors']} errors, p99 {exam['p99_ms']} ms, "
                      f"graded once {exam['graded_once']}/{exam['learners']}")
    queries = db_result.get("queries", {})
    for name, counts in queries.items():
        if targets and counts.get("tenth") is not None \
                and counts.get("full") != counts.get("tenth"):
            check = f"{counts['full']} queries at full size, {counts['tenth']} at a tenth"
            pages.setdefault(name, {}).setdefault("missed", []).append(check)
            missed.append(f"{name}: {check}")
    return missed


def failures(report: dict) -> list[str]:
    """What broke (not what was slow): pages that failed, imports, certificates."""
    broken = []
    for label, result in report["databases"].items():
        for name, counts in result.get("queries", {}).items():
            if counts.get("full") is None:
                broken.append(f"{label}: {name} failed in-process")
        for name, entry in result.get("pages", {}).items():
            if entry.get("error"):
                broken.append(f"{label}: {name}: {entry['error']}")
            elif entry.get("errors") and entry.get("method") == "GET":
                broken.append(f"{label}: {name}: {entry['errors']} error responses")
        exam = result.get("exam")
        if exam and (exam["errors"] or exam["graded_once"] != exam["learners"]):
            broken.append(f"{label}: exam minute: {exam['errors']} errors, graded once "
                          f"{exam['graded_once']}/{exam['learners']}")
    for key, value in (report.get("imports") or {}).items():
        if value is None or key.endswith("_error"):
            broken.append(f"imports: {key} failed")
    cohort = (report.get("certificates") or {}).get("cohort")
    if cohort and cohort["stored"] != cohort["size"]:
        broken.append(f"certificates: {cohort['stored']} of {cohort['size']} rendered")
    return broken


def table(label: str, db_result: dict) -> str:
    floor = db_result.get("floor", {})
    lines = [f"\n== {label} ==", ""]
    if floor:
        for name in ("hello", "template"):
            f = floor[name]
            lines.append(f"floor {name:9} {f['rps']:8.1f} req/s   p50 {f['p50_ms']:6.2f} ms"
                         f"   p99 {f['p99_ms']:6.2f} ms")
        lines.append("")
    head = (f"{'page':16} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'÷hello':>7} "
            f"{'÷tmpl':>6} {'KB':>6} {'reqs':>4} {'queries':>9} {'calls':>6}  result")
    lines += [head, "-" * len(head)]
    queries = db_result.get("queries", {})
    calls = db_result.get("calls", {})
    names = [p[0] for p in PAGES]
    for name in names:
        entry = db_result.get("pages", {}).get(name)
        q = queries.get(name)
        if entry is None and q is None:
            continue
        entry = entry or {}
        qtxt = ""
        if q:
            qtxt = f"{q.get('full')}" + (f"/{q['tenth']}" if "tenth" in q else "")
        ctxt = str(calls.get(name) or "")
        if "rps" in entry:
            weight = entry.get("weight") or {}
            kb = f"{weight['total_bytes'] / 1024:6.1f}" if weight else "     -"
            reqs = f"{weight['requests']:4d}" if weight else "   -"
            result = "; ".join(entry.get("missed", [])) or "ok"
            lines.append(
                f"{name:16} {entry['rps']:8.1f} {entry['p50_ms'] or 0:7.2f} "
                f"{entry['p99_ms'] or 0:7.2f} {entry['ratio_hello']:7.0%} "
                f"{entry['ratio_template']:6.0%} {kb} {reqs} {qtxt:>9} {ctxt:>6}  {result}")
        else:
            result = "; ".join([*filter(None, [entry.get("error")]), *entry.get("missed", [])])
            lines.append(f"{name:16} {'-':>8} {'':7} {'':7} {'':7} {'':6} {'':6} {'':4} "
                         f"{qtxt:>9} {ctxt:>6}  {result}")
    exam = db_result.get("exam")
    if exam:
        lines.append(f"\nexam minute: {exam['learners']} learners in {exam['window_s']:.0f} s, "
                     f"{exam['requests']} requests, p50 {exam['p50_ms']} ms, p99 "
                     f"{exam['p99_ms']} ms, errors {exam['errors']}, graded once "
                     f"{exam['graded_once']}/{exam['learners']}  "
                     f"{'ok' if exam['ok'] else 'MISSED'}")
    return "\n".join(lines)


def main() -> int:
    # What must be undone (the PostgreSQL database) is undone after the report is out.
    with contextlib.ExitStack() as cleanup:
        return run(cleanup)


def run(cleanup: contextlib.ExitStack) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--skip-http", action="store_true")
    parser.add_argument("--skip-certificates", action="store_true")
    parser.add_argument("--skip-exam", action="store_true",
                        help="without the exam minute (bench/exam.py, about 90 s a database)")
    parser.add_argument("--skip-jobs", action="store_true", help="skip bench/jobs.py")
    parser.add_argument("--only", default="", help="pages to drive with wrk (comma-separated)")
    parser.add_argument("--keep", metavar="DIR", help="keep the SQLite databases in DIR")
    parser.add_argument("--smoke", action="store_true",
                        help="a tiny dataset, 1 s per page, no targets: does the harness run?")
    args = parser.parse_args()
    scales = (0.02, 0.01) if args.smoke else (1.0, 0.1)
    if args.smoke:
        args.seconds = 1
    only = set(filter(None, args.only.split(",")))
    if not have_wrk() and not args.skip_http:
        log("wrk is not installed (apt-get install wrk): HTTP figures skipped")
        args.skip_http = True

    os.chdir(ROOT)
    started = time.perf_counter()
    tmp = args.keep or tempfile.mkdtemp(prefix="akmn-bench-")
    Path(tmp).mkdir(parents=True, exist_ok=True)
    for old in Path(tmp).glob("*.sqlite3*"):
        old.unlink()
    os.environ.setdefault("AKMN_INSTANCE_PATH", tmp)
    report: dict = {"date": datetime.now(UTC).isoformat(timespec="seconds"),
                    "machine": machine(), "versions": versions(),
                    "settings": {"wrk_seconds": args.seconds, "connections": 8,
                                 "wrk_threads": 2, "gunicorn_workers": 2},
                    "databases": {}}
    missed_all = []
    try:
        full_url = f"sqlite:///{tmp}/full.sqlite3"
        tenth_url = f"sqlite:///{tmp}/tenth.sqlite3"
        log("SQLite: seeding the full dataset")
        world = prepare(full_url, scales[0])
        log("SQLite: seeding a tenth")
        world_tenth = prepare(tenth_url, scales[1])
        log("SQLite: counting queries per page")
        calls: dict = {}
        full_q = count_queries(full_url, world, calls)
        tenth_q = count_queries(tenth_url, world_tenth)
        sqlite_result: dict = {
            "counts": world["counts"], "seed_seconds": world["seed_seconds"],
            "queries": {name: {"full": full_q.get(name), "tenth": tenth_q.get(name)}
                        for name in full_q},
            "calls": calls, "calls_hello_floor": floor_calls()}
        log(f"  Python calls per request in-process (the test client's included): hello floor "
            f"{sqlite_result['calls_hello_floor']}, lesson {calls.get('lesson')}")
        for name, q in sqlite_result["queries"].items():
            if q["full"] != q["tenth"]:
                log(f"FAIL queries {name}: {q['full']} at full size, {q['tenth']} at a tenth")
        if not args.skip_certificates and (ROOT / "bench" / "certificates.py").exists():
            log("Certificates (bench/certificates.py)")
            report["certificates"] = (certificates_bench(runs=1, cohort=10) if args.smoke
                                      else certificates_bench())
        if not args.skip_http:
            log("SQLite: HTTP (gunicorn, 2 workers; wrk, 8 connections)")
            sqlite_result.update(serve_and_measure(full_url, world, args.seconds, tmp,
                                                   PORTS["sqlite"], only))
        if not args.skip_exam:
            log("SQLite: the exam minute (bench/exam.py)")
            sqlite_result["exam"] = exam_bench(full_url, world, tmp, PORTS["sqlite"],
                                               args.smoke)
        report["databases"]["sqlite"] = sqlite_result
        log("Imports")
        report["imports"] = import_bench(tenth_url)
        if not args.skip_jobs:
            from bench import jobs

            report["jobs"] = jobs.run(smoke=args.smoke)  # its own databases, Redis db 11

        pg_server = os.environ.get("BENCH_DATABASE_URL")
        if pg_server:
            pg_url = cleanup.enter_context(postgres_database(pg_server))
            log("PostgreSQL: seeding the full dataset")
            pg_world = prepare(pg_url, scales[0])
            pg_q = count_queries(pg_url, pg_world)
            pg_result: dict = {
                "counts": pg_world["counts"], "seed_seconds": pg_world["seed_seconds"],
                "queries": {name: {"full": n} for name, n in pg_q.items()}}
            from sqlalchemy import create_engine, text

            engine = create_engine(pg_url)
            with engine.connect() as conn:
                report["versions"]["postgresql"] = conn.execute(
                    text("SHOW server_version")).scalar()
            engine.dispose()
            if not args.skip_http:
                log("PostgreSQL: HTTP")
                pg_result.update(serve_and_measure(pg_url, pg_world, args.seconds, tmp,
                                                   PORTS["postgresql"], only))
            if not args.skip_exam:
                log("PostgreSQL: the exam minute (bench/exam.py)")
                pg_result["exam"] = exam_bench(pg_url, pg_world, tmp, PORTS["postgresql"],
                                               args.smoke)
            report["databases"]["postgresql"] = pg_result
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)

    for label, result in report["databases"].items():
        missed = evaluate(result, targets=not args.smoke)
        missed_all += [f"{label}: {m}" for m in missed]
        log(table(label, result))
    broken = failures(report)
    if report.get("jobs"):
        from bench import jobs

        broken += jobs.failures(report["jobs"])
        if not args.smoke:
            missed_all += jobs.missed(report["jobs"])
    if report.get("imports"):
        log("\n== imports ==")
        for key, value in report["imports"].items():
            log(f"  {key}: {value}")
    if report.get("certificates"):
        log("\n== certificates ==" + report["certificates"]["report"])
    report["missed"] = missed_all
    report["failures"] = broken
    report["runtime_seconds"] = round(time.perf_counter() - started, 1)
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / ("smoke.json" if args.smoke else "latest.json")
    out.write_text(json.dumps(report, indent=2, default=str) + "\n")
    if args.smoke:
        log("\nSmoke run: targets not checked (a tiny dataset).")
    else:
        log("\nTargets: " + ("all met" if not missed_all else "MISSED:\n  " +
                             "\n  ".join(missed_all)))
    if broken:
        log("BROKEN:\n  " + "\n  ".join(broken))
    log(f"Written {out.relative_to(ROOT)} ({report['runtime_seconds']} s)")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
