"""Attempts: draws and snapshots, saving with sequence numbers, deadlines, finishing once,
mass assignment, no answer key before it may be seen, constant queries."""

import contextlib
import json
import re
import threading
from datetime import timedelta

import pytest
from sqlalchemy import event, func, select, update

from app.auth.models import AuditEntry
from app.extensions import db
from app.quizzes import attempts, banks, services
from app.quizzes.models import Attempt, AttemptQuestion, Question, QuestionCategory
from app.timeutil import utcnow
from tests.conftest import login
from tests.quizzes.factories import (
    ALL_TYPES_GIFT,
    answer_every_slot,
    form,
    make_bank,
    make_course,
    make_quiz,
    numbered_gift,
    right_answers,
)


@contextlib.contextmanager
def count_queries():
    statements = []

    def record(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


@pytest.fixture
def setup(app, make_user):
    trainer, learner = make_user("trainer"), make_user("learner")
    course = make_course(trainer)
    bank = make_bank(course)
    return trainer, learner, course, bank


def start(quiz, user, **kw):
    attempt = attempts.start_attempt(quiz, user, **kw)
    db.session.commit()
    return attempt


def questions_html(page: str) -> str:
    """The questions of an attempt page (without the form's CSRF token)."""
    return page[page.index('<fieldset class="question"'):page.index('<p id="save-status"')]


def attempt_url(attempt, suffix=""):
    return f"/quizzes/attempts/{attempt.id}{suffix}"


# --- draws, snapshots, shuffles -------------------------------------------------------------

def test_trainer_builds_a_random_quiz_and_learner_takes_it_twice(app, client, make_user):
    """The issue's "done when": import every type, draw 10 of 20, two attempts with
    different draws, a lost connection that keeps the answers, feedback per settings."""
    trainer, learner = make_user("trainer"), make_user("learner")
    course = make_course(trainer)
    login(client, trainer)
    bank = banks.resolve_bank(course.slug, create=True)
    db.session.commit()
    client.post(f"/quizzes/banks/{bank.id}/import",
                data={"text": ALL_TYPES_GIFT + "\n" + numbered_gift(20)})
    assert db.session.scalar(select(func.count(Question.id))) == 27
    response = client.post(f"/quizzes/new?module={course.modules[0].id}", data={
        "title": "Ten of twenty", "pass_mark": "60",
        "attempts_allowed": "2", "time_limit": "0", "grace_seconds": "30", "per_page": "5",
        "shuffle_answers": "y",
        "grading_method": "highest", "feedback": "after_submit"})
    assert response.status_code == 302
    quiz_id = int(re.search(r"/quizzes/(\d+)/questions", response.headers["Location"])[1])
    pool = db.session.scalar(select(QuestionCategory).where(QuestionCategory.name == "Pool"))
    client.post(f"/quizzes/{quiz_id}/questions/random",
                data={"category": pool.id, "count": "10", "mark": "1"})
    page = client.get(f"/quizzes/{quiz_id}/questions").get_data(as_text=True)
    assert "Each attempt has 10 questions." in page
    client.post("/logout")

    login(client, learner)
    drawn = []
    for number in (1, 2):
        response = client.post(f"/quizzes/{quiz_id}/start")
        attempt = db.session.scalar(select(Attempt).where(Attempt.number == number))
        assert response.headers["Location"].endswith(attempt_url(attempt))
        assert len(attempt.snapshot) == 10
        drawn.append({e["question_id"] for e in attempt.snapshot})
        answers = right_answers(attempt, indices=range(5))
        # Page 1 is submitted by the form (no script)…
        client.post(attempt_url(attempt), data={**answers, "sequence": "0", "page": "0",
                                                "nav": "next"})
        # …page 2 half answered by the autosave before the connection drops.
        half = right_answers(attempt, indices=[5, 6])
        reply = client.post(attempt_url(attempt, "/autosave"),
                            data={**half, "sequence": "1", "counter": "1"})
        assert reply.get_json()["status"] == "saved"
        # Back online: the page shows what was saved.
        page = client.get(attempt_url(attempt) + "?page=1").get_data(as_text=True)
        assert page.count("checked") == 2
        first = client.get(attempt_url(attempt)).get_data(as_text=True)
        assert first.count("checked") == 5
        client.post(attempt_url(attempt, "/finish"), data={"sequence": "1"})
        db.session.refresh(attempt)
        assert attempt.is_finished
        assert attempt.score == 7
        assert attempt.percent == 70
        assert attempt.passed is True
        review = client.get(attempt_url(attempt, "/review")).get_data(as_text=True)
        assert "7 of 10 (70%)" in review
        assert "Passed" in review
        assert "The right answer is" not in review  # choices are marked on the options
        assert review.count("✔") >= 10
    assert drawn[0].isdisjoint(drawn[1])
    page = client.get(f"/quizzes/{quiz_id}").get_data(as_text=True)
    assert "You have used all your attempts at this quiz." in page


def test_snapshot_survives_bank_edits_and_order_is_stable(app, client, setup):
    _trainer, learner, course, bank = setup
    quiz = make_quiz(course, bank, shuffle_questions=True, shuffle_answers=True)
    attempt = start(quiz, learner)
    login(client, learner)
    before = questions_html(client.get(attempt_url(attempt)).get_data(as_text=True))
    again = questions_html(client.get(attempt_url(attempt)).get_data(as_text=True))
    assert again == before  # a reload shows the same order
    single = db.session.scalar(select(Question).where(Question.type == "single"))
    single.text = "EDITED TEXT"
    single.data = {**single.data, "choices": [
        {**c, "credit": 100 - c["credit"] if c["credit"] in (0, 100) else c["credit"]}
        for c in single.data["choices"]]}
    db.session.commit()
    after = client.get(attempt_url(attempt)).get_data(as_text=True)
    assert "EDITED TEXT" not in after
    assert "Who is an international migrant?" in after
    index = next(i for i, e in enumerate(attempt.snapshot) if e["type"] == "single")
    client.post(attempt_url(attempt), data={**right_answers(attempt, [index]),
                                            "sequence": "0"})
    attempts.finish(attempt)
    assert attempt.results[str(index)]["fraction"] == 1.0  # graded with the old key
    seeds = {attempt.seed, start(quiz, learner).seed}
    assert len(seeds) == 2


def test_limits_dates_and_previews(app, setup):
    trainer, learner, course, bank = setup
    quiz = make_quiz(course, bank, attempts_allowed=1)
    first = start(quiz, learner)
    assert start(quiz, learner).id == first.id  # continues the attempt in progress
    attempts.finish(first)
    with pytest.raises(attempts.QuizUnavailable, match="used all your attempts"):
        start(quiz, learner)
    assert start(quiz, trainer, preview=True).is_preview
    quiz.opens_at = utcnow() + timedelta(days=1)
    other = services.create_quiz(course.modules[0], "Later", opens_at=utcnow() + timedelta(days=1))
    services.add_questions(other, db.session.scalars(select(Question)).all())
    with pytest.raises(attempts.QuizUnavailable, match="not open yet"):
        start(other, learner)
    other.opens_at, other.closes_at = None, utcnow() - timedelta(minutes=1)
    with pytest.raises(attempts.QuizUnavailable, match="closed"):
        start(other, learner)
    empty = services.create_quiz(course.modules[0], "Empty")
    with pytest.raises(attempts.QuizUnavailable, match="no questions"):
        start(empty, learner)


def test_unpublished_course_quiz_is_only_for_its_authors(app, client, make_user):
    trainer, learner = make_user("trainer"), make_user("learner")
    course = make_course(trainer, published=False)
    quiz = make_quiz(course, make_bank(course))
    login(client, learner)
    assert client.get(f"/quizzes/{quiz.id}").status_code == 404
    assert client.post(f"/quizzes/{quiz.id}/start").status_code == 404


# --- saving: sequence numbers, autosave, replays ----------------------------------------------

def test_stale_and_replayed_page_posts_are_refused(app, client, setup):
    trainer, learner, course, bank = setup
    quiz = make_quiz(course, bank)
    attempt = start(quiz, learner)
    login(client, learner)
    tf = next(i for i, e in enumerate(attempt.snapshot) if e["type"] == "truefalse")
    post = {f"s{tf}": "true", "slots": str(tf), "sequence": "0", "nav": "save"}
    assert client.post(attempt_url(attempt), data=post).status_code == 302
    replay = client.post(attempt_url(attempt), data={**post, f"s{tf}": "false"})
    assert replay.status_code == 302
    page = client.get(replay.headers["Location"]).get_data(as_text=True)
    assert "This page was out of date" in page
    db.session.refresh(attempt)
    assert attempt.responses == {str(tf): True}
    assert attempt.sequence == 1
    # An autosave from the old page is refused too.
    reply = client.post(attempt_url(attempt, "/autosave"),
                        data={f"s{tf}": "false", "slots": str(tf), "sequence": "0",
                              "counter": "5"})
    assert reply.status_code == 409
    assert reply.get_json()["status"] == "stale"
    # Autosaves must come in order: a delayed older one does not overwrite a newer one.
    ok = client.post(attempt_url(attempt, "/autosave"),
                     data={f"s{tf}": "false", "slots": str(tf), "sequence": "1", "counter": "2"})
    assert ok.status_code == 200
    late = client.post(attempt_url(attempt, "/autosave"),
                       data={f"s{tf}": "true", "slots": str(tf), "sequence": "1", "counter": "1"})
    assert late.status_code == 409
    db.session.refresh(attempt)
    assert attempt.responses == {str(tf): False}
    # Someone else's attempt: 403.
    client.post("/logout")
    login(client, trainer)
    assert client.post(attempt_url(attempt, "/autosave"), data=post).status_code == 403
    assert client.post(attempt_url(attempt), data=post).status_code == 403


def test_mass_assignment_is_ignored(app, client, setup):
    _trainer, learner, course, bank = setup
    quiz = make_quiz(course, bank)
    attempt = start(quiz, learner)
    login(client, learner)
    tf = next(i for i, e in enumerate(attempt.snapshot) if e["type"] == "truefalse")
    evil = {"score": "100", "percent": "100", "correct": "1", "passed": "1",
            "state": "finished", "fraction": "1", "max_score": "1", "user_id": "1",
            "results": json.dumps({str(tf): {"fraction": 1}}), "needs_grading": "0",
            f"s{tf}": "false", "s99": "0", "slots": f"{tf},99,-1,x"}
    client.post(attempt_url(attempt, "/autosave"), data={**evil, "sequence": "0",
                                                         "counter": "1"})
    client.post(attempt_url(attempt), data={**evil, "sequence": "0", "nav": "save"})
    client.post(attempt_url(attempt, "/finish"), data={**evil, "sequence": "1"})
    db.session.refresh(attempt)
    assert attempt.responses == {str(tf): False}
    assert attempt.score == 0
    assert attempt.percent == 0
    assert attempt.passed is False
    assert attempt.user_id == learner.id


# --- deadlines --------------------------------------------------------------------------------

def test_server_deadline_with_grace(app, setup):
    _trainer, learner, course, bank = setup
    quiz = make_quiz(course, bank, time_limit=10)
    t0 = utcnow()
    attempt = start(quiz, learner, now=t0)
    assert attempt.deadline == t0 + timedelta(minutes=10)
    tf = next(i for i, e in enumerate(attempt.snapshot) if e["type"] == "truefalse")
    single = next(i for i, e in enumerate(attempt.snapshot) if e["type"] == "single")
    attempts.save_page(attempt, form(right_answers(attempt, [tf])), sequence=0, indices=[tf],
                       now=t0 + timedelta(minutes=5))
    # Within the grace period a page submit is accepted, then the attempt is closed.
    closed = attempts.save_page(attempt, form(right_answers(attempt, [single])), sequence=1,
                                indices=[single], now=t0 + timedelta(minutes=10, seconds=30))
    assert closed
    assert attempt.is_finished
    assert attempt.finished_by == "timeout"
    assert attempt.finished_at == attempt.deadline
    assert attempt.score == 2

    late = start(quiz, learner, now=t0)
    attempts.save_page(late, form(right_answers(late, [tf])), sequence=0, indices=[tf], now=t0)
    with pytest.raises(attempts.AttemptClosed, match="after the time limit and its grace "
                                                     "period of 30 seconds"):
        attempts.autosave(late, form(right_answers(late)), sequence=1, counter=1,
                          indices=list(range(7)), now=t0 + timedelta(minutes=13))
    assert late.is_finished
    assert late.responses == {str(tf): True}
    assert late.score == 1


def test_expired_attempt_shows_time_up_on_read_and_closes_on_the_next_post(
        app, client, runner, setup, make_user):
    """GET requests write nothing: an attempt past its deadline is shown as over, and the
    next state-changing request (or the periodic job) closes it."""
    _trainer, learner, course, bank = setup
    quiz = make_quiz(course, bank, time_limit=5)
    attempt = start(quiz, learner)
    tf = next(i for i, e in enumerate(attempt.snapshot) if e["type"] == "truefalse")
    attempts.save_page(attempt, form(right_answers(attempt, [tf])), sequence=0, indices=[tf])
    db.session.execute(update(Attempt).values(deadline=utcnow() - timedelta(minutes=3)))
    db.session.commit()
    login(client, learner)
    for suffix in ("", "/summary", "/review"):
        response = client.get(attempt_url(attempt, suffix))
        assert response.status_code == 302
        assert response.headers["Location"].endswith(f"/quizzes/{quiz.id}")
    page = client.get(f"/quizzes/{quiz.id}").get_data(as_text=True)
    assert "Time is up." in page
    assert "See your result" in page
    assert "Continue your attempt" not in page
    db.session.expire_all()
    assert db.session.get(Attempt, attempt.id).state == "in_progress"  # reading wrote nothing

    # An answer sent now is refused, and that request closes the attempt with what it
    # saved before the deadline.
    single = next(i for i, e in enumerate(attempt.snapshot) if e["type"] == "single")
    refused = client.post(attempt_url(attempt), data={
        **right_answers(attempt, [single]), "sequence": "1", "slots": str(single)})
    assert refused.headers["Location"].endswith(attempt_url(attempt, "/review"))
    db.session.expire_all()
    attempt = db.session.get(Attempt, attempt.id)
    assert attempt.is_finished
    assert attempt.finished_by == "timeout"
    assert attempt.score == 1
    review = client.get(attempt_url(attempt, "/review")).get_data(as_text=True)
    assert "closed when the time ran out" in review


def test_see_your_result_closes_an_expired_attempt(app, client, setup):
    _trainer, learner, course, bank = setup
    quiz = make_quiz(course, bank, time_limit=5)
    attempt = start(quiz, learner)
    db.session.execute(update(Attempt).values(deadline=utcnow() - timedelta(minutes=3)))
    db.session.commit()
    login(client, learner)
    response = client.post(attempt_url(attempt, "/finish"), data={"sequence": "0"})
    assert response.headers["Location"].endswith(attempt_url(attempt, "/review"))
    db.session.expire_all()
    assert db.session.get(Attempt, attempt.id).finished_by == "timeout"
    page = client.get(f"/quizzes/{quiz.id}").get_data(as_text=True)
    assert "Time is up." not in page


def test_close_expired_attempts_from_the_command_line(app, runner, setup, make_user):
    _trainer, _learner, course, bank = setup
    quiz = make_quiz(course, bank, time_limit=5)
    other = make_user("learner")
    gone = start(quiz, other)  # never comes back
    db.session.execute(update(Attempt).where(Attempt.id == gone.id)
                       .values(deadline=utcnow() - timedelta(hours=1)))
    db.session.commit()
    result = runner.invoke(args=["quizzes", "close-expired"])
    assert result.exit_code == 0
    assert "Closed 1 expired attempt(s)." in result.output
    db.session.refresh(gone)
    assert gone.is_finished
    assert gone.score == 0


# --- finishing once -------------------------------------------------------------------------

def test_double_finish_gives_one_grade(app, client, setup):
    _trainer, learner, course, bank = setup
    quiz = make_quiz(course, bank)
    attempt = start(quiz, learner)
    login(client, learner)
    client.post(attempt_url(attempt), data={**right_answers(attempt), "sequence": "0"})
    first = client.post(attempt_url(attempt, "/finish"), data={"sequence": "1"})
    second = client.post(attempt_url(attempt, "/finish"), data={"sequence": "1"})
    assert first.status_code == second.status_code == 302
    page = client.get(second.headers["Location"]).get_data(as_text=True)
    assert "This attempt had already been submitted." in page
    db.session.refresh(attempt)
    finished_at = attempt.finished_at
    assert attempts.finish(attempt) is False
    assert attempt.finished_at == finished_at


def test_concurrent_finishes_produce_exactly_one_grade(app, setup):
    """Two threads with their own connections finish the same attempt at the same time."""
    _trainer, learner, course, bank = setup
    quiz = make_quiz(course, bank)
    attempt = start(quiz, learner)
    answer_every_slot(attempt)
    db.session.commit()
    attempt_id = attempt.id
    db.session.commit()  # no transaction of ours stays open while the threads run
    barrier = threading.Barrier(2)
    outcomes, errors = [], []

    loaded = threading.Barrier(2)
    racing = db.engine.dialect.name == "postgresql"

    def finish_it():
        try:
            with app.app_context():
                barrier.wait(timeout=10)
                # Like two requests: load the attempt, then finish it. On PostgreSQL both
                # load it in progress before either writes; SQLite serialises write
                # transactions (BEGIN IMMEDIATE), so the second one sees it finished.
                mine = db.session.get(Attempt, attempt_id)
                _ = mine.quiz.pass_mark, mine.snapshot, mine.responses
                if racing:
                    loaded.wait(timeout=10)
                outcomes.append(attempts.finish(mine))
                db.session.commit()
                db.session.remove()
        except Exception as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=finish_it) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    assert sorted(outcomes) == [False, True]
    db.session.rollback()
    finished = db.session.get(Attempt, attempt_id)
    assert finished.is_finished
    assert finished.needs_grading
    assert finished.score == 6
    assert finished.max_score == 7


