"""Reports across workshops: learners and completions by country, agency, year, workshop."""

import csv
import io
from datetime import date

import pytest

from app.extensions import db
from app.workshops.models import Enrolment
from tests.conftest import login
from tests.workshops.factories import make_workshop


@pytest.fixture
def data(app, make_user):
    organiser = make_user("organiser")
    w2029 = make_workshop(organiser, title="Statistics 2029", start_date=date(2029, 3, 1),
                          end_date=date(2029, 3, 3))
    w2030 = make_workshop(organiser, title="Remittances 2030", start_date=date(2030, 6, 1),
                          end_date=date(2030, 6, 2))
    cancelled = make_workshop(organiser, title="Cancelled", status="cancelled",
                              start_date=date(2030, 1, 1), end_date=date(2030, 1, 1))
    people = [("TH", "Labour", w2029, "completed"), ("TH", "Labour", w2030, "in_progress"),
              ("VN", "Justice", w2029, "completed"), ("VN", "Labour", w2030, "completed"),
              ("KH", "Justice", cancelled, "completed")]
    for i, (country, agency, workshop, status) in enumerate(people):
        user = make_user("learner", country=country, agency=agency, name=f"P{i}")
        db.session.add(Enrolment(workshop_id=workshop.id, user_id=user.id, status="approved",
                                 completion_status=status))
    withdrawn = make_user("learner", country="KH")
    db.session.add(Enrolment(workshop_id=w2030.id, user_id=withdrawn.id, status="withdrawn"))
    db.session.commit()
    return organiser, w2029, w2030


def rows_of(response):
    return list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))


def test_by_country_agency_year_and_workshop(data, client):
    organiser, _w2029, _w2030 = data
    login(client, organiser)
    page = client.get("/reports/").get_data(as_text=True)
    assert '<th scope="row">Thailand' in page
    assert '<th scope="row">Viet Nam' in page
    assert '<th scope="row">Cambodia' not in page  # only in a cancelled workshop
    assert "<svg" in page
    assert "style=" not in page
    by_country = {r["country"]: r for r in rows_of(client.get("/reports/export.csv"))}
    assert by_country["TH"]["learners"] == "2"
    assert by_country["TH"]["completed"] == "1"
    assert by_country["VN"]["completion_rate"] == "100"
    by_agency = {r["agency"]: r for r in rows_of(client.get("/reports/export.csv?by=agency"))}
    assert by_agency["Labour"]["learners"] == "3"
    assert by_agency["Justice"]["learners"] == "1"
    by_year = rows_of(client.get("/reports/export.csv?by=year"))
    assert [(r["year"], r["learners"], r["completed"]) for r in by_year] == [
        ("2030", "2", "1"), ("2029", "2", "2")]
    by_workshop = {r["label"]: r for r in rows_of(client.get("/reports/export.csv?by=workshop"))}
    assert set(by_workshop) == {"Statistics 2029", "Remittances 2030"}


def test_filters(data, client):
    organiser, w2029, _w2030 = data
    login(client, organiser)
    rows = rows_of(client.get("/reports/export.csv?by=agency&year=2030"))
    assert [(r["agency"], r["learners"]) for r in rows] == [("Labour", "2")]
    rows = rows_of(client.get(f"/reports/export.csv?by=country&workshop={w2029.id}&country=VN"))
    assert [(r["country"], r["completed"]) for r in rows] == [("VN", "1")]
    page = client.get("/reports/?year=2001").get_data(as_text=True)
    assert "No enrolment matches these filters." in page


def test_reports_are_for_organisers(data, client, make_user):
    login(client, make_user("trainer"))
    assert client.get("/reports/").status_code == 403


def test_learners_are_people_not_enrolments(app, client, make_user):
    from app.reports import services

    organiser = make_user("organiser")
    first = make_workshop(organiser, title="First", start_date=date(2031, 2, 1),
                          end_date=date(2031, 2, 2))
    second = make_workshop(organiser, title="Second", start_date=date(2031, 5, 1),
                           end_date=date(2031, 5, 2))
    twice = make_user("learner", country="LA", name="Twice Enrolled")
    once = make_user("learner", country="LA", name="Once Enrolled")
    for workshop, user, status in ((first, twice, "completed"), (second, twice, "completed"),
                                   (first, once, "in_progress")):
        db.session.add(Enrolment(workshop_id=workshop.id, user_id=user.id, status="approved",
                                 completion_status=status))
    db.session.commit()
    report = services.build_report("country", year=2031)
    assert [(r.key, r.learners, r.completed) for r in report.rows] == [("LA", 2, 1)]
    by_workshop = services.build_report("workshop", year=2031)
    assert sorted((r.label, r.learners) for r in by_workshop.rows) == [("First", 2),
                                                                       ("Second", 1)]
    assert (by_workshop.totals.learners, by_workshop.totals.completed) == (2, 1)
    login(client, organiser)
    rows = rows_of(client.get("/reports/export.csv?by=country&year=2031"))
    assert [(r["country"], r["learners"], r["completed"]) for r in rows] == [("LA", "2", "1")]
