"""#8: answers were accepted up to 120 s after a timed quiz's deadline (a constant). The
grace is now a quiz setting (default 30 s, shown to the learner), each answer's arrival is
recorded, and the trainer's review shows which came in during the grace."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from app.extensions import db
from app.quizzes import attempts
from app.quizzes.models import Attempt, AttemptQuestion
from app.timeutil import utcnow
from tests.conftest import login
from tests.quizzes.factories import make_bank, make_course, make_quiz, right_answers


def _timed_attempt(make_user, **settings):
    trainer, learner = make_user("trainer"), make_user("learner")
    course = make_course(trainer)
    quiz = make_quiz(course, make_bank(course), time_limit=10, **settings)
    attempt = attempts.start_attempt(quiz, learner)
    db.session.commit()
    tf = next(i for i, e in enumerate(attempt.snapshot) if e["type"] == "truefalse")
    return trainer, learner, quiz, attempt, tf


def _deadline_passed(attempt, seconds: int) -> None:
    db.session.execute(update(Attempt).where(Attempt.id == attempt.id).values(
        deadline=utcnow() - timedelta(seconds=seconds)))
    db.session.commit()
    db.session.expire_all()


@pytest.mark.parametrize("app_config", [{"QUIZ_GRACE_SECONDS": 120}])
def test_an_answer_119_seconds_late_is_refused_on_a_default_quiz(client, make_user):
    """The review's replay: an autosave 119 s after the deadline (the old constant, even
    if configured) is refused with a message, and nothing of it is stored."""
    _trainer, learner, quiz, attempt, tf = _timed_attempt(make_user)
    assert quiz.grace_seconds == 30
    _deadline_passed(attempt, 119)
    login(client, learner)
    response = client.post(f"/quizzes/attempts/{attempt.id}/autosave",
                           data={**right_answers(attempt, [tf]), "sequence": "0",
                                 "counter": "1"})
    assert response.status_code == 200
    assert response.json["status"] == "closed"
    assert "grace period of 30 seconds, so they were not accepted" in response.json["message"]
    stored = db.session.get(Attempt, attempt.id)
    assert stored.is_finished
    assert stored.responses == {}
    assert db.session.scalar(select(AttemptQuestion.answered_at).where(
        AttemptQuestion.attempt_id == attempt.id, AttemptQuestion.slot == tf)) is None


def test_an_answer_within_the_grace_is_kept_and_shown_to_the_trainer(client, make_user):
    trainer, learner, quiz, attempt, tf = _timed_attempt(make_user)
    _deadline_passed(attempt, 20)
    login(client, learner)
    assert "Answers sent up to 30 seconds after the time limit are still accepted." in \
        client.get(f"/quizzes/{quiz.id}").get_data(as_text=True)
    response = client.post(f"/quizzes/attempts/{attempt.id}",
                           data={**right_answers(attempt, [tf]), "sequence": "0",
                                 "nav": "finish"})
    assert response.status_code == 302
    stored = db.session.get(Attempt, attempt.id)
    assert stored.is_finished
    assert stored.responses == {str(tf): True}
    client.post("/logout")
    login(client, trainer)
    page = client.get(f"/quizzes/attempts/{attempt.id}/review").get_data(as_text=True)
    assert "seconds after the time limit, within the grace period." in page
    assert "1 answer in the grace period" in client.get(
        f"/quizzes/{quiz.id}/results").get_data(as_text=True)