# --- no answer key before it may be seen ------------------------------------------------------

LEAK_GIFT = """\
::Leak single::Pick one {=KEY-SINGLE-RIGHT #FB-1 ~Other answer #FB-2 ####GEN-1}

::Leak multiple::Pick some {~%100%KEY-MULTI-RIGHT #FB-3 ~%-50%Bad answer #FB-4}

::Leak tf::A statement {TRUE #FB-5 #FB-6 ####GEN-2}

::Leak short::Type it {=KEY-SHORT-ANSWER #FB-7 =%50%KEY-SHORT-PART* #FB-8}

::Leak numerical::A number {#73519.25:0.5 #FB-9 ~#FB-10}

::Leak matching::Match {=Left one -> Right one =Left two -> Right two =Left three -> Right three}

::Leak essay::Write {####GEN-3}
"""
SECRETS = ["FB-", "GEN-", "KEY-SHORT", "73519", "credit", "fraction", "feedback_",
           "correct\"", "grader_info"]


def test_no_answer_key_in_pages_or_autosave(app, client, setup):
    _trainer, learner, course, _bank = setup
    bank = banks.resolve_bank(course.slug + "/leaks", create=True)
    banks.import_gift(bank, LEAK_GIFT)
    quiz = make_quiz(course, bank, feedback="never", shuffle_answers=False)
    attempt = start(quiz, learner)
    ids = [item["id"] for e in attempt.snapshot
           for item in e["data"].get("choices", []) + e["data"].get("pairs", [])
           + e["data"].get("answers", [])]
    login(client, learner)
    pages = [client.get(attempt_url(attempt)).get_data(as_text=True),
             client.get(attempt_url(attempt, "/summary")).get_data(as_text=True)]
    answers = right_answers(attempt)
    reply = client.post(attempt_url(attempt, "/autosave"),
                        data={**answers, "sequence": "0", "counter": "1"})
    pages.append(reply.get_data(as_text=True))
    client.post(attempt_url(attempt), data={**answers, "sequence": "0", "nav": "save"})
    saved = client.get(attempt_url(attempt)).get_data(as_text=True)
    pages.append(saved.replace("KEY-SHORT-ANSWER", "").replace("73519.25", ""))  # own answers
    client.post(attempt_url(attempt, "/finish"), data={"sequence": "1"})
    review = client.get(attempt_url(attempt, "/review")).get_data(as_text=True)
    pages.append(review.replace("KEY-SHORT-ANSWER", "").replace("73519.25", ""))
    pages.append(client.get(f"/quizzes/{quiz.id}").get_data(as_text=True))
    for text in pages:
        for secret in SECRETS + ids:
            assert secret not in text, secret
    # The matching answers are offered by position, never with the stem they belong to.
    assert re.findall(r'<option value="(\d+)">', pages[0]) == ["0", "1", "2"] * 3
    review = pages[4]
    assert "Feedback and the right answers are not shown for this quiz." in review
    assert "✔" not in review
    assert "Right answer" not in review


