"""Enrolment by policy, decisions with notes, invitations, capacity and the waiting list."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.auth.models import AuditEntry, User
from app.extensions import db
from app.mail import outbox
from app.workshops import services
from app.workshops.errors import (
    AlreadyEnrolled,
    EnrolmentClosed,
    NotInvited,
    WorkshopFull,
)
from app.workshops.models import Enrolment
from tests.conftest import login
from tests.workshops.factories import make_course, make_workshop


@pytest.fixture
def organiser(make_user):
    return make_user("organiser", name="Maria SANTOS")


def test_open_policy_enrols_at_once_and_confirms_by_mail(app, organiser, make_user):
    workshop = make_workshop(organiser, courses=[make_course()])
    learner = make_user("learner", name="NGUYEN Van An")
    enrolment = services.enrol(workshop, learner)
    db.session.commit()
    assert enrolment.status == "approved"
    assert outbox()[-1]["To"] == learner.email
    assert "is confirmed" in outbox()[-1].get_content()
    with pytest.raises(AlreadyEnrolled):
        services.enrol(workshop, learner)


def test_approval_policy_application_then_decisions_with_notes(app, organiser, make_user):
    workshop = make_workshop(organiser, enrolment_policy="approval")
    first, second = make_user("learner"), make_user("learner")
    a = services.enrol(workshop, first)
    b = services.enrol(workshop, second)
    assert (a.status, b.status) == ("applied", "applied")
    sent = len(outbox())
    services.approve(a, actor=organiser, note="Welcome to the cohort")
    services.decline(b, actor=organiser, note="Reserved for labour ministries")
    db.session.commit()
    assert (a.status, b.status) == ("approved", "declined")
    assert a.decided_by_id == organiser.id
    # The organiser is also told of each application now (app.notifications): read the
    # learners' mail.
    mails = [m for m in outbox()[sent:] if m["To"] in (first.email, second.email)]
    assert "Welcome to the cohort" in mails[0].get_content()
    assert "Reserved for labour ministries" in mails[1].get_content()
    with pytest.raises(Exception, match="declined"):
        services.enrol(workshop, second)
    actions = set(db.session.scalars(select(AuditEntry.action)))
    assert {"workshop.approve", "workshop.decline"} <= actions


def test_invitation_policy_needs_an_invitation(app, organiser, make_user):
    workshop = make_workshop(organiser, enrolment_policy="invitation")
    outsider = make_user("learner")
    with pytest.raises(NotInvited):
        services.enrol(workshop, outsider)
    enrolment, created = services.invite(workshop, email=outsider.email, actor=organiser)
    assert not created
    assert enrolment.status == "invited"
    assert services.enrol(workshop, outsider).status == "approved"


def test_invite_unknown_address_creates_account_and_sends_password_link(app, organiser):
    workshop = make_workshop(organiser, enrolment_policy="invitation")
    _enrolment, created = services.invite(workshop, email="Somchai@Labour.example",
                                         name="Somchai JAIDEE", country="TH", actor=organiser)
    db.session.commit()
    user = db.session.scalar(select(User).where(User.email == "somchai@labour.example"))
    assert created
    assert user.country == "TH"
    assert user.roles == {"learner"}
    body = outbox()[-1].get_content()
    assert "/welcome/" in body
    assert f"/workshops/{workshop.id}" in body


def test_capacity_waitlist_and_promotion(app, organiser, make_user):
    workshop = make_workshop(organiser, capacity=1)
    first, second = make_user("learner"), make_user("learner")
    a = services.enrol(workshop, first)
    b = services.enrol(workshop, second)
    assert (a.status, b.status) == ("approved", "waitlisted")
    db.session.commit()  # mail leaves after the commit
    sent = len(outbox())
    services.withdraw(a, actor=first)
    db.session.commit()
    assert (a.status, b.status) == ("withdrawn", "approved")
    assert outbox()[sent]["To"] == second.email


def test_approving_beyond_capacity_is_refused(app, organiser, make_user):
    workshop = make_workshop(organiser, capacity=1, enrolment_policy="approval")
    a = services.enrol(workshop, make_user("learner"))
    b = services.enrol(workshop, make_user("learner"))
    services.approve(a, actor=organiser)
    with pytest.raises(WorkshopFull):
        services.approve(b, actor=organiser)
    services.waitlist(b, actor=organiser)
    services.save_workshop(workshop, {"capacity": 2}, actor=organiser)
    assert b.status == "approved"


def test_closed_enrolment(app, organiser, make_user):
    learner = make_user("learner")
    draft = make_workshop(organiser, status="draft")
    with pytest.raises(EnrolmentClosed):
        services.enrol(draft, learner)
    late = make_workshop(organiser, enrolment_deadline=date.today() - timedelta(days=2))
    with pytest.raises(EnrolmentClosed):
        services.enrol(late, learner)


def test_enrol_and_withdraw_through_the_pages(app, client, organiser, make_user):
    workshop = make_workshop(organiser, capacity=10, title="Labour Migration Statistics")
    learner = make_user("learner")
    login(client, learner)
    page = client.get(f"/workshops/{workshop.id}").get_data(as_text=True)
    assert "Labour Migration Statistics" in page
    assert "10 of 10 left" in page
    response = client.post(f"/workshops/{workshop.id}/enrol", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "You are enrolled" in page
    assert "9 of 10 left" in page
    assert "Labour Migration Statistics" in client.get("/workshops/").get_data(as_text=True)
    client.post(f"/workshops/{workshop.id}/withdraw")
    assert db.session.scalar(select(Enrolment.status)) == "withdrawn"


def test_organiser_decides_on_the_enrolments_page(app, client, organiser, make_user):
    workshop = make_workshop(organiser, enrolment_policy="approval")
    applicant = make_user("learner", name="PHAN Thi Lan", country="VN")
    enrolment = services.enrol(workshop, applicant)
    db.session.commit()
    login(client, organiser)
    page = client.get(f"/workshops/{workshop.id}/enrolments").get_data(as_text=True)
    assert "PHAN Thi Lan" in page
    assert "Waiting for a decision" in page
    response = client.post(f"/workshops/{workshop.id}/enrolments/{enrolment.id}",
                           data={"action": "approve", "note": "See you in Bangkok"})
    assert response.status_code == 302
    db.session.refresh(enrolment)
    assert enrolment.status == "approved"
    assert enrolment.note == "See you in Bangkok"


def test_invite_form_asks_for_a_name_for_unknown_addresses(app, client, organiser):
    workshop = make_workshop(organiser, enrolment_policy="invitation")
    login(client, organiser)
    response = client.post(f"/workshops/{workshop.id}/invite",
                           data={"email": "new.person@example.test", "country": "LA"})
    assert response.status_code == 200
    assert "Give the name of the person" in response.get_data(as_text=True)
    response = client.post(f"/workshops/{workshop.id}/invite",
                           data={"email": "new.person@example.test", "name": "Khamla SOUK",
                                 "country": "LA"})
    assert response.status_code == 302
    assert db.session.scalar(select(Enrolment.status)) == "invited"


def test_workshop_form_creates_a_draft_and_validates(app, client, make_user):
    organiser = make_user("organiser")
    course = make_course(title="Remittances and Financial Inclusion")
    login(client, organiser)
    bad = client.post("/workshops/new", data={
        "title": "Bad dates", "start_date": "2030-05-10", "end_date": "2030-05-01",
        "mode": "online", "host_country": "TH", "timezone": "Asia/Bangkok",
        "enrolment_policy": "open", "organiser_ids": [str(organiser.id)],
        "min_attendance_percent": "0"})
    page = bad.get_data(as_text=True)
    assert bad.status_code == 200
    assert "cannot end before it starts" in page
    assert "at least one completion requirement" in page
    good = client.post("/workshops/new", data={
        "title": "Remittances Workshop", "start_date": "2030-05-01", "end_date": "2030-05-03",
        "mode": "blended", "host_country": "TH", "city": "Bangkok", "timezone": "Asia/Bangkok",
        "enrolment_policy": "approval", "organiser_ids": [str(organiser.id)],
        "course_ids": [str(course.id)], "require_lessons": "y", "min_attendance_percent": "80",
        "capacity": "30", "languages": ["en", "th"], "certificate_languages": ["en"],
        "certificate_template": "classic"})
    assert good.status_code == 302
    page = client.get(good.headers["Location"]).get_data(as_text=True)
    assert "Remittances Workshop" in page
    assert "Draft" in page
    assert "Remittances and Financial Inclusion" in page
    assert "attend at least 80 % of the attendance days" in page
