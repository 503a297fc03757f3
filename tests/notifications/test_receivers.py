"""Notifications fired from the signals: one per event, an e-mail copy by preference.

The senders are being added by the domains; these tests send the signals themselves, with
the sender and keywords that app/signals.py documents."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app import signals
from app.certificates import services as certificates
from app.certificates.data import CertificateData
from app.courses.models import CourseAuthor
from app.extensions import db
from app.mail import outbox
from app.notifications import services
from app.notifications.models import Notification
from app.quizzes.models import FINISHED, Attempt, Quiz
from app.workshops import services as workshops
from tests.workshops.factories import items, make_course, make_workshop


def notes(user, kind=None) -> list[Notification]:
    query = select(Notification).where(Notification.user_id == user.id)
    if kind:
        query = query.where(Notification.kind == kind)
    return list(db.session.scalars(query))


def mails_to(user) -> list:
    return [m for m in outbox() if m["To"] == user.email]


@pytest.fixture
def cohort(make_user):
    organiser = make_user("organiser", name="Org Aniser")
    learner = make_user("learner", name="Lea Rner")
    workshop = make_workshop(organiser, enrolment_policy="approval", title="Border Management")
    return organiser, learner, workshop


def test_approving_an_enrolment_notifies_once_and_emails_once(app, cohort):
    organiser, learner, workshop = cohort
    enrolment = workshops.enrol(workshop, learner)
    assert enrolment.status == "applied"
    db.session.commit()
    outbox().clear()
    enrolment.status = "approved"
    db.session.flush()
    # The same event sent twice (a retried request, a second sender): still one.
    signals.enrolment_changed.send(enrolment, previous="applied", actor=organiser)
    signals.enrolment_changed.send(enrolment, previous="applied", actor=organiser)
    db.session.commit()

    [note] = notes(learner)
    assert note.kind == "enrolment_approved"
    assert note.url == f"/workshops/{workshop.id}"
    [mail] = mails_to(learner)
    assert "Border Management" in mail["Subject"]
    assert "is approved" in mail["Subject"]
    assert f"/workshops/{workshop.id}" in mail.get_content()


def test_the_enrolment_request_notifies_the_workshops_organisers(app, cohort, make_user):
    organiser, learner, workshop = cohort
    enrolment = workshops.enrol(workshop, learner)
    signals.enrolment_changed.send(enrolment, previous=None, actor=learner)
    db.session.commit()
    [note] = notes(organiser)
    assert note.kind == "enrolment_requested"
    assert "Lea Rner asks to enrol in “Border Management”" in services.text_of(
        note.kind, note.data)
    assert note.url == f"/workshops/{workshop.id}/enrolments"
    assert notes(learner) == []  # the learner's own request is no news to them


def test_waitlisted_then_promoted_are_two_events(app, cohort):
    organiser, learner, workshop = cohort
    enrolment = workshops.enrol(workshop, learner)
    enrolment.status = "waitlisted"
    db.session.flush()
    signals.enrolment_changed.send(enrolment, previous="applied", actor=organiser)
    enrolment.status = "approved"
    db.session.flush()
    signals.enrolment_changed.send(enrolment, previous="waitlisted", actor=None)
    db.session.commit()
    assert sorted(n.kind for n in notes(learner)) == ["enrolment_promoted",
                                                      "enrolment_waitlisted"]
    assert len(mails_to(learner)) == 2


def test_no_email_when_the_preference_is_off(app, cohort):
    organiser, learner, workshop = cohort
    services.save_preferences(learner, email_kinds={"announcement"})
    enrolment = workshops.enrol(workshop, learner)
    db.session.commit()
    outbox().clear()
    enrolment.status = "approved"
    signals.enrolment_changed.send(enrolment, previous="applied", actor=organiser)
    db.session.commit()
    assert [n.kind for n in notes(learner)] == ["enrolment_approved"]
    assert mails_to(learner) == []


def _essay_attempt(learner, trainer):
    course = make_course(lessons=0, quizzes=1)
    db.session.add(CourseAuthor(course_id=course.id, user_id=trainer.id))
    quiz = db.session.scalars(select(Quiz).where(Quiz.item_id == items(course, "quiz")[0].id)
                              ).one()
    attempt = Attempt(quiz_id=quiz.id, user_id=learner.id, state=FINISHED, needs_grading=True,
                      max_score=10)
    db.session.add(attempt)
    db.session.commit()
    return quiz, attempt


def test_an_essay_submitted_notifies_the_courses_trainers(app, make_user):
    trainer, learner = make_user("trainer"), make_user("learner", name="Essay Writer")
    quiz, attempt = _essay_attempt(learner, trainer)
    signals.attempt_finished.send(attempt, user=learner, quiz=quiz, needs_grading=True)
    signals.attempt_finished.send(attempt, user=learner, quiz=quiz, needs_grading=True)
    db.session.commit()
    [note] = notes(trainer)
    assert note.kind == "essay_submitted"
    assert note.url == f"/quizzes/attempts/{attempt.id}/grade"
    assert len(mails_to(trainer)) == 1
    assert notes(learner) == []


def test_grading_an_essay_notifies_the_learner_once_per_grade(app, make_user):
    trainer, learner = make_user("trainer"), make_user("learner")
    quiz, attempt = _essay_attempt(learner, trainer)
    outbox().clear()
    attempt.needs_grading, attempt.score, attempt.percent = False, 8, 80.0
    signals.attempt_graded.send(attempt, grader=trainer)
    signals.attempt_graded.send(attempt, grader=trainer)
    db.session.commit()
    [note] = notes(learner)
    assert services.text_of(note.kind, note.data) == (
        f"Your attempt at “{quiz.title}” has been graded: 80 %.")
    assert note.url == f"/quizzes/attempts/{attempt.id}/review"
    assert len(mails_to(learner)) == 1
    # A regrade that changes the grade is a new event.
    attempt.score, attempt.percent = 9, 90.0
    signals.attempt_graded.send(attempt, grader=None)
    db.session.commit()
    assert len(notes(learner, "attempt_graded")) == 2


def test_issuing_and_revoking_a_certificate_notify_the_holder(app, make_user):
    organiser = make_user("organiser")
    holder = make_user("learner", name="CHAN Sokha", native_name="ចាន់ សុខា")
    data = CertificateData(holder_name=holder.name, holder_native_name=holder.native_name,
                           title="Labour Migration Governance")
    certificate = certificates.issue_certificate(holder, snapshot=data, template="classic",
                                                 issued_by=organiser)
    signals.certificate_issued.send(certificate, actor=organiser)  # a second time
    db.session.commit()  # the notification is written by a task after the commit
    certificates.revoke_certificate(certificate, reason="Issued by mistake", actor=organiser)
    signals.certificate_revoked.send(certificate, actor=organiser, reason="Issued by mistake")
    db.session.commit()
    assert sorted(n.kind for n in notes(holder)) == ["certificate_issued",
                                                     "certificate_revoked"]
    assert all(n.url == f"/certificates/{certificate.id}" for n in notes(holder))
    assert sorted(m["Subject"] for m in mails_to(holder)) == [
        "Your certificate “Labour Migration Governance” has been issued.",
        "Your certificate “Labour Migration Governance” has been revoked.",
    ]


def test_the_database_refuses_a_second_row_for_one_event(app, make_user):
    user = make_user()
    for _ in range(2):
        db.session.add(Notification(user_id=user.id, kind="announcement", subject="a:1",
                                    event="posted", data={}, url=""))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_email_links_use_the_public_base_url(app, cohort):
    organiser, learner, workshop = cohort
    app.config["PUBLIC_BASE_URL"] = "https://learn.example.org"
    enrolment = workshops.enrol(workshop, learner)
    db.session.commit()
    outbox().clear()
    enrolment.status = "approved"
    signals.enrolment_changed.send(enrolment, previous="applied", actor=organiser)
    db.session.commit()
    [mail] = mails_to(learner)
    body = mail.get_content()
    assert f"https://learn.example.org/workshops/{workshop.id}" in body
    assert "https://learn.example.org/notifications/preferences" in body
