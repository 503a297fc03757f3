"""`make security`: Wapiti and sqlmap against a throwaway local instance (not in CI: slow).

Starts gunicorn on a free 127.0.0.1 port with a fresh SQLite database, the course packages
and the demo data (production settings, rate limits off so the scanners are not throttled),
then runs, each with a time bound:

* Wapiti over the whole site, anonymous and signed in as the demo learner (cookie), with
  the injection, XSS, CRLF, redirect, file and header modules (not those that need
  Wapiti's endpoint on the internet: SSRF, XXE, Log4Shell);
* sqlmap on the URLs that take user input (search, paging, filters, lookups).

Reports go to security/reports/ (git-ignored); a summary is printed and written to
security/reports/summary.txt. All traffic goes to 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import contextlib
import http.cookiejar
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "security" / "reports"
DEMO_PASSWORD = "akmn-demo"
# Not ssrf/xxe/log4shell: they need Wapiti's endpoint on the internet; traffic stays local.
# Not backup (Wapiti 3.2 crashes on URLs with a port and then tries to send a crash report)
# nor timesql (minutes per parameter: the time bound cut the whole report off).
WAPITI_MODULES = "sql,xss,permanentxss,exec,file,crlf,redirect,csp,http_headers," \
                 "cookieflags,methods,htaccess"
# What Wapiti prints when it finds something (kept when a time bound cut the JSON report).
FINDING_RE = re.compile(r"vulnerab|injection|not set|is missing|not protected|found",
                        re.IGNORECASE)
# Inputs sqlmap tries (GET parameters a visitor or a learner controls).
SQLMAP_TARGETS = [
    "/experts/?q=labour&country=TH&page=1",
    "/courses/?q=migration&topic=labour&language=en&level=intro&page=1",
    "/workshops/?page=1",
    "/meetings/?year=2026",
    "/verify?code=abcdefghijklmnopqrstuvwxyz",
    "/verify/abcdefghijklmnopqrstuvwxyz",
]


def log(message: str) -> None:
    print(message, flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare(env: dict, python: Path) -> None:
    flask = [str(python), "-m", "flask", "--app", "wsgi"]
    for args in (["db", "upgrade"], ["courses", "import", "courses/"], ["demo", "load"]):
        log(f"$ flask {' '.join(args)}")
        subprocess.run(flask + args, cwd=ROOT, env=env, check=True, capture_output=True,
                       timeout=600)


@contextlib.contextmanager
def server(env: dict, python: Path, port: int):
    gunicorn = python.parent / "gunicorn"
    proc = subprocess.Popen([str(gunicorn), "-w", "2", "-b", f"127.0.0.1:{port}",
                             "--log-level", "warning", "--timeout", "60", "wsgi:app"],
                            cwd=ROOT, env=env, start_new_session=True,
                            stderr=(REPORTS / "server.log").open("w"))
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(60):
            with contextlib.suppress(OSError):
                urllib.request.urlopen(base + "/healthz", timeout=2)
                break
            time.sleep(0.5)
        else:
            raise RuntimeError("the server did not start; see security/reports/server.log")
        yield base
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def learner_cookie(base: str) -> str:
    """Sign in as the demo learner; returns the session cookie as `name=value`."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/login").read().decode()
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"email": "learner@demo.test", "password": DEMO_PASSWORD,
                                   "csrf_token": token}).encode()
    opener.open(base + "/login", data=data)
    cookies = [f"{c.name}={c.value}" for c in jar if c.name == "session"]
    if not cookies:
        raise RuntimeError("could not sign in as learner@demo.test")
    return cookies[0]


def run_bounded(cmd: list[str], seconds: int, log_file: Path) -> int:
    log(f"$ {' '.join(cmd[:3])} … (at most {seconds} s, log {log_file.relative_to(ROOT)})")
    with log_file.open("w") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True, stdin=subprocess.DEVNULL)
        try:
            return proc.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
            return -1