def test_feedback_rules(app, client, setup):
    trainer, learner, course, bank = setup
    quiz = make_quiz(course, bank, feedback="after_close", attempts_allowed=2)
    login(client, learner)
    attempt = start(quiz, learner)
    attempts.finish(attempt)
    db.session.commit()
    hidden = client.get(attempt_url(attempt, "/review")).get_data(as_text=True)
    assert "FB-" not in hidden
    assert "when you have used all your attempts" in hidden
    second = start(quiz, learner)
    attempts.finish(second)
    db.session.commit()
    shown = client.get(attempt_url(attempt, "/review")).get_data(as_text=True)
    assert "GENERAL-SINGLE" in shown
    quiz.attempts_allowed, quiz.closes_at = 0, utcnow() + timedelta(days=1)
    db.session.commit()
    assert "GENERAL-SINGLE" not in client.get(attempt_url(attempt, "/review")).get_data(
        as_text=True)
    quiz.closes_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert "GENERAL-SINGLE" in client.get(attempt_url(attempt, "/review")).get_data(
        as_text=True)
    # Trainers always see everything.
    client.post("/logout")
    login(client, trainer)
    quiz.feedback = "never"
    db.session.commit()
    assert "FB-SINGLE-RIGHT" in client.get(attempt_url(attempt, "/review")).get_data(
        as_text=True) or "GENERAL-SINGLE" in client.get(
        attempt_url(attempt, "/review")).get_data(as_text=True)


