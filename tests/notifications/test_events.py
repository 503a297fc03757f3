"""The done-criteria through the real senders: approving an enrolment, grading an essay and
issuing a certificate each produce exactly one notification and (by preference) one e-mail."""

from __future__ import annotations

from sqlalchemy import select

from app.certificates import services as certificates
from app.certificates.data import CertificateData
from app.extensions import db
from app.mail import outbox
from app.notifications import services
from app.notifications.models import Notification
from app.quizzes import attempts
from app.workshops import services as workshops
from tests.conftest import login
from tests.quizzes.factories import answer_every_slot, make_bank, make_quiz
from tests.quizzes.factories import make_course as make_quiz_course
from tests.workshops.factories import make_workshop


def notes(user) -> list[Notification]:
    return list(db.session.scalars(select(Notification).where(Notification.user_id == user.id)))


def mails_to(user) -> list:
    return [m for m in outbox() if m["To"] == user.email]


def test_approving_through_the_page_gives_one_notification_and_one_email(
        app, client, make_user):
    organiser = make_user("organiser")
    learner = make_user("learner", name="NGUYEN Van An")
    workshop = make_workshop(organiser, enrolment_policy="approval", title="Border Management")
    enrolment = workshops.enrol(workshop, learner)
    db.session.commit()
    assert [n.kind for n in notes(organiser)] == ["enrolment_requested"]
    assert notes(learner) == []
    outbox().clear()

    login(client, organiser)
    response = client.post(f"/workshops/{workshop.id}/enrolments/{enrolment.id}",
                           data={"action": "approve", "note": "Welcome to the cohort"})
    assert response.status_code == 302
    [note] = notes(learner)
    assert note.kind == "enrolment_approved"
    [mail] = mails_to(learner)
    assert mail["Subject"] == "Your enrolment in “Border Management” is approved."
    assert "Welcome to the cohort" in mail.get_content()


def test_approving_without_the_email_preference_sends_no_email(app, make_user):
    organiser, learner = make_user("organiser"), make_user("learner")
    services.save_preferences(learner, email_kinds=set())
    workshop = make_workshop(organiser, enrolment_policy="approval")
    enrolment = workshops.enrol(workshop, learner)
    db.session.commit()
    outbox().clear()
    workshops.approve(enrolment, actor=organiser)
    db.session.commit()
    assert [n.kind for n in notes(learner)] == ["enrolment_approved"]
    assert mails_to(learner) == []


def test_promotion_from_the_waiting_list_is_told_once(app, make_user):
    organiser = make_user("organiser")
    first, second = make_user("learner"), make_user("learner")
    workshop = make_workshop(organiser, capacity=1)
    a = workshops.enrol(workshop, first)
    workshops.enrol(workshop, second)
    db.session.commit()
    outbox().clear()
    workshops.withdraw(a, actor=first)
    db.session.commit()
    assert [n.kind for n in notes(second)] == ["enrolment_promoted"]
    assert len(mails_to(second)) == 1
    assert notes(first) == []


def test_grading_an_essay_gives_one_notification_and_one_email(app, client, make_user):
    trainer, learner = make_user("trainer"), make_user("learner")
    course = make_quiz_course(trainer)
    quiz = make_quiz(course, make_bank(course))
    attempt = attempts.start_attempt(quiz, learner)
    db.session.commit()
    answer_every_slot(attempt)
    attempts.finish(attempt)
    db.session.commit()
    assert [n.kind for n in notes(trainer)] == ["essay_submitted"]
    outbox().clear()

    essay = attempts.manual_slots(attempt)[0]
    login(client, trainer)
    response = client.post(f"/quizzes/attempts/{attempt.id}/grade",
                           data={f"points_{essay}": "1", f"comment_{essay}": "Good"})
    assert response.status_code == 302
    [note] = notes(learner)
    assert note.kind == "attempt_graded"
    [mail] = mails_to(learner)
    assert quiz.title in mail["Subject"]


def test_issuing_a_certificate_gives_one_notification_and_one_email(app, make_user):
    organiser = make_user("organiser")
    holder = make_user("learner", name="CHAN Sokha")
    data = CertificateData(holder_name=holder.name, title="Labour Migration Governance")
    certificate = certificates.issue_certificate(holder, snapshot=data, template="classic",
                                                 issued_by=organiser)
    db.session.flush()
    assert notes(holder) == []  # told after the commit, by a task
    db.session.commit()
    [note] = notes(holder)
    assert note.kind == "certificate_issued"
    assert note.url == f"/certificates/{certificate.id}"
    assert [m["Subject"] for m in mails_to(holder)] == [
        "Your certificate “Labour Migration Governance” has been issued."]
