"""The grace period after a timed attempt's deadline (issue 20, finding 8): a quiz setting
(default 30 s, 0-300) shown to the learner, enforced on autosave and page submits, the
arrival time of each answer on its answer row, and the trainer's review marking the
answers that came in during the grace."""

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from app.extensions import db
from app.quizzes import attempts, services
from app.quizzes.models import Attempt, AttemptQuestion, Quiz
from app.timeutil import utcnow
from tests.conftest import login
from tests.quizzes.factories import form, make_bank, make_course, make_quiz, right_answers

LATE_MARK = "after the time limit, within the grace period."


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


def slot_of(attempt, qtype: str) -> int:
    return next(i for i, e in enumerate(attempt.snapshot) if e["type"] == qtype)


def arrivals(attempt) -> dict[int, object]:
    return dict(db.session.execute(
        select(AttemptQuestion.slot, AttemptQuestion.answered_at)
        .where(AttemptQuestion.attempt_id == attempt.id)).all())


def move_deadline(attempt, seconds_ago: int) -> None:
    """Make the attempt's deadline lie `seconds_ago` seconds in the past (for the views,
    which use the server's clock)."""
    db.session.execute(update(Attempt).where(Attempt.id == attempt.id).values(
        deadline=utcnow() - timedelta(seconds=seconds_ago)))
    db.session.commit()
    db.session.expire_all()


# --- the setting ----------------------------------------------------------------------------

def test_default_grace_is_30_seconds_and_the_form_shows_it(app, client, setup):
    trainer, _learner, course, bank = setup
    quiz = make_quiz(course, bank, time_limit=10)
    assert quiz.grace_seconds == 30
    login(client, trainer)
    page = client.get(f"/quizzes/{quiz.id}/edit").get_data(as_text=True)
    assert 'name="grace_seconds"' in page
    assert 'value="30"' in page[page.index('name="grace_seconds"') - 200:
                                page.index('name="grace_seconds"') + 200]
    assert "Grace period (seconds)" in page
    assert "seconds after the time limit (or the closing time) are still accepted" in page
    # a new quiz from the form starts with the default
    page = client.get(f"/quizzes/new?module={course.modules[0].id}").get_data(as_text=True)
    assert 'id="grace_seconds"' in page


def test_trainer_sets_the_grace_in_the_settings_form(app, client, setup):
    trainer, _learner, course, bank = setup
    quiz = make_quiz(course, bank, time_limit=10)
    login(client, trainer)
    data = {"title": "Timed", "pass_mark": "70", "attempts_allowed": "0",
            "time_limit": "10", "grace_seconds": "0", "per_page": "0",
            "grading_method": "highest", "feedback": "after_submit"}
    assert client.post(f"/quizzes/{quiz.id}/edit", data=data).status_code == 302
    db.session.refresh(quiz)
    assert quiz.grace_seconds == 0
    assert client.post(f"/quizzes/{quiz.id}/edit",
                       data={**data, "grace_seconds": "300"}).status_code == 302
    db.session.refresh(quiz)
    assert quiz.grace_seconds == 300


@pytest.mark.parametrize("value", ["301", "-1", "abc", "", "2.5"])
def test_out_of_range_grace_is_refused_with_an_error(app, client, setup, value):
    trainer, _learner, course, bank = setup
    quiz = make_quiz(course, bank, time_limit=10, grace_seconds=45)
    login(client, trainer)
    response = client.post(f"/quizzes/{quiz.id}/edit", data={
        "title": "Timed", "pass_mark": "70", "attempts_allowed": "0", "time_limit": "10",
        "grace_seconds": value, "per_page": "0", "grading_method": "highest",
        "feedback": "after_submit"})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Grace period (seconds)" in page
    assert ("Number must be between 0 and 300." in page
            or "Not a valid integer value." in page
            or "This field is required." in page), page
    db.session.refresh(quiz)
    assert quiz.grace_seconds == 45


# --- shown to the learner -----------------------------------------------------------------

def test_learner_is_told_the_grace_before_starting_and_beside_the_countdown(
        app, client, setup):
    _trainer, learner, course, bank = setup
    quiz = make_quiz(course, bank, time_limit=10)
    login(client, learner)
    notice = "Answers sent up to 30 seconds after the time limit are still accepted."
    assert notice in client.get(f"/quizzes/{quiz.id}").get_data(as_text=True)
    response = client.post(f"/quizzes/{quiz.id}/start")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'id="quiz-timer"' in page
    assert notice in page
    assert page.index('id="quiz-timer"') < page.index(notice) < page.index('id="quiz-attempt"')