def test_review_shows_feedback_after_submit(app, client, setup):
    _trainer, learner, course, bank = setup
    quiz = make_quiz(course, bank, shuffle_answers=False)
    attempt = start(quiz, learner)
    login(client, learner)
    single = next(i for i, e in enumerate(attempt.snapshot) if e["type"] == "single")
    numerical = next(i for i, e in enumerate(attempt.snapshot) if e["type"] == "numerical")
    essay = next(i for i, e in enumerate(attempt.snapshot) if e["type"] == "essay")
    client.post(attempt_url(attempt), data={f"s{single}": "1", f"s{numerical}": "1999",
                                            f"s{essay}": "Mine", "sequence": "0",
                                            "slots": f"{single},{numerical},{essay}"})
    client.post(attempt_url(attempt, "/finish"), data={"sequence": "1"})
    review = client.get(attempt_url(attempt, "/review")).get_data(as_text=True)
    assert "FB-SINGLE-WRONG" in review
    assert "GENERAL-SINGLE" in review
    assert "FB-NUM-OTHER" in review
    assert "The right answer is: 2004" in review
    assert "Awaiting grading" in review  # the essay
    assert "essays await grading" in review


# --- grading ----------------------------------------------------------------------------------

def test_grading_runs_a_constant_number_of_queries(app, make_user):
    trainer, learner = make_user("trainer"), make_user("learner")
    counts = []
    for size in (3, 40):
        course = make_course(trainer, slug=f"c{size}")
        bank = make_bank(course, numbered_gift(size) + "\n" + ALL_TYPES_GIFT)
        quiz = make_quiz(course, bank)
        attempt = start(quiz, learner)
        answer_every_slot(attempt)
        db.session.commit()
        attempt = db.session.get(Attempt, attempt.id)
        db.session.expire_all()
        attempt = db.session.get(Attempt, attempt.id)
        assert attempt.user is learner  # in a request the learner is loaded already
        with count_queries() as statements:
            assert attempts.finish(attempt)
        counts.append(len(statements))
        assert attempt.score == size + 6
    # Grading: 3 statements; telling other domains (attempt_finished: the learner, and the
    # workshops receiver looking for their active workshops) adds a fixed 2.
    assert counts[0] == counts[1] <= 5, counts


