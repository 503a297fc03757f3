"""Demo data and the command line."""

from datetime import date, timedelta

from sqlalchemy import func, select

from app.auth import demo as auth_demo
from app.auth.services import get_user_by_email
from app.extensions import db
from app.mail import outbox
from app.workshops import demo, services
from app.workshops.models import AttendanceSession, Enrolment, Workshop
from tests.workshops.factories import make_course, make_workshop


def test_demo_load_is_idempotent(app):
    make_course(lessons=3, quizzes=1)
    auth_demo.load()
    for _ in range(2):
        demo.load()
        db.session.commit()
    workshop = db.session.scalar(select(Workshop))
    assert workshop.title.endswith("(demo)")
    assert workshop.mode == "blended"
    assert {u.email for u in workshop.organisers} == {"organiser@demo.test"}
    assert {u.email for u in workshop.trainers} == {"trainer@demo.test"}
    assert len(workshop.courses) == 1
    assert db.session.scalar(select(func.count(AttendanceSession.id))) == 2
    assert db.session.scalar(select(func.count(Enrolment.id))) == 8
    learner = services.enrolment_of(workshop, get_user_by_email("learner@demo.test"))
    assert learner.status == "approved"


def test_remind_sends_once_to_approved_learners(app, runner, make_user):
    organiser = make_user("organiser")
    soon = make_workshop(organiser, start_date=date.today() + timedelta(days=1),
                         end_date=date.today() + timedelta(days=2), city="Hanoi")
    later = make_workshop(organiser, start_date=date.today() + timedelta(days=20),
                          end_date=date.today() + timedelta(days=21))
    enrolled, applicant = make_user("learner"), make_user("learner")
    services.enrol(soon, enrolled)
    services.enrol(later, applicant)
    db.session.commit()
    sent = len(outbox())
    result = runner.invoke(args=["workshops", "remind", "--days", "3"])
    assert result.exit_code == 0, result.output
    assert "1 reminder(s) sent for 1 workshop(s)" in result.output
    reminder = outbox()[sent]
    assert reminder["To"] == enrolled.email
    assert "Starting soon" in reminder["Subject"]
    result = runner.invoke(args=["workshops", "remind", "--days", "3"])
    assert "0 reminder(s) sent" in result.output
