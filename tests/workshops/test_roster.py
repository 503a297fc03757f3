"""The organiser's roster: progress per learner in a constant number of queries, filters,
CSV export, the completion-by-country chart."""

import csv
import io
from contextlib import contextmanager
from datetime import date
from datetime import time as clock

from sqlalchemy import event

from app.auth.models import User
from app.extensions import db
from app.workshops import attendance
from app.workshops.models import Enrolment
from tests.conftest import login
from tests.workshops.factories import (
    attempt_quiz,
    complete_lesson,
    items,
    make_course,
    make_workshop,
)

COUNTRIES = ["TH", "VN", "KH", "PH", "ID"]


@contextmanager
def count_queries():
    statements = []

    def listener(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)


def populate(workshop, course, n, session):
    """n learners with some progress each (bulk: no password hashing)."""
    lessons, quizzes = items(course, "lesson"), items(course, "quiz")
    users = [User(email=f"bulk{workshop.id}-{i}@gov.example", name=f"Bulk {i:03d}",
                  country=COUNTRIES[i % 5], agency=f"Ministry {i % 3}") for i in range(n)]
    db.session.add_all(users)
    db.session.flush()
    db.session.add_all(Enrolment(workshop_id=workshop.id, user_id=u.id, status="approved")
                       for u in users)
    for i, user in enumerate(users):
        for item in lessons[: i % (len(lessons) + 1)]:
            complete_lesson(user, item)
        attempt_quiz(user, quizzes[0], 50 + i % 50)
    db.session.commit()
    attendance.mark_attendance(session, {u.id for u in users[::2]},
                               actor=workshop.organisers[0])
    db.session.commit()
    return users


def roster_queries(client, workshop, n, make_user):
    login(client, workshop.organisers[0])
    with count_queries() as statements:
        response = client.get(f"/workshops/{workshop.id}/roster")
    assert response.status_code == 200
    # the table shows one page of learners (ROSTER_PAGE_SIZE), the summary counts everyone
    assert response.get_data(as_text=True).count('<span class="badge') >= min(n, 50)
    assert f"of {n} completed" in response.get_data(as_text=True)
    return len(statements)


def build(app, make_user, n):
    organiser = make_user("organiser")
    course = make_course(lessons=4, quizzes=2)
    workshop = make_workshop(organiser, courses=[course], min_attendance_percent=50)
    session = attendance.add_session(workshop, title="Day 1", day=date(2030, 1, 6),
                                     start=clock(9), end=clock(12), actor=organiser)
    db.session.commit()
    populate(workshop, course, n, session)
    return workshop


def test_roster_query_count_is_the_same_for_5_and_500_learners(app, client, make_user):
    small = build(app, make_user, 5)
    small_count = roster_queries(client, small, 5, make_user)
    client.post("/logout")
    large = build(app, make_user, 500)
    large_count = roster_queries(client, large, 500, make_user)
    assert small_count == large_count, (small_count, large_count)
    assert large_count <= 20


def test_roster_pages_learners_and_summarises_everyone(app, client, make_user):
    workshop = build(app, make_user, 120)
    login(client, workshop.organisers[0])
    first = client.get(f"/workshops/{workshop.id}/roster").get_data(as_text=True)
    assert first.count('<th scope="row">') == 50
    assert "Page 1 of 3" in first
    assert "Bulk 000" in first
    assert "Bulk 049" in first
    assert "Bulk 050" not in first
    assert "of 120 completed" in first
    assert f'href="/workshops/{workshop.id}/roster?page=2" rel="next"' in first
    last = client.get(f"/workshops/{workshop.id}/roster?page=3").get_data(as_text=True)
    assert last.count('<th scope="row">') == 20
    assert "Bulk 119" in last
    assert "Bulk 099" not in last
    assert "Page 3 of 3" in last
    assert 'rel="next"' not in last
    # out of range or not a number: the nearest page, never an error
    assert "Page 3 of 3" in client.get(f"/workshops/{workshop.id}/roster?page=99").get_data(
        as_text=True)
    assert "Page 1 of 3" in client.get(f"/workshops/{workshop.id}/roster?page=-2").get_data(
        as_text=True)
    assert "Page 1 of 3" in client.get(f"/workshops/{workshop.id}/roster?page=x").get_data(
        as_text=True)
    # a filter counts only its learners (one page: no page links); the CSV has everyone
    filtered = client.get(f"/workshops/{workshop.id}/roster?country=TH").get_data(as_text=True)
    assert "Page 1 of 1" not in filtered
    assert "pagination" not in filtered
    assert "of 24 completed" in filtered
    rows = client.get(f"/workshops/{workshop.id}/roster.csv").data.decode("utf-8-sig")
    assert len(rows.strip().splitlines()) == 121


