"""The demo: an announcement in the demo workshop and notifications, loaded twice."""

from sqlalchemy import func, select

from app.auth import demo as auth_demo
from app.auth.services import get_user_by_email
from app.extensions import db
from app.mail import outbox
from app.notifications import demo, queries
from app.notifications.models import Announcement, Notification
from app.workshops import demo as workshops_demo
from tests.conftest import login
from tests.workshops.factories import make_course


def test_demo_load_is_idempotent_and_sends_no_mail(app, client):
    make_course(lessons=3, quizzes=1)
    auth_demo.load()
    workshops_demo.load()
    db.session.commit()
    outbox().clear()
    for _ in range(2):
        demo.load()
        db.session.commit()
    assert db.session.scalar(select(func.count(Announcement.id))) == 1
    learner = get_user_by_email("learner@demo.test")
    kinds = sorted(db.session.scalars(select(Notification.kind).where(
        Notification.user_id == learner.id)))
    assert kinds == ["announcement", "enrolment_approved"]
    assert outbox() == []
    assert queries.announcements_for_learner(learner)[0].title == (
        "Practical information for day 2")

    login(client, learner, password=auth_demo.DEMO_PASSWORD)
    page = client.get("/notifications/").get_data(as_text=True)
    assert "2 unread notifications" in page
    assert "Practical information for day 2" in page
