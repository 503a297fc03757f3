"""The embedded runner: tasks after the commit, retries with back-off, periodic jobs."""

from __future__ import annotations

import threading

import pytest

from app import jobs
from app.extensions import db

# Worker threads hold PostgreSQL connections of their own; one returned after the thread ends
# may be collected during a later test.
pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")

calls: list = []
fail_first = {"left": 0}


@jobs.task(name="tests.record", retries=2, backoff=0.05)
def record(value):
    if fail_first["left"]:
        fail_first["left"] -= 1
        raise RuntimeError("not yet")
    calls.append((value, threading.current_thread().name))


@pytest.fixture(autouse=True)
def _reset():
    calls.clear()
    fail_first["left"] = 0


@pytest.fixture
def thread_mode(app):
    app.config["BACKGROUND_MODE"] = "thread"
    yield jobs.runner(app)
    jobs.runner(app).stop()
    app.extensions.pop(jobs.EXTENSION, None)
    db.engine.dispose()
    app.config["BACKGROUND_MODE"] = "inline"


def _wait(condition, timeout=10.0):
    event = threading.Event()
    for _ in range(int(timeout / 0.05)):
        if condition():
            return
        event.wait(0.05)
    raise AssertionError("not reached")


def test_enqueue_waits_for_the_commit(app):
    from app.auth.models import User

    db.session.add(User(email="x@example.test", name="X"))
    db.session.flush()
    jobs.enqueue(record, "after commit")
    assert calls == []
    db.session.commit()
    assert [value for value, _ in calls] == ["after commit"]


def test_enqueue_outside_a_transaction_runs_at_once(app):
    db.session.commit()
    jobs.enqueue("tests.record", "now")
    assert [value for value, _ in calls] == ["now"]


def test_unknown_task_is_refused(app):
    with pytest.raises(KeyError):
        jobs.enqueue("tests.nothing")


def test_thread_mode_runs_on_a_worker_thread_and_retries(app, thread_mode):
    fail_first["left"] = 2
    jobs.enqueue(record, "eventually")
    db.session.commit()
    _wait(lambda: calls)
    assert calls[0][0] == "eventually"
    assert calls[0][1].startswith("akmn-job")
    assert fail_first["left"] == 0  # two failures, then success on the third attempt


def test_thread_mode_gives_up_after_the_retries(app, thread_mode, caplog):
    fail_first["left"] = 5
    jobs.enqueue(record, "never")
    db.session.commit()
    _wait(lambda: "failed for good" in caplog.text)
    assert calls == []


# The pool's threads return their PostgreSQL connections when the runner stops; one may be
# collected by the garbage collector later in another test's time.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_the_scheduler_runs_every_periodic_job_at_start(app, thread_mode, monkeypatch):
    seen = []
    job = jobs.Periodic(jobs.Task("tests.tick", lambda: seen.append(1)), jobs.timedelta(hours=1))
    monkeypatch.setitem(jobs.TASKS, "tests.tick", job.task)
    monkeypatch.setattr(jobs, "PERIODIC", [job])
    thread_mode.start_scheduler()
    _wait(lambda: seen)
    assert seen == [1]


def test_flask_jobs_run_periodic_lists_what_ran(runner):
    result = runner.invoke(args=["jobs", "run-periodic"])
    assert result.exit_code == 0, result.output
    assert "app.mail.tasks.retry_mail" in result.output
    listing = runner.invoke(args=["jobs", "list"])
    assert "app.mail.tasks.deliver_mail\ton demand" in listing.output
