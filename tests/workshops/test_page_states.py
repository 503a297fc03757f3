"""What the workshop page tells an enrolled learner: an essay awaiting grading, a completed
workshop (issue #16, wrong states)."""

import pytest

from app.extensions import db
from app.quizzes.models import FINISHED, Attempt, Quiz
from app.workshops import services
from app.workshops.errors import WorkshopError
from tests.conftest import login
from tests.workshops.factories import complete_lesson, items, make_course, make_workshop


def test_an_essay_awaiting_grading_is_not_shown_as_not_attempted(app, client, make_user):
    course = make_course(lessons=1, quizzes=1)
    workshop = make_workshop(make_user("organiser"), courses=[course])
    learner = make_user("learner")
    services.enrol(workshop, learner)
    quiz = db.session.query(Quiz).filter_by(item_id=items(course, "quiz")[0].id).one()
    db.session.add(Attempt(quiz_id=quiz.id, user_id=learner.id, number=1, state=FINISHED,
                           needs_grading=True, score=4, max_score=10))
    db.session.commit()
    login(client, learner)
    page = client.get(f"/workshops/{workshop.id}").get_data(as_text=True)
    assert "Quiz 1:" in page
    assert "awaiting grading" in page
    assert "not attempted" not in page


def test_a_completed_learner_reads_the_date_once_and_is_not_offered_to_withdraw(
        app, client, make_user):
    course = make_course(lessons=1, quizzes=0)
    workshop = make_workshop(make_user("organiser"), courses=[course],
                             require_quizzes=False)
    learner = make_user("learner")
    enrolment = services.enrol(workshop, learner)
    complete_lesson(learner, items(course, "lesson")[0])
    db.session.commit()
    assert enrolment.completion_status == "completed"
    login(client, learner)
    page = client.get(f"/workshops/{workshop.id}").get_data(as_text=True)
    assert "Completed on " in page
    assert page.count(">Completed<") == 0  # the badge says it with the date, not twice
    assert "Congratulations: you have met every requirement" in page
    assert "Withdraw from the workshop" not in page
    with pytest.raises(WorkshopError, match="completed this workshop"):
        services.withdraw(enrolment, actor=learner)
    # The page without the completion: the button is there (the test can fail).
    other = make_user("learner")
    services.enrol(workshop, other)
    db.session.commit()
    second = app.test_client()
    login(second, other)
    assert "Withdraw from the workshop" in second.get(f"/workshops/{workshop.id}").get_data(
        as_text=True)