def test_essay_grading_queue(app, client, setup, make_user):
    trainer, learner, course, bank = setup
    quiz = make_quiz(course, bank, pass_mark=50)
    attempt = start(quiz, learner)
    attempts.save_page(attempt, form(right_answers(attempt)), sequence=0,
                       indices=list(range(7)))
    attempts.finish(attempt)
    db.session.commit()
    assert attempt.needs_grading
    assert attempt.passed is None
    other = make_user("trainer")
    login(client, other)
    assert "Nothing to grade." in client.get("/quizzes/grading").get_data(as_text=True)
    assert client.get(attempt_url(attempt, "/grade")).status_code == 403
    client.post("/logout")
    login(client, trainer)
    queue = client.get("/quizzes/grading").get_data(as_text=True)
    assert "1 attempt awaits grading." in queue
    assert learner.name in queue
    essay = next(i for i, e in enumerate(attempt.snapshot) if e["type"] == "essay")
    page = client.get(attempt_url(attempt, "/grade")).get_data(as_text=True)
    assert "An essay answer." in page
    bad = client.post(attempt_url(attempt, "/grade"), data={f"points_{essay}": "5"})
    assert "Number must be between 0 and 1." in bad.get_data(as_text=True)
    response = client.post(attempt_url(attempt, "/grade"),
                           data={f"points_{essay}": "0.5", f"comment_{essay}": "Good start"})
    assert response.status_code == 302
    db.session.refresh(attempt)
    assert not attempt.needs_grading
    assert attempt.score == 6.5
    assert attempt.passed is True
    assert "Nothing to grade." in client.get("/quizzes/grading").get_data(as_text=True)
    client.post("/logout")
    login(client, learner)
    review = client.get(attempt_url(attempt, "/review")).get_data(as_text=True)
    assert "Good start" in review
    assert "6.5 of 7" in review


