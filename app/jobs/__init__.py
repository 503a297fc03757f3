"""Slow work outside the request: one ``enqueue`` for Celery at scale and threads when embedded.

Tasks are plain functions of plain arguments (ids, strings), declared in each domain's
``tasks.py`` with :func:`task`, and idempotent: running one twice, or after a crash half-way,
gives the same result once (they claim their rows with conditional UPDATEs). Periodic jobs
are declared with :func:`periodic` and run by Celery beat, or by the embedded scheduler.

``BACKGROUND_MODE`` chooses where tasks run:

* ``celery`` (when ``CELERY_BROKER_URL`` or ``REDIS_URL`` is set): sent to the broker, run by
  ``celery -A app.jobs.worker worker``; periodic jobs by ``celery -A app.jobs.worker beat``;
* ``thread`` (the embedded default, ``make run``): a small pool of threads of the web process
  runs them, and a scheduler thread runs the periodic jobs (the first round at start-up, so
  work left pending by a stop resumes by itself);
* ``inline`` (tests): run synchronously, in a fresh app context, right after the commit;
* ``none``: nothing runs; ``flask jobs run-periodic`` does a round of the periodic jobs.

Tasks enqueued inside a transaction are sent when it commits (so a worker never looks for a
row that is not committed yet) and dropped when it rolls back::

    from app import jobs

    @jobs.task(retries=5, backoff=30)
    def deliver_mail(message_id: int) -> None: ...

    jobs.enqueue(deliver_mail, message.id)

    @jobs.periodic(minutes=1)
    def retry_mail() -> None: ...
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import timedelta

from flask import Flask, current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from app.extensions import db

log = logging.getLogger("akmn.jobs")
SESSION_KEY = "akmn_jobs_pending"
EXTENSION = "akmn_jobs"


@dataclass(frozen=True)
class Task:
    name: str
    func: Callable
    retries: int = 3
    backoff: float = 30.0  # seconds before the first retry; doubles each time

    def __call__(self, *args, **kwargs):
        return self.func(*args, **kwargs)


@dataclass(frozen=True)
class Periodic:
    task: Task
    every: timedelta


TASKS: dict[str, Task] = {}
PERIODIC: list[Periodic] = []


def task(func: Callable | None = None, *, name: str | None = None, retries: int = 3,
         backoff: float = 30.0):
    """Declare a task (usable as ``@task`` or ``@task(retries=…)``)."""

    def wrap(f: Callable) -> Task:
        declared = Task(name or f"{f.__module__}.{f.__name__}", f, retries, backoff)
        TASKS[declared.name] = declared
        return declared

    return wrap(func) if func is not None else wrap


def periodic(*, minutes: float = 0, seconds: float = 0, hours: float = 0,
             name: str | None = None):
    """Declare a task that runs every so often (beat at scale, a thread when embedded)."""

    def wrap(f: Callable) -> Task:
        declared = task(f, name=name, retries=0)
        PERIODIC.append(Periodic(declared, timedelta(hours=hours, minutes=minutes,
                                                     seconds=seconds)))
        return declared

    return wrap


# Enqueueing -------------------------------------------------------------------------------

def enqueue(target: Task | str, *args, countdown: float = 0) -> None:
    """Run ``target(*args)`` in the background, once the current transaction commits."""
    name = target if isinstance(target, str) else target.name
    if name not in TASKS:
        raise KeyError(f"unknown task {name!r}")
    session = db.session()
    if session.in_transaction():
        session.info.setdefault(SESSION_KEY, []).append((name, args, countdown))
    else:
        _dispatch(current_app._get_current_object(), name, args, countdown)


def drop_pending(target: Task | str) -> int:
    """Forget the calls of `target` enqueued in the current transaction (the caller does the
    work itself, e.g. the command line rendering with a progress bar); returns how many."""
    name = target if isinstance(target, str) else target.name
    pending = db.session().info.get(SESSION_KEY, [])
    kept = [entry for entry in pending if entry[0] != name]
    dropped = len(pending) - len(kept)
    pending[:] = kept
    return dropped


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    if session.in_nested_transaction():  # a SAVEPOINT released: the commit is to come
        return
    pending = session.info.pop(SESSION_KEY, None)
    if not pending or not has_app_context():
        return
    app = current_app._get_current_object()
    for name, args, countdown in pending:
        _dispatch(app, name, args, countdown)


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(SESSION_KEY, None)


def _dispatch(app: Flask, name: str, args: tuple, countdown: float) -> None:
    mode = app.config.get("BACKGROUND_MODE", "thread")
    if mode == "celery":
        app.extensions["celery"].send_task(name, args=list(args), countdown=countdown or None)
    elif mode == "thread":
        runner(app).submit(name, args, countdown)
    elif mode == "inline":
        _run_inline(app, name, args)
    # "none": the periodic jobs (flask jobs run-periodic, or cron) pick the work up.


_inline_depth = threading.local()


def _run_inline(app: Flask, name: str, args: tuple) -> None:
    """Tests: run now in a fresh app context (a session of its own), after the commit."""
    depth = getattr(_inline_depth, "value", 0)
    _inline_depth.value = depth + 1
    try:
        with app.app_context():
            try:
                run_task(name, args)
            finally:
                db.session.remove()
    finally:
        _inline_depth.value = depth


def run_task(name: str, args: tuple | list) -> object:
    """Run one task in the current app context; commit what it did, roll back on error."""
    declared = TASKS[name]
    try:
        result = declared.func(*args)
        db.session.commit()
        return result
    except Exception:
        db.session.rollback()
        raise


# The embedded runner ----------------------------------------------------------------------

@dataclass
class ThreadRunner:
    """A thread pool of the web process for tasks, and a scheduler thread for the periodic
    jobs. Retries wait with back-off on timers; nothing here needs to survive a stop: every
    task's work is recorded in the database and picked up again by the periodic jobs."""

    app: Flask
    workers: int = 2
    pool: ThreadPoolExecutor = field(init=False)
    stopping: threading.Event = field(default_factory=threading.Event)
    scheduler: threading.Thread | None = None

    def __post_init__(self):
        self.pool = ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="akmn-job")

    def submit(self, name: str, args: tuple, countdown: float = 0, attempt: int = 0) -> None:
        if self.stopping.is_set():
            return
        if countdown:
            timer = threading.Timer(countdown, self.submit, args=(name, args, 0, attempt))
            timer.daemon = True
            timer.start()
            return
        self.pool.submit(self._run, name, args, attempt)

    def _run(self, name: str, args: tuple, attempt: int) -> None:
        declared = TASKS[name]
        with self.app.app_context():
            try:
                run_task(name, args)
            except Exception:
                if attempt < declared.retries:
                    delay = declared.backoff * (2 ** attempt)
                    log.warning("task %s%r failed (attempt %d), retrying in %.0f s", name, args,
                                attempt + 1, delay, exc_info=True)
                    self.submit(name, args, delay, attempt + 1)
                else:
                    log.exception("task %s%r failed for good", name, args)
            finally:
                db.session.remove()

    def start_scheduler(self) -> None:
        if self.scheduler is not None or not PERIODIC:
            return
        self.scheduler = threading.Thread(target=self._schedule, name="akmn-scheduler",
                                          daemon=True)
        self.scheduler.start()

    def _schedule(self) -> None:
        due = {job.task.name: 0.0 for job in PERIODIC}  # the first round at start-up
        while not self.stopping.is_set():
            now = time.monotonic()
            for job in PERIODIC:
                if now >= due[job.task.name]:
                    due[job.task.name] = now + job.every.total_seconds()
                    self.submit(job.task.name, ())
            self.stopping.wait(1.0)

    def stop(self, wait: bool = True) -> None:
        self.stopping.set()
        self.pool.shutdown(wait=wait, cancel_futures=not wait)