def test_roster_filters_export_and_chart(app, client, make_user):
    organiser = make_user("organiser")
    course = make_course(lessons=2, quizzes=1)
    workshop = make_workshop(organiser, courses=[course], require_quizzes=False)
    done = make_user("learner", name="Done Learner", country="TH", agency="Labour")
    halfway = make_user("learner", name="=Half Learner", country="VN", agency="Justice")
    for user in (done, halfway):
        db.session.add(Enrolment(workshop_id=workshop.id, user_id=user.id, status="approved"))
    for item in items(course, "lesson"):
        complete_lesson(done, item)
    complete_lesson(halfway, items(course, "lesson")[0])
    attempt_quiz(halfway, items(course, "quiz")[0], 66)
    db.session.commit()
    login(client, organiser)
    page = client.get(f"/workshops/{workshop.id}/roster").get_data(as_text=True)
    assert "Done Learner" in page
    assert "=Half Learner" in page
    assert "1 lesson left" in page
    assert "1 of 2 completed" in page
    assert "<svg" in page
    assert "Completion by country" in page
    assert "style=" not in page
    filtered = client.get(f"/workshops/{workshop.id}/roster?country=VN").get_data(as_text=True)
    assert "=Half Learner" in filtered
    assert "Done Learner" not in filtered
    by_agency = client.get(f"/workshops/{workshop.id}/roster?agency=Labour")
    assert "Half Learner" not in by_agency.get_data(as_text=True)

    response = client.get(f"/workshops/{workshop.id}/roster.csv")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))
    by_name = {r["name"]: r for r in rows}
    assert by_name["Done Learner"]["status"] == "completed"
    assert by_name["Done Learner"]["completed_at"]
    half = by_name["'=Half Learner"]  # a formula-like name is neutralised for spreadsheets
    assert half["lessons_done"] == "1"
    assert half["quiz:Quiz 1"] == "66.0"
    assert half["explanation"] == "1 lesson left"


def test_roster_summary_counts_completions_beyond_the_page_shown(app, client, make_user):
    """The summary, the chart and the certificate button count every learner's computed
    status, not only the lines of the page shown."""
    organiser = make_user("organiser")
    course = make_course(lessons=2, quizzes=1)
    workshop = make_workshop(organiser, courses=[course], require_quizzes=False)
    users = [User(email=f"later-{i}@gov.example", name=f"Later {i:03d}",
                  country=COUNTRIES[i % 2], agency="Labour") for i in range(60)]
    db.session.add_all(users)
    db.session.flush()
    db.session.add_all(Enrolment(workshop_id=workshop.id, user_id=u.id, status="approved")
                       for u in users)
    for user in users[50:]:  # page 2 only: 5 in Thailand, 5 in Viet Nam
        for item in items(course, "lesson"):
            complete_lesson(user, item)
    complete_lesson(users[0], items(course, "lesson")[0])
    db.session.commit()
    login(client, organiser)
    first = client.get(f"/workshops/{workshop.id}/roster").get_data(as_text=True)
    assert "Later 049" in first
    assert "Later 050" not in first
    assert "10 of 60 completed" in first
    assert "Issue certificates" in first
    assert "5 / 30" in first  # the chart: completed / enrolled per country
    assert "1 lesson left" in first
    second = client.get(f"/workshops/{workshop.id}/roster?page=2").get_data(as_text=True)
    assert second.count("all requirements met") == 0  # completed lines show no reasons
    assert second.count('<span class="badge ok">Completed</span>') == 10
    thai = client.get(f"/workshops/{workshop.id}/roster?country=TH").get_data(as_text=True)
    assert "5 of 30 completed" in thai
    rows = list(csv.DictReader(io.StringIO(
        client.get(f"/workshops/{workshop.id}/roster.csv").data.decode("utf-8-sig"))))
    assert sum(r["status"] == "completed" for r in rows) == 10
    assert {r["name"] for r in rows if r["status"] == "completed"} == {
        f"Later {i:03d}" for i in range(50, 60)}