def test_no_grace_and_untimed_quizzes(app, client, setup):
    _trainer, learner, course, bank = setup
    none = make_quiz(course, bank, time_limit=10, grace_seconds=0, title="No grace")
    untimed = make_quiz(course, bank, title="Untimed")
    one = make_quiz(course, bank, time_limit=5, grace_seconds=1, title="One second")
    login(client, learner)
    page = client.get(f"/quizzes/{none.id}").get_data(as_text=True)
    assert "Answers sent after the time limit are not accepted." in page
    page = client.get(f"/quizzes/{one.id}").get_data(as_text=True)
    assert "Answers sent up to 1 second after the time limit are still accepted." in page
    page = client.get(f"/quizzes/{untimed.id}").get_data(as_text=True)
    assert 'id="grace-notice"' not in page
    assert "after the time limit" not in page


# --- enforced by the server ---------------------------------------------------------------

@pytest.mark.parametrize(("grace", "accepted"), [(30, True), (10, False)])
def test_autosave_at_deadline_plus_20_seconds(app, setup, grace, accepted):
    _trainer, learner, course, bank = setup
    quiz = make_quiz(course, bank, time_limit=10, grace_seconds=grace)
    t0 = utcnow() - timedelta(minutes=11)
    attempt = start(quiz, learner, now=t0)
    tf, single = slot_of(attempt, "truefalse"), slot_of(attempt, "single")
    attempts.autosave(attempt, form(right_answers(attempt, [tf])), sequence=0, counter=1,
                      indices=[tf], now=t0 + timedelta(minutes=5))
    late = attempt.deadline + timedelta(seconds=20)
    if accepted:
        attempts.autosave(attempt, form(right_answers(attempt, [single])), sequence=0,
                          counter=2, indices=[single], now=late)
        assert not attempt.is_finished
        assert set(attempt.responses) == {str(tf), str(single)}
    else:
        with pytest.raises(attempts.AttemptClosed,
                           match="grace period of 10 seconds, so they were not accepted"):
            attempts.autosave(attempt, form(right_answers(attempt, [single])), sequence=0,
                              counter=2, indices=[single], now=late)
        # closed and graded as before, with the answers saved in time
        assert attempt.is_finished
        assert attempt.finished_by == "timeout"
        assert attempt.finished_at == attempt.deadline
        assert attempt.responses == {str(tf): True}
        assert attempt.score == 1
        assert arrivals(attempt)[single] is None


@pytest.mark.parametrize(("grace", "accepted"), [(30, True), (10, False)])
def test_page_submit_at_deadline_plus_20_seconds(app, setup, grace, accepted):
    _trainer, learner, course, bank = setup
    quiz = make_quiz(course, bank, time_limit=10, grace_seconds=grace)
    t0 = utcnow() - timedelta(minutes=11)
    attempt = start(quiz, learner, now=t0)
    single = slot_of(attempt, "single")
    late = attempt.deadline + timedelta(seconds=20)
    if accepted:
        assert attempts.save_page(attempt, form(right_answers(attempt, [single])),
                                  sequence=0, indices=[single], now=late)
        assert attempt.is_finished
        assert attempt.score == 1
    else:
        with pytest.raises(attempts.AttemptClosed, match="not accepted"):
            attempts.save_page(attempt, form(right_answers(attempt, [single])), sequence=0,
                               indices=[single], now=late)
        assert attempt.is_finished
        assert attempt.score == 0
        assert attempt.responses == {}


