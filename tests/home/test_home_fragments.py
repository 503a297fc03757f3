"""Each section of the home is a fragment cached under what it shows, the interface language
and the viewer's time zone: a change of any of them shows at the next view, and one person's
section never shows another's records."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.extensions import db
from app.notifications.models import Announcement
from app.quizzes.models import Attempt, Quiz
from app.timeutil import utcnow
from app.workshops.models import APPLIED, Enrolment, Workshop
from tests.conftest import login
from tests.home.test_home import _text


def _page(client) -> str:
    response = client.get("/")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_learner_section_follows_their_records(client, populate):
    learner, trainer, _organiser = populate(1)
    login(client, learner)
    text = _text(_page(client))
    assert "Announcement 0 of 1" in text
    assert "Course 0 of 1" in text

    workshop = db.session.scalars(select(Workshop)).one()
    db.session.add(Announcement(workshop=workshop, author_id=trainer.id,
                                title="Room changed", body_html="<p>x</p>"))
    db.session.commit()
    assert "Room changed" in _text(_page(client))

    quiz = db.session.scalars(select(Quiz)).one()
    quiz.title = "Renamed quiz"
    db.session.commit()
    assert "Renamed quiz" in _text(_page(client))


def test_the_learner_section_follows_the_language_and_the_time_zone(client, populate):
    learner, _trainer, _organiser = populate(1)
    login(client, learner)
    text = _text(_page(client))
    assert "Continue where you left off" in text
    assert "(your time zone: Asia/Bangkok)" in text

    learner.language = "ko"
    db.session.commit()
    text = _text(_page(client))
    assert "중단한 부분부터 이어서 학습" in text  # "Continue where you left off"
    assert "Continue where you left off" not in text

    learner.language, learner.timezone = "en", "Asia/Seoul"
    db.session.commit()
    text = _text(_page(client))
    assert "(your time zone: Asia/Seoul)" in text
    assert "Asia/Bangkok" not in text


def test_the_trainer_section_follows_the_essays_and_the_learners(client, populate):
    _learner, trainer, _organiser = populate(1)
    login(client, trainer)
    assert "1 essay waiting to be graded" in _text(_page(client))

    quiz = db.session.scalars(select(Quiz)).one()
    other = db.session.scalars(select(Attempt.user_id)).first()
    db.session.add(Attempt(quiz_id=quiz.id, user_id=other, number=2, state="finished",
                           finished_at=utcnow(), needs_grading=True))
    db.session.commit()
    assert "2 essays waiting to be graded" in _text(_page(client))


def test_the_organiser_section_follows_the_requests(client, populate, make_user):
    _learner, _trainer, organiser = populate(1)
    login(client, organiser)
    assert "1 enrolment request to decide" in _text(_page(client))

    workshop = db.session.scalars(select(Workshop)).one()
    db.session.add(Enrolment(workshop=workshop, user=make_user("learner"), status=APPLIED))
    db.session.commit()
    text = _text(_page(client))
    assert "2 enrolment requests to decide" in text

    workshop.title = "Renamed workshop"
    workshop.start_date -= timedelta(days=1)
    db.session.commit()
    assert "Renamed workshop" in _text(_page(client))
