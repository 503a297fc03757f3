"""The app under test: migrated, loaded with demo data and served by gunicorn on a free port.

The server runs in its own process against its own SQLite database in a temporary
directory, configured like production (no TESTING flag, real rate limits, security
headers, background certificate rendering) so the browser sees what an official would.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "app" / "translations"


JOURNEY_ACCOUNTS = {
    "korean": "LEE Jiwoo",
    "official-desktop": "VONGSA Khamphet",
    "official-phone": "SOUVANNA Latsamy",
}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def compile_catalogues() -> None:
    """Compile .po catalogues whose .mo is missing or older (what `make translations` does)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po in TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        with po.open("rb") as source:
            catalogue = read_po(source, locale=po.parents[1].name)
        with mo.open("wb") as target:
            write_mo(target, catalogue)


class LiveServer:
    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = workdir / "server.log"
        self.course_import_report = workdir / "course-import.txt"
        self.env = {
            key: value for key, value in os.environ.items()
            if not key.startswith(("TEST_", "FLASK_", "DATABASE_", "REDIS_", "MAIL_"))
        }
        self.env.update({
            "AKMN_ENV": "production",
            "SECRET_KEY": secrets.token_hex(32),
            "DATABASE_URL": f"sqlite:///{workdir / 'e2e.sqlite3'}",
            "AKMN_INSTANCE_PATH": str(workdir / "instance"),
            "PUBLIC_BASE_URL": self.url,
            # The rate-limit journey sends its own X-Forwarded-For so that its failed
            # logins do not lock out the other journeys (all on 127.0.0.1).
            "PROXY_FIX_HOPS": "1",
            "RATELIMIT_ENABLED": "1",
            "SELF_REGISTRATION": "0",
            "PYTHONUNBUFFERED": "1",
        })
        # Mail goes to a real SMTP server on loopback (aiosmtpd); journeys read links from it.
        from aiosmtpd.controller import Controller

        from tests.jobs.conftest import Sink

        self.mail = Sink()
        self._smtp = Controller(self.mail, hostname="127.0.0.1", port=free_port())
        self._smtp.start()
        self.env.update({"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": str(self._smtp.port),
                         "MAIL_USE_TLS": "0", "MAIL_USE_SSL": "0"})
        self.process: subprocess.Popen | None = None
        # Journeys that change their account (language, enrolments) get their own.
        self.accounts = {
            key: {"email": f"{key}-{secrets.token_hex(3)}@example.test", "name": name,
                  "password": f"e2e-{key}-{secrets.token_hex(6)}"}
            for key, name in JOURNEY_ACCOUNTS.items()
        }

    # -- set-up -----------------------------------------------------------------------
    def flask(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        result = subprocess.run(
            [sys.executable, "-m", "tests.e2e.prepare", *args],
            cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=600,
        )
        if check and result.returncode != 0:
            raise RuntimeError(
                f"`flask {' '.join(args)}` failed ({result.returncode}):\n"
                f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
            )
        return result

    def prepare(self) -> None:
        compile_catalogues()
        # As `make load`: migrations, course packages, then every domain's demo records.
        accounts_file = self.workdir / "accounts.json"
        accounts_file.write_text(json.dumps(list(self.accounts.values())), encoding="utf-8")
        result = subprocess.run([sys.executable, "-m", "tests.e2e.prepare", "--setup",
                                 str(self.course_import_report), str(accounts_file)], cwd=ROOT,
                                env=self.env, capture_output=True, text=True, timeout=600)
        if result.returncode != 0:
            raise RuntimeError(f"setting up the e2e database failed:\n{result.stdout[-3000:]}"
                               f"\n{result.stderr[-3000:]}")

    def start(self) -> None:
        with self.log_path.open("w") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "tests.e2e.serve", "--workers", "1", "--threads", "8",
                 "--worker-class", "gthread", "--bind", f"127.0.0.1:{self.port}",
                 "--timeout", "120", "--graceful-timeout", "5", "--access-logfile", "-",
                 "wsgi:app"],
                cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited early:\n{self.log()[-3000:]}")
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                time.sleep(0.2)
        raise RuntimeError(f"the server did not answer /healthz:\n{self.log()[-3000:]}")

    def stop(self) -> None:
        self._smtp.stop()
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def account(self, key: str) -> dict:
        """An account of its own for a journey that changes it (made at set-up)."""
        return self.accounts[key]

    # -- what the server wrote --------------------------------------------------------
    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def last_mail_link(self, to: str, path_part: str, timeout: float = 20) -> str:
        """The last link containing `path_part` in a mail to `to` (the SMTP sink)."""
        link = re.compile(r"https?://\S*" + re.escape(path_part) + r"\S*")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.mail.lock:
                messages = [m for m in self.mail.messages if to in (m["To"] or "")]
            for message in reversed(messages):
                body = message.get_payload(decode=True) or b""
                found = link.search(body.decode("utf-8", "replace"))
                if found:
                    return found.group(0)
            time.sleep(0.2)
        raise AssertionError(f"no mail to {to} with a {path_part} link at the SMTP sink")
