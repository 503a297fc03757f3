"""The "exam minute": 300 learners finish the same timed quiz within 60 seconds.

Before the minute (not timed): a timed quiz (30 minutes) of the seeded dataset; each learner
(seeded officials) starts an attempt and opens a session through the services.
During the minute each learner, at a moment spread evenly over the window, saves their
answers (the page's last autosave) and submits; one in five submits twice at once (a
double click) and then once more (a reload). A bounded pool of client threads (standard library) on
loopback sends the requests; every response is timed from the moment it was due.

After the minute, in the database: every attempt finished, graded (a score), and graded
once — no grade written after the repeated submissions were answered (finishing is a
conditional write: a second submission finds the attempt closed and changes nothing).

Pass: 0 errors, p99 ≤ 1 s, every attempt graded once.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlencode

from bench import web

LEARNERS = 300
WINDOW_SECONDS = 60.0
CLIENTS = 32  # client threads: at most this many requests in flight
DOUBLE_EVERY = 5  # one learner in five submits twice at once
TIME_LIMIT_MINUTES = 30
P99_LIMIT_MS = 1000.0


@dataclass
class Candidate:
    user_id: int
    email: str
    attempt_id: int
    sequence: int
    answers: dict
    cookie: tuple[str, str] = ("", "")  # the signed-in session's cookie (name, value)
    token: str = ""  # its CSRF token


def prepare(app, world: dict, learners: int) -> dict:
    """Make the first course's first quiz timed and start an attempt for `learners`
    officials (in-process, through the services). Returns the exam's plan."""
    import sqlalchemy as sa

    from app.auth.models import User
    from app.extensions import db
    from app.quizzes.attempts import start_attempt
    from app.quizzes.models import Attempt, Quiz
    from bench.seed_quizzes import _answers

    with app.app_context():
        quiz = db.session.get(Quiz, world["quiz_ids"][0])
        quiz.time_limit = TIME_LIMIT_MINUTES
        db.session.commit()
        # officials who have no attempt at this quiz yet (the seeded history is spread)
        taken = set(db.session.scalars(sa.select(Attempt.user_id).where(
            Attempt.quiz_id == quiz.id)))
        ids = [uid for uid in world["officials"] if uid not in taken][:learners]
        users = {u.id: u for u in db.session.scalars(sa.select(User).where(User.id.in_(ids)))}
        candidates = []
        for uid in ids:
            attempt = start_attempt(quiz, users[uid])
            db.session.flush()
            candidates.append(Candidate(uid, users[uid].email, attempt.id, attempt.sequence,
                                        _answers(attempt.snapshot)))
        db.session.commit()
        db.session.remove()
    for candidate in candidates:
        _sign_in(app, candidate)
    return {"quiz_id": world["quiz_ids"][0], "candidates": candidates}


def _sign_in(app, candidate: Candidate) -> None:
    """Open the learner's session as the sign-in page does (start_session, login_user) and
    keep its signed cookie and CSRF token: 300 password checks would take minutes here,
    and signing in is not part of the minute."""
    from flask import session
    from flask_login import login_user
    from flask_wtf.csrf import generate_csrf

    from app.auth.models import User
    from app.auth.services import start_session
    from app.extensions import db

    interface = app.session_interface
    serializer = getattr(interface, "wrapped", interface).get_signing_serializer(app)
    with app.test_request_context("/", environ_base={"REMOTE_ADDR": "127.0.0.1"}):
        user = db.session.get(User, candidate.user_id)
        start_session(user, ip_address="127.0.0.1")
        login_user(user)
        session["lang"] = user.language
        candidate.token = generate_csrf()
        db.session.commit()
        candidate.cookie = (app.config["SESSION_COOKIE_NAME"], serializer.dumps(dict(session)))


def _browser(base: str, candidate: Candidate) -> tuple[web.Browser, str]:
    browser = web.Browser(base)
    browser.cookies[candidate.cookie[0]] = candidate.cookie[1]
    return browser, candidate.token