@pytest.mark.parametrize(("grace", "accepted"), [(30, True), (10, False)])
def test_views_accept_or_refuse_at_deadline_plus_20_seconds(app, client, setup, grace,
                                                             accepted):
    _trainer, learner, course, bank = setup
    quiz = make_quiz(course, bank, time_limit=10, grace_seconds=grace)
    attempt = start(quiz, learner)
    tf = slot_of(attempt, "truefalse")
    move_deadline(attempt, 20)
    login(client, learner)
    response = client.post(f"/quizzes/attempts/{attempt.id}/autosave",
                           data={**right_answers(attempt, [tf]), "sequence": "0",
                                 "counter": "1"})
    assert response.status_code == 200
    db.session.expire_all()
    attempt = db.session.get(Attempt, attempt.id)
    if accepted:
        assert response.json["status"] == "saved"
        assert attempt.responses == {str(tf): True}
        assert not attempt.is_finished
        response = client.post(f"/quizzes/attempts/{attempt.id}",
                               data={**right_answers(attempt, [tf]), "sequence": "0",
                                     "nav": "save"}, follow_redirects=True)
        assert "Your attempt has been submitted." in response.get_data(as_text=True)
    else:
        assert response.json["status"] == "closed"
        assert ("These answers arrived after the time limit and its grace period of 10 "
                "seconds, so they were not accepted.") in response.json["message"]
        assert attempt.responses == {}
        assert attempt.is_finished
        response = client.post(f"/quizzes/attempts/{attempt.id}",
                               data={**right_answers(attempt, [tf]), "sequence": "0",
                                     "nav": "save"}, follow_redirects=True)
        assert response.status_code == 200
        assert "answers can no longer be changed" in response.get_data(as_text=True)


def test_page_submit_after_the_grace_shows_the_refusal(app, client, setup):
    _trainer, learner, course, bank = setup
    quiz = make_quiz(course, bank, time_limit=10, grace_seconds=10)
    attempt = start(quiz, learner)
    tf = slot_of(attempt, "truefalse")
    move_deadline(attempt, 20)
    login(client, learner)
    response = client.post(f"/quizzes/attempts/{attempt.id}",
                           data={**right_answers(attempt, [tf]), "sequence": "0",
                                 "nav": "finish"}, follow_redirects=True)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "grace period of 10 seconds, so they were not accepted" in page
    assert "closed when the time ran out" in page
    db.session.expire_all()
    assert db.session.get(Attempt, attempt.id).responses == {}


def test_closing_expired_attempts_follows_each_quizs_grace(app, setup, make_user):
    _trainer, learner, course, bank = setup
    short = make_quiz(course, bank, time_limit=10, grace_seconds=10, title="Short")
    long = make_quiz(course, bank, time_limit=10, grace_seconds=30, title="Long")
    t0 = utcnow() - timedelta(minutes=10, seconds=20)  # deadlines 20 s ago
    a = start(short, learner, now=t0)
    b = start(long, learner, now=t0)
    assert not attempts.is_over(b)
    assert attempts.is_over(a)
    assert attempts.close_expired_attempts() == 1
    db.session.commit()
    assert db.session.get(Attempt, a.id).is_finished
    assert not db.session.get(Attempt, b.id).is_finished
    assert attempts.close_expired_attempts(utcnow() + timedelta(seconds=11)) == 1
    assert db.session.get(Attempt, b.id).is_finished


# --- arrival times --------------------------------------------------------------------------

def test_each_answer_row_records_when_its_answer_arrived(app, setup):
    _trainer, learner, course, bank = setup
    quiz = make_quiz(course, bank, time_limit=10)
    t0 = utcnow() - timedelta(minutes=9)
    attempt = start(quiz, learner, now=t0)
    tf, single = slot_of(attempt, "truefalse"), slot_of(attempt, "single")
    multi = slot_of(attempt, "multiple")
    t1, t2, t3, t4 = (t0 + timedelta(minutes=m) for m in (1, 2, 3, 4))
    attempts.autosave(attempt, form(right_answers(attempt, [tf])), sequence=0, counter=1,
                      indices=[tf], now=t1)
    attempts.save_page(attempt, form(right_answers(attempt, [tf, single])), sequence=0,
                       indices=[tf, single], now=t2)
    seen = arrivals(attempt)
    assert seen[tf] == t1  # sent again unchanged: it arrived at t1
    assert seen[single] == t2
    assert seen[multi] is None
    assert sum(v is not None for v in seen.values()) == 2
    # a changed answer arrives again; a cleared one records when it was cleared
    attempts.autosave(attempt, form({f"s{tf}": "false", "slots": f"{tf},{single}"}),
                      sequence=1, counter=1, indices=[tf, single], now=t3)
    seen = arrivals(attempt)
    assert seen[tf] == t3
    assert seen[single] == t3
    assert str(single) not in attempt.responses
    attempts.save_page(attempt, form(right_answers(attempt, [multi])), sequence=1,
                       indices=[multi], now=t4)
    assert arrivals(attempt)[multi] == t4
    assert arrivals(attempt)[tf] == t3


# --- the trainer's review -------------------------------------------------------------------

