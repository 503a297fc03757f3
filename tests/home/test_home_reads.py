"""The learner's home reads each course's structure once (cached per revision) and each
learner's lessons and quiz attempts once for all its parts: what it shows follows a change of
the course, stays each learner's own, and the counts beside the lists are the totals."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.certificates.models import Certificate
from app.courses import services as courses
from app.courses.models import CourseActivity
from app.extensions import db
from app.quizzes.models import Quiz
from app.timeutil import utcnow
from app.workshops.models import APPROVED, RUNNING, Enrolment
from tests.conftest import login
from tests.factories import count_queries
from tests.home.test_home import _text
from tests.workshops.factories import (
    attempt_quiz,
    complete_lesson,
    items,
    make_course,
    make_workshop,
)


def _world(make_user):
    trainer = make_user("trainer")
    organiser = make_user("organiser")
    ana, ben = make_user("learner", name="Ana"), make_user("learner", name="Ben")
    course = make_course(trainer, title="Labour mobility")
    workshop = make_workshop(organiser, courses=[course], status=RUNNING,
                             title="Mobility workshop",
                             start_date=utcnow().date() - timedelta(days=1))
    for learner in (ana, ben):
        db.session.add(Enrolment(workshop=workshop, user=learner, status=APPROVED))
        db.session.add(CourseActivity(user_id=learner.id, course_id=course.id))
    db.session.commit()
    return course, ana, ben


def _home_text(client, user) -> str:
    login(client, user)
    response = client.get("/")
    assert response.status_code == 200
    client.post("/logout")
    return _text(response.get_data(as_text=True))


def test_each_learner_sees_their_own_progress_in_courses_workshops_and_quizzes(client,
                                                                               make_user):
    course, ana, ben = _world(make_user)
    complete_lesson(ana, items(course, "lesson")[0])
    attempt_quiz(ana, items(course, "quiz")[0], 90)  # passed
    attempt_quiz(ben, items(course, "quiz")[0], 20)  # not passed
    db.session.commit()

    ana_text = _home_text(client, ana)
    assert "2 lessons left" in ana_text
    assert "Next: Lesson 2" in ana_text
    assert "Quiz 1" not in ana_text.split("Quizzes open or closing soon", 1)[1]
    assert "not passed yet" not in ana_text

    ben_text = _home_text(client, ben)  # right after Ana's: nothing of hers
    assert "3 lessons left" in ben_text
    assert "quiz “Quiz 1” not passed" in ben_text
    assert "Next: Lesson 1" in ben_text
    quizzes = ben_text.split("Quizzes open or closing soon", 1)[1]
    assert "Quiz 1" in quizzes
    assert "not passed yet" in quizzes


def test_the_home_follows_a_change_of_the_course(client, make_user):
    course, ana, _ben = _world(make_user)
    for item in items(course, "lesson"):
        complete_lesson(ana, item)
    attempt_quiz(ana, items(course, "quiz")[0], 90)
    db.session.commit()
    text = _home_text(client, ana)
    assert "Mobility workshop" in text
    assert "Completed" in text
    assert "lesson left" not in text
    assert "You have no course in progress." in text  # the course is complete

    courses.create_lesson(course.modules[0], title="Lesson added later", minutes=5)
    db.session.commit()
    text = _home_text(client, ana)  # the course's structure is cached per revision
    assert "1 lesson left" in text
    assert "In progress" in text
    assert "Next: Lesson added later" in text  # the course is in progress again


def test_the_counts_are_the_totals_and_the_essays_are_counted_once(client, populate):
    learner, trainer, _organiser = populate(7)
    text = _home_text(client, learner)
    assert "All my certificates (7)" in text  # five shown
    assert text.count("· T-7-") == 5

    login(client, trainer)
    with count_queries() as statements:
        page = client.get("/").get_data(as_text=True)
    client.post("/logout")
    text = _text(page)
    assert "7 essays waiting to be graded" in text
    assert "7 workshops in all" in text  # six shown
    assert len([s for s in statements if "needs_grading" in s]) == 1  # home and navigation


def test_the_quizzes_to_take_are_the_open_ones_closing_first(client, make_user):
    trainer, learner = make_user("trainer"), make_user("learner")
    now = utcnow()
    in_five_days = now + timedelta(days=5)
    dates = {"Alpha course": [("Alpha closes in 5 days", None, in_five_days),
                              ("Alpha without dates", None, None),
                              ("Alpha opens in 10 days", now + timedelta(days=10), None),
                              ("Alpha closed yesterday", None, now - timedelta(days=1))],
             "Beta course": [("Beta closes in 2 days", None, now + timedelta(days=2)),
                             ("Beta opens in 3 days", now + timedelta(days=3), None),
                             ("Beta closes in 5 days", None, in_five_days)]}
    for title, quizzes in dates.items():
        course = make_course(trainer, title=title, lessons=1, quizzes=len(quizzes))
        for item, (quiz_title, opens_at, closes_at) in zip(items(course, "quiz"), quizzes,
                                                            strict=True):
            quiz = db.session.scalars(select(Quiz).where(Quiz.item_id == item.id)).one()
            quiz.title, quiz.opens_at, quiz.closes_at = quiz_title, opens_at, closes_at
        db.session.add(CourseActivity(user_id=learner.id, course_id=course.id))
    db.session.commit()

    text = _home_text(client, learner)
    shown = text.split("Quizzes open or closing soon", 1)[1].split("My certificates", 1)[0]
    order = ["Beta closes in 2 days", "Alpha closes in 5 days", "Beta closes in 5 days",
             "Alpha without dates", "Beta opens in 3 days"]
    assert [title for title in order if title in shown] == order
    assert sorted(order, key=shown.index) == order
    assert "opens in 10 days" not in shown
    assert "closed yesterday" not in shown
    assert shown.count("Beta course") == 3
    assert shown.count("opens ") == 2  # the badge, and the title "Beta opens in 3 days"


def test_each_certificate_shows_its_state(client, make_user):
    learner = make_user("learner")
    states = {"Cert A": {"status": "revoked", "rendered_at": utcnow()},
              "Cert B": {"render_error": "font missing"},
              "Cert C": {},
              "Cert D": {"rendered_at": utcnow()}}
    for k, (title, fields) in enumerate(states.items()):
        db.session.add(Certificate(
            serial=f"S-{k}", year=2026, number=900 + k, verification_code=f"state-{k}",
            user_id=learner.id, template="classic", holder_name=learner.name, title=title,
            issued_at=utcnow() - timedelta(days=k), **fields))
    db.session.commit()

    shown = _home_text(client, learner).split("My certificates", 1)[1]
    lines = shown.split("All my certificates (4)", 1)[0].split("Cert ")[1:]  # newest first
    assert len(lines) == 4
    for (k, line), badge in zip(enumerate(lines), ["Revoked", "PDF failed", "PDF being prepared",
                                                   "Valid"], strict=True):
        assert line.strip().endswith(f"· S-{k} {badge}"), line


def test_a_workshop_of_two_courses_lists_what_remains_in_their_order(client, make_user):
    trainer, organiser, learner = make_user("trainer"), make_user("organiser"), \
        make_user("learner")
    first = make_course(trainer, title="First course", lessons=2, quizzes=0,
                        lesson_title="First {lesson}")
    second = make_course(trainer, title="Second course", lessons=2, quizzes=0,
                         lesson_title="Second {lesson}")
    empty = make_course(trainer, title="Empty course", lessons=0, quizzes=0)
    workshop = make_workshop(organiser, courses=[second, empty, first], status=RUNNING,
                             title="Two-course workshop",
                             start_date=utcnow().date() - timedelta(days=1))
    alone = make_workshop(organiser, status=RUNNING, title="Workshop without courses")
    for each in (workshop, alone):
        db.session.add(Enrolment(workshop=each, user=learner, status=APPROVED))
    db.session.commit()
    complete_lesson(learner, items(second, "lesson")[0])
    db.session.commit()

    text = _home_text(client, learner)
    assert "Workshop without courses" in text
    mine = text.split("Two-course workshop", 1)[1].split("Quizzes open or closing soon", 1)[0]
    assert "3 lessons left" in mine
    steps = ["Second 2", "First 1", "First 2"]
    assert sorted(steps, key=mine.index) == steps
    assert "Second 1" not in mine


def test_continue_with_the_three_courses_studied_last(client, make_user):
    trainer, organiser, learner = make_user("trainer"), make_user("organiser"), \
        make_user("learner")
    now = utcnow()
    for days, title in [(3, "Studied three days ago"), (1, "Studied yesterday"),
                        (9, "Studied long ago"), (2, "Studied two days ago")]:
        course = make_course(trainer, title=title)
        db.session.add(CourseActivity(user_id=learner.id, course_id=course.id,
                                      last_active_at=now - timedelta(days=days)))
    # A workshop's course, never opened: its progress shows in the workshop, not here.
    workshop_course = make_course(trainer, title="Workshop course")
    workshop = make_workshop(organiser, courses=[workshop_course], status=RUNNING,
                             title="Running workshop")
    db.session.add(Enrolment(workshop=workshop, user=learner, status=APPROVED))
    db.session.commit()

    text = _home_text(client, learner)
    shown = text.split("Continue where you left off", 1)[1].split("Next session", 1)[0]
    order = ["Studied yesterday", "Studied two days ago", "Studied three days ago"]
    assert sorted(order, key=shown.index) == order
    assert "Studied long ago" not in shown
    assert "Workshop course" not in shown
    assert "lessons left" in text.split("Running workshop", 1)[1]
