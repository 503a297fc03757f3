"""The pages a user sees: the unread count in the header, the list (mark one / all read,
with plain POST forms), the preferences, announcements, the calendar feed."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from datetime import time as clock

import pytest
from icalendar import Calendar
from sqlalchemy import select

from app.auth.models import AuditEntry
from app.extensions import db
from app.mail import outbox
from app.meetings.models import RSVP_NO, RSVP_YES, MeetingParticipant
from app.notifications import services
from app.notifications.models import CalendarToken, Notification
from app.quizzes.models import Quiz
from app.workshops import attendance
from app.workshops import services as workshops
from tests.conftest import BrowserClient, login
from tests.meetings.conftest import meeting_data
from tests.workshops.factories import make_course, make_workshop


def signed_in(app, user):
    """A browser of its own, signed in as `user`."""
    app.test_client_class = BrowserClient
    browser = app.test_client()
    login(browser, user)
    return browser


def _notify(user, n=1, **data):
    for i in range(n):
        services.notify([user], "announcement", subject=f"test:{i}", event="posted",
                        data={"title": f"Note {i}", "workshop": "Border Management", **data},
                        url="/workshops/")
    db.session.commit()


def test_header_shows_the_unread_count_and_the_list_marks_read(client, make_user):
    user = make_user("learner")
    _notify(user, 3)
    login(client, user)
    page = client.get("/notifications/").get_data(as_text=True)
    assert "3 unread notifications" in page
    assert "Announcement in “Border Management”: Note 2" in page
    assert page.index("Note 2") < page.index("Note 0")  # newest first

    first = db.session.scalars(select(Notification).order_by(Notification.id)).first()
    response = client.post(f"/notifications/{first.id}/read")
    assert response.status_code == 302
    assert "2 unread notifications" in client.get("/notifications/").get_data(as_text=True)

    response = client.post(f"/notifications/{first.id}/read", data={"open": "1"})
    assert response.headers["Location"] == "/workshops/"

    response = client.post("/notifications/read-all", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "2 notifications marked read." in page
    assert "unread notification" not in page
    assert '<span class="visually-hidden">Notifications</span>' in page


def test_marking_read_needs_the_csrf_token_and_ones_own_notification(app, client, make_user):
    owner, other = make_user("learner"), make_user("learner")
    _notify(owner)
    note = db.session.scalars(select(Notification)).one()
    assert signed_in(app, other).post(f"/notifications/{note.id}/read").status_code == 404
    login(client, owner)
    assert client.post(f"/notifications/{note.id}/read", csrf=False).status_code == 400
    db.session.refresh(note)
    assert note.read_at is None


def test_visitors_see_no_bell(client):
    assert "notifications-link" not in client.get("/").get_data(as_text=True)


def test_preferences_page_saves_the_email_choice_per_kind(client, make_user):
    learner = make_user("learner")
    login(client, learner)
    page = client.get("/notifications/preferences").get_data(as_text=True)
    assert 'for="email-enrolment_approved"' in page
    assert "email-essay_submitted" not in page  # a staff kind: not offered to learners
    assert page.count("checked") == page.count('name="email"')  # e-mail on by default
    client.post("/notifications/preferences", data={"email": ["announcement"]})
    assert services.preferences(learner)["announcement"] is True
    assert services.preferences(learner)["enrolment_approved"] is False
    page = client.get("/notifications/preferences").get_data(as_text=True)
    assert page.count("checked") == 1


def test_trainers_are_offered_the_staff_kinds(client, make_user):
    login(client, make_user("trainer"))
    assert "email-essay_submitted" in client.get("/notifications/preferences").get_data(
        as_text=True)


@pytest.fixture
def workshop_with_cohort(make_user):
    organiser, trainer = make_user("organiser"), make_user("trainer", name="Tra Iner")
    learners = [make_user("learner", name=f"Learner {i}") for i in range(2)]
    outsider = make_user("learner")
    workshop = make_workshop(organiser, trainer_ids=[trainer.id], title="Border Management")
    for learner in learners:
        workshops.enrol(workshop, learner)
    db.session.commit()
    return workshop, trainer, learners, outsider


def test_a_trainer_posts_an_announcement_to_the_cohort(app, client, workshop_with_cohort):
    workshop, trainer, learners, outsider = workshop_with_cohort
    login(client, trainer)
    outbox().clear()
    response = client.post(f"/notifications/workshops/{workshop.id}/announcements/new",
                           data={"title": "Room change",
                                 "body": "Meet in **room B2**.<script>alert(1)</script>"})
    assert response.status_code == 302
    entry = db.session.scalars(select(AuditEntry).where(
        AuditEntry.action == "notifications.announcement_post")).one()
    assert entry.actor_id == trainer.id

    for learner in learners:
        [note] = db.session.scalars(select(Notification).where(
            Notification.user_id == learner.id)).all()
        assert services.text_of(note.kind, note.data) == (
            "Announcement in “Border Management”: Room change")
    assert sorted(m["To"] for m in outbox()) == sorted(u.email for u in learners)
    assert "Meet in **room B2**." in outbox()[0].get_content()
    assert db.session.scalars(select(Notification).where(
        Notification.user_id.in_([outsider.id, trainer.id]))).all() == []

    client = signed_in(app, learners[0])
    page = client.get(f"/workshops/{workshop.id}").get_data(as_text=True)
    assert "Room change" in page
    assert "<strong>room B2</strong>" in page
    assert "<script>alert(1)" not in page
    assert "Post an announcement" not in page
    assert client.get(f"/notifications/workshops/{workshop.id}/announcements/new"
                      ).status_code == 403

    client = signed_in(app, outsider)
    assert "Room change" not in client.get(f"/workshops/{workshop.id}").get_data(as_text=True)
    assert client.get(f"/notifications/workshops/{workshop.id}/announcements"
                      ).status_code == 403


def test_an_announcement_needs_a_title(client, workshop_with_cohort):
    workshop, trainer, _learners, _outsider = workshop_with_cohort
    login(client, trainer)
    response = client.post(f"/notifications/workshops/{workshop.id}/announcements/new",
                           data={"title": "", "body": "text"})
    assert response.status_code == 200
    assert "Please correct the following" in response.get_data(as_text=True)
    assert db.session.scalars(select(Notification)).all() == []


def _feed_url(client) -> str:
    page = client.post("/notifications/calendar").get_data(as_text=True)
    match = re.search(r'value="(http[^"]+/notifications/calendar/[^"]+\.ics)"', page)
    assert match, page
    return match.group(1)


def test_the_calendar_feed_opens_with_its_token_alone_and_dies_when_revoked(
        app, client, make_user):
    organiser, learner = make_user("organiser"), make_user("learner")
    course = make_course(lessons=1, quizzes=1)
    quiz = db.session.scalars(select(Quiz).where(Quiz.course_id == course.id)).one()
    quiz.closes_at = datetime(2030, 1, 20, 10, 0)  # UTC
    workshop = make_workshop(organiser, courses=[course], title="Border Management",
                             timezone="Asia/Bangkok", venue="UN Conference Centre",
                             city="Bangkok")
    workshops.enrol(workshop, learner)
    attendance.add_session(workshop, title="Day 1", day=date(2030, 1, 6), start=clock(9),
                           end=clock(12), actor=organiser)
    from app.meetings import services as meetings

    attending = meetings.create_meeting(meeting_data(title="Expert meeting"), organisers=[],
                                        actor=None)
    declined = meetings.create_meeting(meeting_data(title="Declined meeting"), organisers=[],
                                       actor=None)
    db.session.add_all([
        MeetingParticipant(meeting_id=attending.id, user_id=learner.id, rsvp=RSVP_YES),
        MeetingParticipant(meeting_id=declined.id, user_id=learner.id, rsvp=RSVP_NO)])
    db.session.commit()

    login(client, learner)
    url = _feed_url(client)
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    stored = db.session.scalars(select(CalendarToken)).one()
    assert token not in stored.token_hash
    assert len(stored.token_hash) == 64

    anonymous = app.test_client()
    response = anonymous.get(url.split("localhost", 1)[1])
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    calendar = Calendar.from_ical(response.data)
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    session = events["Day 1 (Border Management)"]
    assert session["dtstart"].params["TZID"] == "Asia/Bangkok"
    assert session.decoded("dtstart").hour == 9
    assert str(session["location"]) == "UN Conference Centre, Bangkok"
    closes = events[f"Quiz closes: {quiz.title}"]
    assert closes.decoded("dtstart").hour == 17  # 10:00 UTC in Bangkok
    zones = {str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")}
    assert {"Asia/Bangkok", "Asia/Seoul"} <= zones
    summaries = " ".join(events)
    assert "Declined meeting" not in summaries
    assert any("Expert meeting" in s for s in events)

    client.post("/notifications/calendar/revoke")
    assert anonymous.get(url.split("localhost", 1)[1]).status_code == 404
    assert db.session.scalars(select(CalendarToken)).all() == []


def test_a_new_calendar_address_replaces_the_old_one(app, client, make_user):
    login(client, make_user("learner"))
    first = _feed_url(client).split("localhost", 1)[1]
    second = _feed_url(client).split("localhost", 1)[1]
    anonymous = app.test_client()
    assert anonymous.get(first).status_code == 404
    assert anonymous.get(second).status_code == 200
    page = client.get("/notifications/calendar").get_data(as_text=True)
    assert ".ics" not in page  # the address is shown once only
    assert "Revoke the address" in page


def test_profile_links_to_preferences_and_calendar(client, make_user):
    login(client, make_user("learner"))
    page = client.get("/account").get_data(as_text=True)
    assert "/notifications/preferences" in page
    assert "/notifications/calendar" in page


def test_an_old_session_outside_the_history_is_left_out(app, make_user):
    from app.notifications.calendar import feed
    from app.timeutil import utcnow

    organiser, learner = make_user("organiser"), make_user("learner")
    workshop = make_workshop(organiser)
    workshops.enrol(workshop, learner)
    old = (utcnow() - timedelta(days=400)).date()
    attendance.add_session(workshop, title="Long ago", day=old, start=clock(9), end=clock(10),
                           actor=organiser)
    db.session.commit()
    assert b"Long ago" not in feed(learner)


def test_the_list_pages_by_thirty(client, make_user):
    user = make_user("learner")
    _notify(user, 31)
    login(client, user)
    first = client.get("/notifications/").get_data(as_text=True)
    assert first.count('class="card notification unread"') == 30
    assert 'rel="next"' in first
    second = client.get("/notifications/?page=2").get_data(as_text=True)
    assert second.count('class="card notification unread"') == 1
    assert "Note 0" in second
    assert 'rel="prev"' in second
    assert 'rel="next"' not in second
