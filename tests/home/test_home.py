"""The home per role after sign-in: each demo role sees its own sections with the demo data,
visitors keep the brochure, a user with several roles sees each role's section, and every
section costs the same number of queries whatever the data size."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.auth import demo as auth_demo
from app.courses.models import CourseActivity
from app.extensions import db
from app.timeutil import utcnow
from app.workshops.models import Attendance, AttendanceSession
from tests.conftest import login
from tests.factories import count_queries, row_counts

BROCHURE = "Learning for migration and development across ASEAN and Korea"
SECTIONS = {"learner": 'id="learner-heading"', "trainer": 'id="trainer-heading"',
            "organiser": 'id="organiser-heading"', "admin": 'id="admin-heading"'}


def _text(html: str) -> str:
    """The page's main content as a user reads it (tags dropped, spaces squeezed)."""
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main)).replace(" .", ".")


def _sections(html: str) -> set[str]:
    return {role for role, marker in SECTIONS.items() if marker in html}


def _home(client, email, password):
    login(client, email, password)
    before = row_counts()
    response = client.get("/")
    assert response.status_code == 200
    assert row_counts() == before  # the home writes nothing
    html = response.get_data(as_text=True)
    client.post("/logout")
    return html


@pytest.mark.slow
def test_each_demo_role_sees_its_own_sections_with_the_demo_data(app, runner, client):
    assert runner.invoke(args=["courses", "import", "courses/"]).exit_code == 0
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    password = auth_demo.DEMO_PASSWORD

    visitor = client.get("/").get_data(as_text=True)
    assert BROCHURE in visitor
    assert _sections(visitor) == set()

    learner = _home(client, "learner@demo.test", password)
    assert _sections(learner) == {"learner"}
    text = _text(learner)
    assert BROCHURE not in learner
    assert "Continue where you left off" in text
    assert "International Migration and Development: Foundations" in text
    assert "Resume" in text
    assert "Next: Labour, marriage and student migration" in text
    assert "Labour Migration Governance Workshop, Bangkok (demo)" in text
    assert "What remains:" in text
    assert "lessons left" in text
    assert "No session of your workshops is scheduled ahead" in text  # both days are past
    assert "Module 2 quiz" in text  # open, not passed yet
    assert "AKMN-2026-" in text
    assert "All my certificates (1)" in text
    assert "Practical information for day 2" in text
    assert 'href="/notifications/calendar"' in learner
    assert 'href="/notifications/"' in learner

    trainer = _home(client, "trainer@demo.test", password)
    assert _sections(trainer) == {"trainer"}
    text = _text(trainer)
    assert "No essay is waiting to be graded" in text
    assert "Brain Circulation and Diaspora Engagement for Development" in text
    assert "1 learner active in the last 30 days" in text  # learner@demo.test, Foundations
    assert "44 questions" in text
    banks = text.split("Question banks", 1)[1].split("Workshops I train in", 1)[0]
    assert "Brain Circulation and Diaspora Engagement for Development 44 questions" in banks
    assert "Workshops I train in" in text
    assert "8 learners" in text
    assert 'href="/gradebook/workshops/' in trainer

    organiser = _home(client, "organiser@demo.test", password)
    assert _sections(organiser) == {"organiser"}
    text = _text(organiser)
    assert "Labour Migration Governance Workshop, Bangkok (demo)" in text
    assert "3 completers without a certificate" in text
    assert "Skills recognition and brain circulation between ASEAN and Korea (demo)" in text
    assert "First cohort of 20 trainees certified" in text

    admin = _home(client, "admin@demo.test", password)
    assert _sections(admin) == {"admin"}
    text = _text(admin)
    assert "13 accounts without a password (invitation not accepted)" in text
    assert "quiz-learner-1@demo.test" in text
    assert "Certificate revoked" in text
    assert "AKMN-2026-000008" in text
    assert "login.success" not in admin


def test_visitors_get_the_brochure_and_a_signed_in_user_their_home(client, login_as):
    assert BROCHURE in client.get("/").get_data(as_text=True)
    login_as("learner", name="Ana Learner")
    page = client.get("/").get_data(as_text=True)
    assert BROCHURE not in page
    text = _text(page)
    assert "My home" in text
    assert "Signed in as Ana Learner." in text
    # Empty states say what to do.
    assert "You have no course in progress. Browse the courses" in text
    assert "You are not enrolled in any workshop. See the workshops open for enrolment" in text
    assert "No certificate yet: complete a workshop to receive one." in text


def test_a_user_with_several_roles_sees_each_of_their_sections(client, login_as):
    login_as(("learner", "trainer", "organiser"))
    page = client.get("/").get_data(as_text=True)
    assert _sections(page) == {"learner", "trainer", "organiser"}
    text = _text(page)
    assert "You are not an author of any course yet." in text
    assert "No workshop of yours needs action" in text


def test_the_sections_show_the_records_of_the_world(client, populate):
    learner, trainer, organiser = populate(2)
    login(client, learner)
    text = _text(client.get("/").get_data(as_text=True))
    assert "Course 0 of 2" in text
    assert "Course 1 of 2" in text
    assert "Workshop 0 of 2" in text
    assert "Next session" in text
    assert "(your time zone: Asia/Bangkok)" in text
    assert "Quiz 1" in text
    assert "closes" in text
    assert "Certificate 1 of 2" in text
    assert "All my certificates (2)" in text
    assert "Announcement 1 of 2" in text
    client.post("/logout")

    # One official last studied one of the courses 40 days ago: no longer counted as active.
    stale = db.session.scalars(select(CourseActivity).where(
        CourseActivity.user_id != learner.id).order_by(CourseActivity.id)).first()
    stale.last_active_at = utcnow() - timedelta(days=40)
    db.session.commit()
    login(client, trainer)
    text = _text(client.get("/").get_data(as_text=True))
    assert "2 essays waiting to be graded" in text
    assert "3 learners active in the last 30 days" in text  # the learner and 2 others
    assert "2 learners active in the last 30 days" in text  # the course of the stale one
    assert "Workshop 1 of 2" in text
    client.post("/logout")

    # The learner's attendance recorded in each of today's sessions.
    for session in db.session.scalars(select(AttendanceSession).where(
            AttendanceSession.title == "Day 1")):
        db.session.add(Attendance(session_id=session.id, user_id=learner.id, present=True))
    db.session.commit()
    login(client, organiser)
    page = client.get("/").get_data(as_text=True)
    text = _text(page)
    assert "1 enrolment request to decide" in text
    assert "Attendance to take today: Day" in text
    assert "(1 recorded)" in text
    assert "1 completer without a certificate" in text
    assert "1 certificate whose PDF failed" in text
    assert "Meeting 0 of 2" in text
    assert "Milestone 0 of 2 — Project 0 of 2 due" in text
    assert "overdue" in text
    assert "· Hanoi" in text  # the meeting's city


def _count(client, user) -> int:
    login(client, user)
    with count_queries() as statements:
        assert client.get("/").status_code == 200
    client.post("/logout")
    return len(statements)


def test_each_home_costs_the_same_queries_at_two_data_sizes(app, client, populate,
                                                            make_user):
    small = populate(2)
    admin = make_user("admin")
    counts_small = [_count(client, user) for user in (*small, admin)]
    populate(6, learner=small[0], trainer=small[1], organiser=small[2])
    counts_big = [_count(client, user) for user in (*small, admin)]
    print("queries (learner, trainer, organiser, admin):", counts_small, counts_big)
    assert counts_small == counts_big
    assert all(n < 40 for n in counts_big), counts_big
