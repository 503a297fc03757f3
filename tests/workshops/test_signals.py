"""Workshops talk to other domains through app.signals: receivers recompute completion,
senders report enrolment changes, attendance and completions."""

from contextlib import contextmanager
from datetime import date
from datetime import time as clock

import pytest

from app import signals
from app.courses.models import LessonProgress
from app.extensions import db
from app.quizzes.models import FINISHED, Attempt, Quiz
from app.workshops import attendance, services
from app.workshops.models import Enrolment
from tests.workshops.factories import items, make_course, make_workshop


@contextmanager
def caught(signal):
    calls = []

    def receiver(sender, **kwargs):
        calls.append((sender, kwargs))

    with signal.connected_to(receiver):
        yield calls


@pytest.fixture
def cohort(app, make_user):
    organiser = make_user("organiser")
    course = make_course(lessons=1, quizzes=1)
    workshop = make_workshop(organiser, courses=[course])
    learner = make_user("learner")
    enrolment = services.enrol(workshop, learner)
    db.session.commit()
    return organiser, workshop, course, learner, enrolment


def _pass_quiz(learner, item):
    quiz = db.session.query(Quiz).filter_by(item_id=item.id).one()
    attempt = Attempt(quiz_id=quiz.id, user_id=learner.id, number=1, state=FINISHED,
                      percent=100, score=1, max_score=1, passed=True)
    db.session.add(attempt)
    db.session.flush()
    return attempt, quiz


def test_rows_written_without_a_signal_do_not_record_completion(cohort):
    """Nothing recomputes on commit any more: the signal is what counts."""
    _organiser, _workshop, course, learner, enrolment = cohort
    lesson = items(course, "lesson")[0].lesson
    db.session.add(LessonProgress(user_id=learner.id, lesson_id=lesson.id))
    _pass_quiz(learner, items(course, "quiz")[0])
    db.session.commit()
    assert db.session.get(Enrolment, enrolment.id).completion_status == "in_progress"


def test_lesson_and_attempt_signals_record_completion(cohort):
    _organiser, workshop, course, learner, enrolment = cohort
    lesson = items(course, "lesson")[0].lesson
    progress = LessonProgress(user_id=learner.id, lesson_id=lesson.id)
    db.session.add(progress)
    db.session.flush()
    signals.lesson_completed.send(progress, user=learner, lesson=lesson, completed=True)
    assert enrolment.completion_status == "in_progress"  # the quiz is still to pass
    attempt, quiz = _pass_quiz(learner, items(course, "quiz")[0])
    with caught(signals.workshop_completed) as completed:
        signals.attempt_finished.send(attempt, user=learner, quiz=quiz, needs_grading=False)
    assert enrolment.completion_status == "completed"
    assert enrolment.completed_at is not None
    assert completed == [(enrolment, {"workshop": workshop, "user": learner})]


def test_a_graded_attempt_records_completion(cohort):
    _organiser, _workshop, course, learner, enrolment = cohort
    lesson = items(course, "lesson")[0].lesson
    db.session.add(LessonProgress(user_id=learner.id, lesson_id=lesson.id))
    attempt, _quiz = _pass_quiz(learner, items(course, "quiz")[0])
    signals.attempt_graded.send(attempt, grader=None)
    assert enrolment.completion_status == "completed"


def test_enrolment_changes_are_sent_with_previous_status_and_actor(cohort, make_user):
    organiser, workshop, _course, _learner, enrolment = cohort
    other = make_user("learner")
    with caught(signals.enrolment_changed) as changes:
        created = services.enrol(workshop, other)
        services.withdraw(enrolment, actor=organiser)
    assert changes == [(created, {"previous": None, "actor": other}),
                       (enrolment, {"previous": "approved", "actor": organiser})]
    assert enrolment.decided_by_id == organiser.id
    assert created.decided_by_id is None


def test_attendance_is_sent_once_with_the_learners_whose_record_changed(cohort, make_user):
    organiser, workshop, _course, learner, _enrolment = cohort
    absent = make_user("learner")
    services.enrol(workshop, absent)
    session = attendance.add_session(workshop, title="Day 1", day=date(2030, 3, 1),
                                     start=clock(9), end=clock(17), actor=organiser)
    with caught(signals.attendance_recorded) as recorded:
        attendance.mark_attendance(session, {learner.id}, actor=organiser)
        attendance.mark_attendance(session, {learner.id}, actor=organiser)  # no change
    assert recorded == [(workshop, {"user_ids": [learner.id]})]