def _late_attempt(quiz, learner):
    """An attempt with one answer before the deadline and one 12 s after it."""
    t0 = utcnow() - timedelta(minutes=11)
    attempt = start(quiz, learner, now=t0)
    tf, single = slot_of(attempt, "truefalse"), slot_of(attempt, "single")
    attempts.save_page(attempt, form(right_answers(attempt, [tf])), sequence=0, indices=[tf],
                       now=t0 + timedelta(minutes=3))
    attempts.save_page(attempt, form(right_answers(attempt, [single])), sequence=1,
                       indices=[single], now=attempt.deadline + timedelta(seconds=12))
    db.session.commit()
    assert attempt.is_finished
    return attempt, tf, single


def test_review_marks_only_the_answers_that_arrived_in_the_grace(app, client, setup,
                                                                 make_user):
    trainer, learner, course, bank = setup
    quiz = make_quiz(course, bank, time_limit=10)
    attempt, tf, single = _late_attempt(quiz, learner)
    assert attempts.late_answers(attempt) == {single: 12}
    login(client, trainer)
    page = client.get(f"/quizzes/attempts/{attempt.id}/review").get_data(as_text=True)
    mark = "Arrived 12 seconds after the time limit, within the grace period."
    assert page.count(LATE_MARK) == 1
    assert mark in page
    # the mark sits in the question that came late, not in the one answered in time
    late_q = page[page.index(f'id="q{single + 1}"'):]
    assert late_q.index(mark) < late_q.index("</section>")
    in_time = page[page.index(f'id="q{tf + 1}"'):]
    assert LATE_MARK not in in_time[:in_time.index("</section>")]
    # the attempts list counts them
    results = client.get(f"/quizzes/{quiz.id}/results").get_data(as_text=True)
    assert "1 answer in the grace period" in results


def test_learner_review_and_on_time_attempts_show_no_mark(app, client, setup, make_user):
    trainer, learner, course, bank = setup
    quiz = make_quiz(course, bank, time_limit=10)
    attempt, _tf, _single = _late_attempt(quiz, learner)
    other = make_user("learner")
    on_time = start(quiz, other)
    attempts.save_page(on_time, form(right_answers(on_time)), sequence=0,
                       indices=list(range(len(on_time.snapshot))))
    attempts.finish(on_time)
    db.session.commit()
    login(client, learner)
    page = client.get(f"/quizzes/attempts/{attempt.id}/review").get_data(as_text=True)
    assert "Question 1" in page
    assert LATE_MARK not in page
    client.post("/logout")
    login(client, trainer)
    page = client.get(f"/quizzes/attempts/{on_time.id}/review").get_data(as_text=True)
    assert "Question 1" in page
    assert LATE_MARK not in page
    results = client.get(f"/quizzes/{quiz.id}/results").get_data(as_text=True)
    assert results.count("in the grace period") == 1


def test_essay_grading_view_marks_a_late_essay(app, client, setup):
    trainer, learner, course, bank = setup
    quiz = make_quiz(course, bank, time_limit=10)
    t0 = utcnow() - timedelta(minutes=11)
    attempt = start(quiz, learner, now=t0)
    essay = slot_of(attempt, "essay")
    attempts.save_page(attempt, form(right_answers(attempt, [essay])), sequence=0,
                       indices=[essay], now=attempt.deadline + timedelta(seconds=25))
    db.session.commit()
    assert attempt.needs_grading
    login(client, trainer)
    page = client.get(f"/quizzes/attempts/{attempt.id}/grade").get_data(as_text=True)
    assert "An essay answer." in page
    assert "Arrived 25 seconds after the time limit, within the grace period." in page


def test_late_counts_take_one_query(app, setup, make_user):
    from tests.quizzes.test_attempts import count_queries

    _trainer, _learner, course, bank = setup
    quiz = make_quiz(course, bank, time_limit=10)
    for _ in range(3):
        _late_attempt(quiz, make_user("learner"))
    assert quiz.id  # loaded
    with count_queries() as statements:
        counts = attempts.late_answer_counts(quiz)
    assert len(statements) == 1
    assert sorted(counts.values()) == [1, 1, 1]


def test_quiz_settings_service_takes_the_grace(app, setup):
    _trainer, _learner, course, bank = setup
    quiz = make_quiz(course, bank)
    services.update_settings(quiz, grace_seconds=90)
    db.session.commit()
    assert db.session.scalar(select(Quiz.grace_seconds).where(Quiz.id == quiz.id)) == 90

