"""The gradebook: one row per learner with each quiz's grade, lessons done, attendance and
completion; filters; XLSX that opens in openpyxl; CSV with a BOM; constant queries."""

from __future__ import annotations

import csv
import io
from datetime import date
from datetime import time as clock

import openpyxl
import pytest
from sqlalchemy import event

from app.extensions import db
from app.workshops import attendance, roster
from app.workshops import services as workshops
from app.workshops.models import Attendance
from tests.conftest import login
from tests.workshops.factories import (
    attempt_quiz,
    complete_lesson,
    items,
    make_course,
    make_workshop,
)

NAMES = [  # names in the scripts of the region, and one that looks like a formula
    ("CHAN Sokha", "ចាន់ សុខា", "KH", "Ministry of Labour"),
    ("SOMCHAI Prasert", "สมชาย ประเสริฐ", "TH", "Department of Employment"),
    ("KIM Minji", "김민지", "KR", "Ministry of Employment"),
    ("AUNG Kyaw", "အောင်ကျော်", "MM", "Ministry of Labour"),
    ("=HYPERLINK(\"x\")", "", "PH", "=cmd"),
]


@pytest.fixture
def book(make_user):
    organiser, trainer = make_user("organiser"), make_user("trainer")
    course = make_course(lessons=2, quizzes=2)
    workshop = make_workshop(organiser, courses=[course], trainer_ids=[trainer.id],
                             min_attendance_percent=50)
    learners = [make_user("learner", name=n, native_name=nn, country=c, agency=a)
                for n, nn, c, a in NAMES]
    for learner in learners:
        workshops.enrol(workshop, learner)
    lessons, quizzes = items(course, "lesson"), items(course, "quiz")
    complete_lesson(learners[0], lessons[0])
    complete_lesson(learners[0], lessons[1])
    attempt_quiz(learners[0], quizzes[0], 85)
    attempt_quiz(learners[0], quizzes[1], 72.5)
    attempt_quiz(learners[1], quizzes[0], 40)
    session = attendance.add_session(workshop, title="Day 1", day=date(2030, 1, 6),
                                     start=clock(9), end=clock(12), actor=organiser)
    db.session.flush()
    db.session.add(Attendance(session_id=session.id, user_id=learners[0].id, present=True))
    db.session.commit()
    return workshop, organiser, trainer, learners


def test_the_page_shows_each_learner_with_grades_lessons_attendance(client, book):
    workshop, _organiser, trainer, _learners = book
    login(client, trainer)
    page = client.get(f"/gradebook/workshops/{workshop.id}").get_data(as_text=True)
    assert "5 learners" in page
    assert "CHAN Sokha (ចាន់ សុខា)" in page
    assert '<th scope="col" class="num">Quiz 1</th>' in page
    assert ">85 %<" in page
    assert ">73 %<" in page or ">72 %<" in page
    assert ">40 %<" in page
    assert ">100 %<" in page  # CHAN's lessons and attendance
    assert "Gradebook" in page


def test_filters_by_country_and_agency(client, book):
    workshop, organiser, _trainer, _learners = book
    login(client, organiser)
    page = client.get(f"/gradebook/workshops/{workshop.id}?country=TH").get_data(as_text=True)
    assert "1 learner" in page
    assert "SOMCHAI" in page
    assert "CHAN Sokha" not in page
    page = client.get(f"/gradebook/workshops/{workshop.id}?agency=Ministry+of+Labour"
                      ).get_data(as_text=True)
    assert "2 learners" in page


def test_the_xlsx_opens_in_openpyxl_with_one_row_per_learner_matching_the_roster(client, book):
    workshop, organiser, _trainer, _learners = book
    login(client, organiser)
    response = client.get(f"/gradebook/workshops/{workshop.id}/gradebook.xlsx")
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    assert "attachment" in response.headers["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert header[:5] == ("Name", "Name in own script", "E-mail", "Country", "Agency")
    assert header[5:7] == ("Quiz 1 (best %)", "Quiz 2 (best %)")
    assert header[7:] == ("Lessons done (%)", "Attendance (%)", "Completion", "Completed on")

    view = roster.roster(workshop)
    assert [r[2] for r in body] == [line.user.email for line in view.lines]
    by_name = {r[0]: r for r in body}
    assert {r[1] for r in body} >= {nn for _n, nn, _c, _a in NAMES if nn}
    chan = by_name["CHAN Sokha"]
    assert chan[5:9] == (85, 72.5, 100, 100)
    assert chan[9] == "Completed"
    somchai = by_name["SOMCHAI Prasert"]
    assert somchai[5:9] == (40, None, 0, 0)
    # A name that looks like a formula stays text in the cell.
    formula = next(c for c in sheet["A"] if c.value == "=HYPERLINK(\"x\")")
    assert formula.data_type == "s"


def test_the_csv_has_a_bom_and_the_same_rows(client, book):
    workshop, organiser, _trainer, _learners = book
    login(client, organiser)
    response = client.get(f"/gradebook/workshops/{workshop.id}/gradebook.csv?country=KH")
    assert response.status_code == 200
    text = response.data.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][0] == "Name"
    assert [r[1] for r in rows[1:]] == ["ចាន់ សុខា"]
    assert rows[1][5:9] == ["85", "72.5", "100", "100"]


def test_the_formula_name_is_neutralised_in_the_csv(client, book):
    workshop, organiser, _trainer, _learners = book
    login(client, organiser)
    text = client.get(f"/gradebook/workshops/{workshop.id}/gradebook.csv?country=PH"
                      ).data.decode("utf-8")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[1][0] == "'=HYPERLINK(\"x\")"


def _count_statements(fn) -> int:
    statements = []

    def count(*_args, **_kwargs):
        statements.append(1)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        fn()
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return len(statements)


def test_constant_queries_whatever_the_cohort_size(app, client, make_user):
    organiser = make_user("organiser")
    course = make_course(lessons=3, quizzes=2)
    workshop = make_workshop(organiser, courses=[course])
    quizzes = items(course, "quiz")

    def add_learners(n):
        for i in range(n):
            learner = make_user("learner", country="TH" if i % 2 else "VN")
            workshops.enrol(workshop, learner)
            attempt_quiz(learner, quizzes[0], 50 + i)
        db.session.commit()

    login(client, organiser)

    def workshop_learners():
        return roster.roster(workshop).lines

    def measure() -> dict:
        client.get(f"/gradebook/workshops/{workshop.id}")  # completion recorded once
        counts = {}
        for path in ("", "/gradebook.xlsx", "/gradebook.csv"):
            url = f"/gradebook/workshops/{workshop.id}{path}"
            responses = []
            counts[path] = _count_statements(
                lambda url=url, got=responses: got.append(client.get(url)))
            assert responses[0].status_code == 200
        rows = client.get(f"/gradebook/workshops/{workshop.id}").get_data(as_text=True)
        assert rows.count('<th scope="row">') == min(50, len(workshop_learners()))
        assert f"{len(workshop_learners())} learners" in rows  # everyone, not the page
        return counts

    add_learners(3)
    small = measure()
    add_learners(57)  # past one page of 50: the page still costs the same
    large = measure()
    assert large == small
    assert max(small.values()) < 30
    assert len(workshop_learners()) == 60