def test_regrade_after_fixing_a_key_is_logged(app, client, setup):
    trainer, learner, course, bank = setup
    quiz = make_quiz(course, bank, shuffle_answers=False)
    attempt = start(quiz, learner)
    single = next(i for i, e in enumerate(attempt.snapshot) if e["type"] == "single")
    attempts.save_page(attempt, form({f"s{single}": "1", "slots": str(single)}), sequence=0,
                       indices=[single])  # "A tourist", wrong
    attempts.finish(attempt)
    db.session.commit()
    assert attempt.score == 0
    question = db.session.get(Question, attempt.snapshot[single]["question_id"])
    login(client, trainer)
    page = client.get(f"/quizzes/questions/{question.id}").get_data(as_text=True)
    assert "Regrade 1 attempt<" in page  # one attempt: the singular (ngettext)
    choices = question.data["choices"]
    edit = {"name": question.name, "text": question.text, "text_format": "moodle",
            "category": question.category.name, "tags": ""}
    for i, choice in enumerate(choices):
        edit.update({f"choices-{i}-key": choice["id"], f"choices-{i}-text": choice["text"],
                     f"choices-{i}-credit": "100" if i == 1 else "0",
                     f"choices-{i}-feedback": choice["feedback"]})
    response = client.post(f"/quizzes/questions/{question.id}/edit", data=edit)
    assert "1 attempt drew this question: regrade it" in client.get(response.headers["Location"]
                                                         ).get_data(as_text=True)
    db.session.refresh(attempt)
    assert attempt.score == 0  # edits alone change nothing
    response = client.post(f"/quizzes/questions/{question.id}/regrade")
    assert "1 attempt regraded; 1 grade changed." in client.get(
        response.headers["Location"]).get_data(as_text=True)
    db.session.refresh(attempt)
    assert attempt.score == 1
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "quiz.regrade"))
    assert entry.actor_id == trainer.id
    assert f"attempt {attempt.id}: 0.0% →" in entry.details


