"""The quizzes side of app.signals: `attempt_finished` (submitted or closed at the deadline,
once, not for previews) and `attempt_graded` (essays graded, regrade), with the documented
keyword arguments."""

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from app import signals
from app.extensions import db
from app.quizzes import attempts
from app.quizzes.models import Attempt, Question
from app.timeutil import utcnow
from tests.conftest import login
from tests.quizzes.factories import (
    answer_every_slot,
    form,
    make_bank,
    make_course,
    make_quiz,
    right_answers,
)


@pytest.fixture
def setup(app, make_user):
    trainer, learner = make_user("trainer"), make_user("learner")
    course = make_course(trainer)
    return trainer, learner, course, make_bank(course)


@pytest.fixture
def received():
    """Connect a receiver to a signal for the test; returns the calls it got."""
    calls: dict = {}

    def connect(signal):
        calls[signal.name] = []

        def receiver(sender, **kwargs):
            calls[signal.name].append((sender, kwargs))

        signal.connect(receiver, weak=False)
        connected.append((signal, receiver))
        return calls[signal.name]

    connected: list = []
    yield connect
    for signal, receiver in connected:
        signal.disconnect(receiver)


def start(quiz, user, **kw):
    attempt = attempts.start_attempt(quiz, user, **kw)
    db.session.commit()
    return attempt


def test_submitting_sends_attempt_finished_once(app, client, setup, received):
    _trainer, learner, course, bank = setup
    calls = received(signals.attempt_finished)
    quiz = make_quiz(course, bank)
    attempt = start(quiz, learner)
    login(client, learner)
    client.post(f"/quizzes/attempts/{attempt.id}",
                data={**right_answers(attempt), "sequence": "0",
                      "slots": ",".join(str(i) for i in range(len(attempt.snapshot)))})
    assert calls == []  # saving is not finishing
    client.post(f"/quizzes/attempts/{attempt.id}/finish", data={"sequence": "1"})
    again = client.post(f"/quizzes/attempts/{attempt.id}/finish", data={"sequence": "1"})
    assert again.status_code == 302
    assert len(calls) == 1
    sender, kwargs = calls[0]
    assert sender.id == attempt.id
    assert kwargs["user"].id == learner.id
    assert kwargs["quiz"].id == quiz.id
    assert kwargs["needs_grading"] is True  # the essay waits for a trainer
    assert set(kwargs) == {"user", "quiz", "needs_grading"}
    assert attempts.finish(db.session.get(Attempt, attempt.id)) is False
    assert len(calls) == 1


def test_closing_at_the_deadline_sends_attempt_finished(app, setup, received):
    _trainer, learner, course, bank = setup
    calls = received(signals.attempt_finished)
    quiz = make_quiz(course, bank, time_limit=5)
    attempt = start(quiz, learner)
    attempts.save_page(attempt, form(right_answers(attempt, [0])), sequence=0, indices=[0])
    db.session.execute(update(Attempt).values(deadline=utcnow() - timedelta(minutes=10)))
    db.session.commit()
    assert attempts.close_expired_attempts() == 1
    assert attempts.close_expired_attempts() == 0
    assert len(calls) == 1
    sender, kwargs = calls[0]
    assert sender.finished_by == "timeout"
    assert kwargs["needs_grading"] is False  # the essay was not answered: nothing to grade


def test_previews_send_nothing(app, setup, received):
    trainer, _learner, course, bank = setup
    calls = received(signals.attempt_finished)
    attempt = start(make_quiz(course, bank), trainer, preview=True)
    assert attempts.finish(attempt) is True
    assert calls == []


def test_grading_an_essay_and_regrading_send_attempt_graded(app, client, setup, received):
    trainer, learner, course, bank = setup
    calls = received(signals.attempt_graded)
    quiz = make_quiz(course, bank)
    attempt = start(quiz, learner)
    answer_every_slot(attempt)
    attempts.finish(attempt)
    db.session.commit()
    assert calls == []
    essay = attempts.manual_slots(attempt)[0]
    login(client, trainer)
    response = client.post(f"/quizzes/attempts/{attempt.id}/grade",
                           data={f"points_{essay}": "1", f"comment_{essay}": "Good"})
    assert response.status_code == 302
    assert len(calls) == 1
    sender, kwargs = calls[0]
    assert sender.id == attempt.id
    assert kwargs == {"grader": kwargs["grader"]}
    assert kwargs["grader"].id == trainer.id

    question = db.session.scalar(select(Question).where(Question.name == "TrueFalse"))
    client.post(f"/quizzes/questions/{question.id}/regrade")
    assert len(calls) == 2
    assert calls[1][0].id == attempt.id
    assert calls[1][1]["grader"].id == trainer.id