def runner(app: Flask) -> ThreadRunner:
    state = app.extensions.get(EXTENSION)
    if state is None:
        state = app.extensions[EXTENSION] = ThreadRunner(
            app, workers=int(app.config.get("JOBS_THREADS", 2)))
    return state


def run_periodic_once() -> list[str]:
    """One round of every periodic job, here and now (``flask jobs run-periodic``)."""
    done = []
    for job in PERIODIC:
        run_task(job.task.name, ())
        done.append(job.task.name)
    return done


def init_app(app: Flask) -> None:
    """Choose the mode, set up Celery when configured, start the embedded scheduler."""
    broker = app.config.get("CELERY_BROKER_URL") or app.config.get("REDIS_URL")
    if not app.config.get("BACKGROUND_MODE"):
        app.config["BACKGROUND_MODE"] = "celery" if broker else "thread"
    if app.config["BACKGROUND_MODE"] == "celery":
        from app.jobs.celery import init_celery

        init_celery(app, broker)
    elif app.config["BACKGROUND_MODE"] == "thread" and app.config.get("JOBS_SCHEDULER", True):
        # Only a serving process schedules (not `flask db upgrade`): the first request starts
        # the scheduler, whose first round resumes what a stop left pending (mail to send,
        # certificates to render). Several gunicorn workers each schedule: the jobs claim
        # their rows, so a round that finds nothing left to do costs one query.
        started = threading.Event()

        @app.before_request
        def _start_scheduler():
            if not started.is_set():
                started.set()
                runner(app).start_scheduler()

    from app.jobs import cli

    app.cli.add_command(cli.jobs_cli)