# --- grades for other domains -----------------------------------------------------------------

@pytest.mark.parametrize(("method", "expected"), [("highest", 100.0), ("last", 0.0),
                                                   ("first", 50.0), ("average", 50.0)])
def test_grading_methods_and_services(app, setup, make_user, method, expected):
    trainer, learner, course, _bank = setup
    bank = banks.resolve_bank(course.slug + "/pair", create=True)
    banks.import_gift(bank, "::a::A {T}\n\n::b::B {T}\n")
    quiz = make_quiz(course, bank, grading_method=method, pass_mark=50)
    for responses in ({"s0": "true"}, {"s0": "true", "s1": "true"}, {}):
        attempt = start(quiz, learner)
        attempts.save_page(attempt, form({**responses, "slots": "0,1"}), sequence=0,
                           indices=[0, 1])
        attempts.finish(attempt)
    start(quiz, trainer, preview=True)
    db.session.commit()
    others = [make_user("learner").id for _ in range(5)]
    ids, quiz_id, _mark = [learner.id, *others], quiz.id, quiz.pass_mark
    with count_queries() as statements:
        scores = services.best_scores(ids, [quiz_id])
        passed = services.passed_quiz_ids(learner, [quiz])
    assert len([s for s in statements if s.startswith("SELECT")]) == 2
    assert scores == {(learner.id, quiz.id): expected}
    assert passed == ({quiz.id} if expected >= 50 else set())
    assert services.passed_user_ids(quiz, ids) == ({learner.id} if expected >= 50 else set())


