"""The day before a workshop session starts, each approved learner gets a reminder: a
notification and its e-mail copy (per preference), in their language and time zone, once."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from sqlalchemy import func, select

from app import create_app, jobs
from app.extensions import db
from app.mail import outbox
from app.notifications.models import Notification, NotificationPreference
from app.timeutil import to_zone, utcnow
from app.workshops import services, tasks
from app.workshops.models import CANCELLED, AttendanceSession, Enrolment
from tests.workshops.factories import make_workshop


def _session(workshop, hours: float, title: str = "Day 1") -> AttendanceSession:
    start = (utcnow() + timedelta(hours=hours)).replace(second=0, microsecond=0)
    session = AttendanceSession(workshop_id=workshop.id, title=title, starts_at=start,
                                ends_at=start + timedelta(hours=3))
    db.session.add(session)
    db.session.commit()
    return session


def _mail_to(address: str) -> list:
    return [m for m in outbox() if m["To"] == address]


def test_each_learner_is_reminded_once_in_their_language_and_time_zone(app, make_user):
    organiser = make_user("organiser")
    workshop = make_workshop(organiser, title="Labour migration governance")
    seoul = make_user("learner", email="minji@gov.example", language="ko",
                      timezone="Asia/Seoul")
    bangkok = make_user("learner", email="somchai@gov.example", language="en",
                        timezone="Asia/Bangkok")
    left = make_user("learner", email="left@gov.example")
    for learner in (seoul, bangkok, left):
        services.enrol(workshop, learner)
    db.session.commit()
    services.withdraw(db.session.scalar(select(Enrolment).where(Enrolment.user_id == left.id)),
                      actor=left)
    db.session.commit()
    tomorrow = _session(workshop, 20, "Opening session")
    _session(workshop, 72, "Day 3")  # not yet
    _session(workshop, -2, "Yesterday")  # over
    cancelled = make_workshop(organiser, title="Cancelled one")
    services.enrol(cancelled, bangkok)
    cancelled.status = CANCELLED
    db.session.commit()
    _session(cancelled, 10)
    outbox().clear()

    assert tasks.remind_sessions() == 2
    db.session.commit()
    notes = db.session.scalars(select(Notification).where(
        Notification.kind == "session_reminder")).all()
    assert sorted(n.user_id for n in notes) == sorted([seoul.id, bangkok.id])
    local = to_zone(tomorrow.starts_at, "Asia/Bangkok")
    when = format_datetime(local, "medium", tzinfo=ZoneInfo("Asia/Bangkok"), locale="en")
    [mail] = _mail_to("somchai@gov.example")
    body = mail.get_content()
    assert (f"Reminder: “Opening session” of “Labour migration governance” starts on "
            f"{when} (Asia/Bangkok).") in body
    assert "Labour migration governance" in mail["Subject"]
    seoul_when = format_datetime(to_zone(tomorrow.starts_at, "Asia/Seoul"), "medium",
                                 tzinfo=ZoneInfo("Asia/Seoul"), locale="ko")
    [korean] = _mail_to("minji@gov.example")
    assert f"{seoul_when} (Asia/Seoul)" in korean.get_content()
    assert not _mail_to("left@gov.example")

    # A second round (or a second worker) sends nothing twice.
    assert tasks.remind_sessions() == 0
    db.session.commit()
    assert len(outbox()) == 2
    assert db.session.scalar(select(func.count(Notification.id)).where(
        Notification.kind == "session_reminder")) == 2


def test_the_email_copy_follows_the_preference_and_a_moved_session_is_reminded_again(
        app, make_user):
    organiser = make_user("organiser")
    workshop = make_workshop(organiser)
    learner = make_user("learner", email="quiet@gov.example")
    services.enrol(workshop, learner)
    db.session.add(NotificationPreference(user_id=learner.id, kind="session_reminder",
                                          email=False))
    db.session.commit()
    session = _session(workshop, 5)
    outbox().clear()
    assert tasks.remind_sessions() == 1
    db.session.commit()
    assert not _mail_to("quiet@gov.example")
    session.starts_at += timedelta(hours=2)
    db.session.commit()
    assert tasks.remind_sessions() == 1
    db.session.commit()
    assert db.session.scalar(select(func.count(Notification.id)).where(
        Notification.user_id == learner.id, Notification.kind == "session_reminder")) == 2


def test_the_reminders_are_a_periodic_job_of_the_scheduler_and_of_celery_beat(app,
                                                                             database_url):
    name = "app.workshops.tasks.remind_sessions"
    assert name in [job.task.name for job in jobs.PERIODIC]
    celery_app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url,
                             "BACKGROUND_MODE": "celery",
                             "CELERY_BROKER_URL": "redis://127.0.0.1:6379/11"})
    schedule = celery_app.extensions["celery"].conf.beat_schedule
    assert schedule[name]["schedule"] == 15 * 60