def wapiti(tools: Path, base: str, cookie: str | None, name: str, seconds: int) -> Path:
    report = REPORTS / f"wapiti-{name}.json"
    cmd = [str(tools / "wapiti"), "-u", base + "/", "--scope", "folder", "-m", WAPITI_MODULES,
           "-f", "json", "-o", str(report), "--flush-session", "-d", "4",
           # Wapiti stops attacking at --max-scan-time, then writes its report: leave it time.
           "--max-scan-time", str(seconds // 2), "--max-attack-time", "30",
           "-x", base + "/logout", "-x", base + "/language", "--tasks", "4",
           # Out-of-band endpoints pointed at this machine (nothing leaves 127.0.0.1).
           "--endpoint", "http://127.0.0.1:9/", "--dns-endpoint", "localhost"]
    if cookie:
        cmd += ["-C", cookie]
    run_bounded(cmd, seconds, REPORTS / f"wapiti-{name}.log")
    return report


def sqlmap(tools: Path, base: str, cookie: str, seconds: int) -> Path:
    targets = REPORTS / "sqlmap-targets.txt"
    targets.write_text("".join(base + path + "\n" for path in SQLMAP_TARGETS))
    out = REPORTS / "sqlmap"
    cmd = [str(tools / "sqlmap"), "-m", str(targets), "--batch", "--level", "2", "--risk",
           "1", "--cookie", cookie, "--output-dir", str(out), "--timeout", "10",
           "--retries", "0", "--disable-coloring", "--skip", "csrf_token"]
    run_bounded(cmd, seconds, REPORTS / "sqlmap.log")
    return out


def summarise(reports: list[Path], sqlmap_log: Path) -> str:
    lines = []
    for report in reports:
        if not report.exists():
            log_file = report.with_suffix(".log")
            found = [line.strip() for line in (log_file.read_text(errors="replace")
                                               if log_file.exists() else "").splitlines()
                     if FINDING_RE.search(line) and "crash report" not in line]
            lines.append(f"{report.name}: no JSON report (cut by the time bound); findings "
                         f"printed in {log_file.name}: {len(found)}")
            lines.extend(f"  - {line}" for line in dict.fromkeys(found))
            continue
        data = json.loads(report.read_text())
        found = {kind: len(items) for kind, items in data.get("vulnerabilities", {}).items()
                 if items}
        anomalies = {kind: len(items) for kind, items in data.get("anomalies", {}).items()
                     if items}
        lines.append(f"{report.name}: vulnerabilities {found or 'none'}; anomalies "
                     f"{anomalies or 'none'}")
        for kind, items in data.get("vulnerabilities", {}).items():
            for item in items[:5]:
                lines.append(f"  - {kind}: {item.get('method')} {item.get('path')} "
                             f"{item.get('parameter', '')} — {item.get('info', '')[:120]}")
    text = sqlmap_log.read_text(errors="replace") if sqlmap_log.exists() else ""
    injectable = sorted(set(re.findall(r"parameter '([^']+)' (?:is|appears to be) .*"
                                       r"injectable", text)))
    lines.append("sqlmap: injectable parameters: " + (", ".join(injectable) or "none"))
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tools", type=Path, required=True,
                        help="folder with the wapiti and sqlmap executables")
    parser.add_argument("--wapiti-seconds", type=int, default=330)
    parser.add_argument("--sqlmap-seconds", type=int, default=240)
    args = parser.parse_args()
    REPORTS.mkdir(parents=True, exist_ok=True)
    python = Path(sys.executable)
    with tempfile.TemporaryDirectory(prefix="akmn-security-") as tmp:
        port = free_port()
        env = {key: value for key, value in os.environ.items()
               if not key.startswith(("TEST_", "FLASK_", "DATABASE_", "REDIS_", "MAIL_"))}
        env.update({"AKMN_ENV": "production", "SECRET_KEY": secrets.token_hex(32),
                    "AKMN_INSTANCE_PATH": tmp, "DATABASE_URL": f"sqlite:///{tmp}/scan.sqlite3",
                    "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}", "RATELIMIT_ENABLED": "0",
                    "BACKGROUND_MODE": "thread", "PYTHONUNBUFFERED": "1"})
        prepare(env, python)
        with server(env, python, port) as base:
            cookie = learner_cookie(base)
            reports = [wapiti(args.tools, base, None, "anonymous", args.wapiti_seconds),
                       wapiti(args.tools, base, cookie, "learner", args.wapiti_seconds)]
            sqlmap(args.tools, base, cookie, args.sqlmap_seconds)
    summary = summarise(reports, REPORTS / "sqlmap.log")
    (REPORTS / "summary.txt").write_text(summary + "\n")
    log(summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
