"""The completion rule: computed from the records, explained, recorded with its date."""

from datetime import date
from datetime import time as clock

import pytest

from app.extensions import db
from app.mail import outbox
from app.workshops import attendance, completion, services
from app.workshops.models import Enrolment
from tests.conftest import login
from tests.workshops.factories import (
    attempt_quiz,
    complete_lesson,
    items,
    make_course,
    make_workshop,
)


@pytest.fixture
def cohort(app, make_user):
    organiser = make_user("organiser")
    course = make_course(lessons=3, quizzes=3)
    workshop = make_workshop(organiser, courses=[course], min_attendance_percent=80)
    learner = make_user("learner", name="Sokha CHAN")
    enrolment = services.enrol(workshop, learner)
    sessions = [attendance.add_session(workshop, title=f"Day {d}", day=date(2030, 3, d),
                                       start=clock(9), end=clock(17), actor=organiser)
                for d in (1, 2)]
    db.session.commit()
    return organiser, workshop, course, learner, enrolment, sessions


def status_of(workshop, enrolment):
    return completion.learner_progress(workshop, enrolment)


def test_status_is_explained(cohort):
    organiser, workshop, course, learner, enrolment, sessions = cohort
    lessons, quizzes = items(course, "lesson"), items(course, "quiz")
    complete_lesson(learner, lessons[0])
    attempt_quiz(learner, quizzes[0], 90)
    attempt_quiz(learner, quizzes[1], 75)
    attempt_quiz(learner, quizzes[2], 40)
    attendance.mark_attendance(sessions[0], {learner.id}, actor=organiser)
    attendance.mark_attendance(sessions[1], set(), actor=organiser)
    db.session.commit()
    line = status_of(workshop, enrolment)
    assert line.status == "in_progress"
    assert line.explanation == ("2 lessons left, quiz “Quiz 3” not passed, "
                                "attendance 50 % of 80 % needed")
    assert [q.best for q in line.quizzes] == [90, 75, 40]
    assert [s.title for s in line.remaining] == ["Lesson 2", "Lesson 3", "Quiz 3"]


def test_completion_recorded_when_the_last_requirement_is_met(cohort):
    organiser, _workshop, course, learner, enrolment, sessions = cohort
    for item in items(course, "lesson"):
        complete_lesson(learner, item)
    for item in items(course, "quiz"):
        attempt_quiz(learner, item, 100)
    db.session.commit()
    assert enrolment.completion_status == "in_progress"  # attendance still missing
    attendance.mark_attendance(sessions[0], {learner.id}, actor=organiser)
    db.session.commit()
    assert enrolment.completion_status == "in_progress"
    attendance.mark_attendance(sessions[1], {learner.id}, actor=organiser)
    db.session.commit()
    db.session.refresh(enrolment)
    assert enrolment.completion_status == "completed"
    assert enrolment.completed_at is not None
    assert outbox()[-1]["Subject"].startswith("Workshop completed")


def test_the_last_lesson_done_elsewhere_records_completion_on_commit(cohort):
    """Lessons and quizzes are written by other domains; the commit records completion."""
    _organiser, workshop, course, learner, enrolment, _sessions = cohort
    workshop.min_attendance_percent = 0
    for item in items(course, "quiz"):
        attempt_quiz(learner, item, 80)
    lessons = items(course, "lesson")
    for item in lessons[:-1]:
        complete_lesson(learner, item)
    db.session.commit()
    assert db.session.get(Enrolment, enrolment.id).completion_status == "in_progress"
    complete_lesson(learner, lessons[-1])
    db.session.commit()
    recorded = db.session.get(Enrolment, enrolment.id)
    assert recorded.completion_status == "completed"
    assert recorded.completed_at is not None


def test_rollback_records_nothing(cohort):
    _organiser, workshop, course, learner, enrolment, _sessions = cohort
    workshop.min_attendance_percent = 0
    workshop.require_quizzes = False
    db.session.commit()
    for item in items(course, "lesson"):
        complete_lesson(learner, item)
    db.session.flush()
    db.session.rollback()
    db.session.commit()
    assert db.session.get(Enrolment, enrolment.id).completion_status == "in_progress"


def test_grading_method_decides_passing(cohort):
    _organiser, workshop, course, learner, enrolment, _sessions = cohort
    from app.quizzes.models import Quiz

    quiz_item = items(course, "quiz")[0]
    db.session.query(Quiz).filter_by(item_id=quiz_item.id).one().grading_method = "last"
    attempt_quiz(learner, quiz_item, 90, number=1)
    attempt_quiz(learner, quiz_item, 50, number=2)
    db.session.commit()
    line = status_of(workshop, enrolment)
    first = line.quizzes[0]
    assert first.best == 90
    assert first.passed is False


def test_any_combination_of_requirements(cohort):
    organiser, workshop, _course, learner, enrolment, sessions = cohort
    services.save_workshop(workshop, {"require_lessons": False, "require_quizzes": False,
                                      "min_attendance_percent": 50}, actor=organiser)
    attendance.mark_attendance(sessions[0], {learner.id}, actor=organiser)
    db.session.commit()
    assert status_of(workshop, enrolment).status == "completed"


def test_finished_workshop_without_completion_is_not_completed(cohort):
    organiser, workshop, _course, _learner, enrolment, _sessions = cohort
    services.set_status(workshop, "running", actor=organiser)
    services.set_status(workshop, "finished", actor=organiser)
    db.session.commit()
    assert enrolment.completion_status == "not_completed"


def test_learner_sees_status_and_what_remains(cohort, client):
    _organiser, workshop, course, learner, _enrolment, _sessions = cohort
    complete_lesson(learner, items(course, "lesson")[0])
    db.session.commit()
    login(client, learner)
    page = client.get(f"/workshops/{workshop.id}").get_data(as_text=True)
    assert "In progress" in page
    assert "2 lessons left" in page
    assert "quiz “Quiz 1” not passed" in page
    assert "no attendance day held yet" not in page  # two sessions exist
    assert "attendance 0 % of 80 % needed" in page
    assert "1 of 3 done" in page