def test_attempt_questions_rows(app, setup):
    _trainer, learner, course, bank = setup
    quiz = make_quiz(course, bank)
    attempt = start(quiz, learner)
    rows = db.session.scalars(select(AttemptQuestion).where(
        AttemptQuestion.attempt_id == attempt.id).order_by(AttemptQuestion.slot)).all()
    assert [r.question_id for r in rows] == [e["question_id"] for e in attempt.snapshot]


def test_question_texts_are_sanitised(app, client, setup):
    _trainer, learner, course, _bank = setup
    bank = banks.resolve_bank(course.slug + "/xss", create=True)
    banks.import_gift(bank, (
        "::a::[html]<p onclick=\"x()\">Hi</p><script>alert(1)</script> {=<img src\\=x "
        "onerror\\=alert(2)>yes ~no}\n\n"
        "::b::[markdown]**Bold** <script>alert(3)</script> [x](javascript:alert(4)) {T}\n\n"
        "::c::Plain <b>bold</b> <iframe src=\"//evil\"></iframe> {T}\n"))
    quiz = make_quiz(course, bank)
    attempt = start(quiz, learner)
    login(client, learner)
    page = client.get(attempt_url(attempt)).get_data(as_text=True)
    body = page[page.index("<main"):page.index("</main>")]
    for bad in ("<script", "onclick", "onerror", 'href="javascript', "<iframe", "<img"):
        assert bad not in body, bad
    assert "<strong>Bold</strong>" in body
    assert "<b>bold</b>" in body
    assert "&lt;script&gt;" in body  # Markdown shows raw HTML as text


def test_starting_a_quiz_lists_the_course_in_my_learning(app, client, setup):
    _trainer, learner, course, bank = setup
    quiz = make_quiz(course, bank)
    login(client, learner)
    client.post(f"/quizzes/{quiz.id}/start")
    from app.courses.models import CourseActivity

    assert db.session.scalar(select(CourseActivity.course_id).where(
        CourseActivity.user_id == learner.id)) == course.id


def test_navigation_leads_trainers_to_banks_and_essays_with_a_count(app, client, setup,
                                                                      make_user):
    trainer, learner, course, bank = setup
    quiz = make_quiz(course, bank, pass_mark=50)
    login(client, trainer)
    home = client.get("/").get_data(as_text=True)
    assert 'href="/quizzes/banks">Question banks</a>' in home
    assert 'href="/quizzes/grading">Essays to grade</a>' in home  # nothing waiting: no number
    client.post("/logout")
    for _ in range(2):
        attempt = start(quiz, learner)
        attempts.save_page(attempt, form(right_answers(attempt)), sequence=0,
                           indices=list(range(7)))
        attempts.finish(attempt)
        db.session.commit()
    login(client, trainer)
    home = client.get("/").get_data(as_text=True)
    assert ('Essays to grade <span class="nav-count" aria-hidden="true">2</span>'
            '<span class="visually-hidden">(2 waiting)</span>') in home
    client.post("/logout")
    login(client, make_user("trainer"))  # another course's trainer: none of these are theirs
    other = client.get("/").get_data(as_text=True)
    assert 'href="/quizzes/grading">Essays to grade</a>' in other
    assert "nav-count" not in other
    client.post("/logout")
    login(client, learner)
    page = client.get("/").get_data(as_text=True)
    assert "My learning" in page
    assert "Question banks" not in page
    assert "Essays to grade" not in page
