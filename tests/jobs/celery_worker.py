"""A real Celery worker process for the job-path tests (Redis broker, the test database)."""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


class Worker:
    def __init__(self, database_url: str, broker: str, queue: str, env: dict | None = None,
                 concurrency: int = 1):
        self.database_url, self.broker, self.queue = database_url, broker, queue
        self.env, self.concurrency = env or {}, concurrency
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        env = {**os.environ, "DATABASE_URL": self.database_url, "CELERY_BROKER_URL": self.broker,
               "CELERY_QUEUE": self.queue, "BACKGROUND_MODE": "celery",
               "SECRET_KEY": os.environ.get("SECRET_KEY", "celery-test-" + secrets.token_hex(8)),
               "AKMN_ENV": "production", "RATELIMIT_ENABLED": "0",
               "PUBLIC_BASE_URL": "http://127.0.0.1", **self.env}
        env.pop("TEST_DATABASE_URL", None)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "app.jobs.worker", "worker", "-Q", self.queue,
             "-c", str(self.concurrency), "--pool", "prefork", "--loglevel", "WARNING",
             "--without-gossip", "--without-mingle", "-n", f"{self.queue}@%h"],
            cwd=ROOT, env=env, start_new_session=True)

    def kill(self) -> None:
        """SIGKILL the worker and its children, as a crash or an OOM kill would."""
        if self.proc is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
            self.proc = None

    def stop(self) -> None:
        if self.proc is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()
            self.proc = None


def broker_url() -> str | None:
    """The Redis database the tests may use (TEST_REDIS_URL), or None: no Celery tests."""
    return os.environ.get("TEST_CELERY_BROKER_URL") or os.environ.get("TEST_REDIS_URL")
