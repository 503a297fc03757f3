"""A workshop opens its courses to its enrolled learners, prerequisites or not: for them the
prerequisites are advice; organisers are warned when a course's prerequisites are not in the
workshop; the workshop page names them (issue #16, the blocker)."""

from sqlalchemy import select

from app.courses.models import LessonProgress
from app.extensions import db
from app.quizzes.models import Quiz
from app.quizzes.permissions import can_take_quiz
from app.workshops import services
from app.workshops.models import Workshop
from tests.conftest import login
from tests.workshops.factories import items, make_course, make_workshop


def _pair():
    basics = make_course(title="Foundations", lessons=1, quizzes=0)
    advanced = make_course(title="Brain circulation", prerequisites=[basics])
    return basics, advanced


def test_enrolment_opens_a_course_whose_prerequisite_is_outside_the_workshop(
        app, client, make_user):
    basics, advanced = _pair()
    workshop = make_workshop(make_user("organiser"), courses=[advanced],
                             title="Governance Workshop, Bangkok")
    enrolled, outsider = make_user("learner"), make_user("learner")
    services.enrol(workshop, enrolled)
    db.session.commit()
    lesson = items(advanced, "lesson")[0]
    quiz = db.session.scalar(select(Quiz).where(Quiz.item_id == items(advanced, "quiz")[0].id))

    login(client, enrolled)
    page = client.get(f"/courses/{advanced.slug}/").get_data(as_text=True)
    assert "Recommended before this course:" in page
    assert f'href="/courses/{basics.slug}/">Foundations</a>' in page
    assert "Your enrolment in the workshop Governance Workshop, Bangkok opens this course" in page
    assert "Before you start this course, complete:" not in page
    assert "Start the course" in page
    response = client.get(f"/courses/{advanced.slug}/lessons/{lesson.id}")
    assert response.status_code == 200
    assert "Recommended before this course:" in response.get_data(as_text=True)
    client.post(f"/courses/{advanced.slug}/lessons/{lesson.id}/done")
    assert db.session.scalar(select(LessonProgress.user_id)) == enrolled.id
    assert client.get(f"/quizzes/{quiz.id}").status_code == 200
    assert can_take_quiz(enrolled, quiz)

    # Somebody else still meets the lock, with the same clear message as before.
    other = app.test_client()
    login(other, outsider)
    page = other.get(f"/courses/{advanced.slug}/").get_data(as_text=True)
    assert "Before you start this course, complete:" in page
    assert "Start the course" not in page
    assert other.get(f"/courses/{advanced.slug}/lessons/{lesson.id}").status_code == 302
    assert not can_take_quiz(outsider, quiz)


def test_withdrawing_or_a_cancelled_workshop_closes_the_course_again(app, make_user):
    from app.courses.permissions import can_study

    _, advanced = _pair()
    organiser = make_user("organiser")
    workshop = make_workshop(organiser, courses=[advanced])
    learner = make_user("learner")
    enrolment = services.enrol(workshop, learner)
    db.session.commit()
    assert can_study(learner, advanced)
    services.withdraw(enrolment, actor=learner)
    db.session.commit()
    assert not can_study(learner, advanced)
    other = make_user("learner")
    services.enrol(workshop, other)
    workshop.status = "cancelled"
    db.session.commit()
    assert not can_study(other, advanced)


def test_the_workshop_form_warns_about_prerequisites_outside_the_workshop(
        app, client, make_user):
    basics, advanced = _pair()
    organiser = make_user("organiser")
    login(client, organiser)
    data = {"title": "Diaspora Workshop", "start_date": "2030-03-04",
            "end_date": "2030-03-05", "mode": "online", "host_country": "TH",
            "timezone": "Asia/Bangkok", "enrolment_policy": "open",
            "organiser_ids": [str(organiser.id)], "course_ids": [str(advanced.id)],
            "require_lessons": "y", "languages": ["en"], "certificate_template": "classic",
            "certificate_languages": ["en"]}
    page = client.post("/workshops/new", data=data, follow_redirects=True).get_data(
        as_text=True)
    assert "The workshop has been created as a draft." in page  # saved, not refused
    assert ("Brain circulation has a prerequisite that is not a course of this workshop: "
            "Foundations.") in page
    workshop = db.session.scalar(select(Workshop))
    assert [c.id for c in workshop.courses] == [advanced.id]
    # The page names each course's prerequisites.
    assert "Prerequisite (recommended; enrolment opens the course): Foundations" in page

    # With the prerequisite in the workshop too, nothing to warn about.
    data["course_ids"] = [str(basics.id), str(advanced.id)]
    page = client.post(f"/workshops/{workshop.id}/edit", data=data,
                       follow_redirects=True).get_data(as_text=True)
    assert "Saved." in page
    assert "not a course of this workshop" not in page


def test_the_demo_workshop_is_built_on_a_course_with_a_prerequisite_and_opens_it(
        app, client):
    from app.auth import demo as auth_demo
    from app.auth.services import get_user_by_email
    from app.workshops import demo

    make_course(title="Another course")  # first by id: the demo must not simply take it
    foundations = make_course(slug="migration-development-foundations", lessons=1)
    make_course(slug="brain-circulation-diaspora", prerequisites=[foundations])
    auth_demo.load()
    demo.load()
    db.session.commit()
    workshop = db.session.scalar(select(Workshop))
    course = workshop.courses[0]
    assert course.slug == "brain-circulation-diaspora"
    login(client, get_user_by_email("learner@demo.test"), auth_demo.DEMO_PASSWORD)
    page = client.get(f"/workshops/{workshop.id}").get_data(as_text=True)
    assert "Prerequisite (recommended; enrolment opens the course)" in page
    prefix = f"/courses/{course.slug}/lessons/"
    step = page[page.index(f'href="{prefix}') + 6:].split('"')[0]  # a "Next steps" link
    response = client.get(step)
    assert response.status_code == 200
    assert "Recommended before this course:" in response.get_data(as_text=True)