def run(base: str, app, world: dict, plan: dict, *, window: float = WINDOW_SECONDS,
        log=print) -> dict:
    """Drive the minute against the server at `base` (`plan` from prepare(), made before
    the server started: the embedded database takes one writer at a time)."""
    candidates: list[Candidate] = plan["candidates"]
    sessions = [_browser(base, c) for c in candidates]
    # one signed-in page first: the cookie works (a refused one would fail every request)
    probe = sessions[0][0].get(f"/quizzes/attempts/{candidates[0].attempt_id}")
    if probe.status != 200:
        raise RuntimeError(f"exam: the learners' sessions are refused (HTTP {probe.status})")

    latencies: list[float] = []
    errors: list[str] = []
    second_sent: dict[int, datetime] = {}
    lock = threading.Lock()
    t0 = time.perf_counter() + 1.0
    spacing = window / max(1, len(candidates))

    def timed(due: float, call) -> None:
        try:
            response = call()
            status, location = response.status, response.headers.get("location", "")
        except Exception as exc:  # a refused or dropped connection is an error
            status, location = 0, repr(exc)
        with lock:
            latencies.append((time.perf_counter() - due) * 1000)
            return status, location

    def learner(index: int) -> None:
        candidate = candidates[index]
        browser, token = sessions[index]
        due = t0 + index * spacing
        time.sleep(max(0.0, due - time.perf_counter()))
        fields = {"csrf_token": token, "sequence": str(candidate.sequence), "counter": "1",
                  **candidate.answers}
        status, _ = timed(due, lambda: browser.request(
            "POST", f"/quizzes/attempts/{candidate.attempt_id}/autosave",
            body=urlencode(fields)))
        if status != 200:
            with lock:
                errors.append(f"autosave {candidate.attempt_id}: HTTP {status}")
        finish = {"csrf_token": token, "sequence": str(candidate.sequence)}
        submissions = 2 if index % DOUBLE_EVERY == 0 else 1
        due = time.perf_counter()

        def submit(_n: int):
            return timed(due, lambda: browser.request(
                "POST", f"/quizzes/attempts/{candidate.attempt_id}/finish",
                body=urlencode(finish)))

        with ThreadPoolExecutor(max_workers=submissions) as clicks:
            outcomes = list(clicks.map(submit, range(submissions)))
        if submissions == 2:
            # and once more after both answers came back (a reload of the submit page):
            # a grade written after this moment would be a second grading
            with lock:
                second_sent[candidate.attempt_id] = datetime.now(UTC).replace(tzinfo=None)
            due = time.perf_counter()
            outcomes.append(submit(2))
        for status, location in outcomes:
            if status not in (302, 303) or "/review" not in location:
                with lock:
                    errors.append(f"finish {candidate.attempt_id}: HTTP {status} {location}")

    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        list(pool.map(learner, range(len(candidates))))
    elapsed = time.perf_counter() - t0
    check = verify(app, candidates, second_sent)
    ordered = sorted(latencies)

    def pct(p: float) -> float | None:
        if not ordered:
            return None
        return round(ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))], 1)

    result = {
        "learners": len(candidates), "window_s": window, "elapsed_s": round(elapsed, 1),
        "requests": len(latencies), "double_submissions": len(second_sent),
        "errors": len(errors), "error_samples": errors[:5],
        "p50_ms": pct(50), "p99_ms": pct(99), "max_ms": round(ordered[-1], 1) if ordered
        else None, **check}
    result["ok"] = (not errors and result["graded_once"] == len(candidates)
                    and (result["p99_ms"] or 0) <= P99_LIMIT_MS)
    log(f"  exam: {result['learners']} learners, {result['requests']} requests in "
        f"{result['elapsed_s']} s; p50 {result['p50_ms']} ms, p99 {result['p99_ms']} ms, "
        f"errors {result['errors']}; graded once {result['graded_once']}/"
        f"{result['learners']} — {'ok' if result['ok'] else 'MISSED'}")
    return result


def verify(app, candidates: list[Candidate], second_sent: dict[int, datetime]) -> dict:
    """Every attempt finished with a grade, and the grade is the first submission's."""
    import sqlalchemy as sa

    from app.extensions import db
    from app.quizzes.models import FINISHED, Attempt

    ids = [c.attempt_id for c in candidates]
    with app.app_context():
        rows = db.session.execute(sa.select(
            Attempt.id, Attempt.state, Attempt.score, Attempt.finished_at, Attempt.finished_by)
            .where(Attempt.id.in_(ids))).all()
        db.session.remove()
    graded = [r for r in rows if r.state == FINISHED and r.score is not None]
    # a second grading would have moved finished_at past the moment the second was sent
    regraded = [r.id for r in graded if r.id in second_sent
                and r.finished_at is not None and r.finished_at > second_sent[r.id]]
    return {"finished": sum(1 for r in rows if r.state == FINISHED),
            "graded": len(graded), "regraded": len(regraded),
            "graded_once": len(graded) - len(regraded),
            "timed_out": sum(1 for r in rows if r.finished_by == "timeout")}
