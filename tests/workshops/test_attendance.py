"""Attendance sessions, marking on the roster page, corrections logged, QR check-in."""

import re
import time
from datetime import date
from datetime import time as clock

import pytest
from itsdangerous import TimestampSigner
from sqlalchemy import select

from app.auth.models import AuditEntry
from app.extensions import db
from app.workshops import attendance, checkin, services
from app.workshops.errors import CheckInFailed
from app.workshops.models import Attendance
from tests.conftest import login
from tests.workshops.factories import make_workshop


@pytest.fixture
def setup(app, make_user):
    organiser = make_user("organiser")
    workshop = make_workshop(organiser, require_lessons=False, require_quizzes=False,
                             min_attendance_percent=50, timezone="Asia/Bangkok")
    learners = [make_user("learner", name=f"Learner {i}") for i in range(3)]
    for learner in learners:
        services.enrol(workshop, learner)
    session = attendance.add_session(workshop, title="Day 1", day=date(2030, 3, 4),
                                     start=clock(9), end=clock(12), actor=organiser)
    db.session.commit()
    return organiser, workshop, learners, session


def test_session_times_are_stored_in_utc(setup):
    _organiser, _workshop, _learners, session = setup
    assert session.starts_at.hour == 2  # 09:00 in Bangkok (UTC+7)


def test_marking_and_correcting_attendance(setup, client):
    organiser, workshop, learners, session = setup
    login(client, organiser)
    url = f"/workshops/{workshop.id}/sessions/{session.id}"
    page = client.get(url).get_data(as_text=True)
    assert "Learner 0" in page
    assert "not marked" in page
    client.post(url, data={"present": [str(learners[0].id), str(learners[1].id)]})
    marks = {a.user_id: a for a in db.session.scalars(select(Attendance))}
    assert [marks[u.id].present for u in learners] == [True, True, False]
    assert not db.session.scalars(select(AuditEntry).where(
        AuditEntry.action == "workshop.attendance_correct")).all()
    # A correction: learner 1 was in fact absent.
    client.post(url, data={"present": [str(learners[0].id)]})
    db.session.expire_all()
    corrected = db.session.scalar(select(Attendance).where(Attendance.user_id == learners[1].id))
    assert corrected.present is False
    assert corrected.corrected_by_id == organiser.id
    assert corrected.log.count("\n") == 2
    assert "absent (manual)" in corrected.log
    audit = db.session.scalar(select(AuditEntry).where(
        AuditEntry.action == "workshop.attendance_correct"))
    assert learners[1].email in audit.details
    assert "present -> absent" in audit.details
    assert "corrected" in client.get(url).get_data(as_text=True)


def test_qr_page_shows_an_inline_svg_code_that_refreshes(setup, client):
    organiser, workshop, _learners, session = setup
    login(client, organiser)
    response = client.get(f"/workshops/{workshop.id}/sessions/{session.id}/qr")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<svg" in page
    assert 'http-equiv="refresh"' in page
    assert "style=" not in page
    assert "<script>" not in page
    assert re.search(rf"/workshops/{workshop.id}/check-in/[\w.-]+", page)


def test_check_in_with_a_fresh_code(setup, client):
    """Opening the link records nothing (a GET); the page's button checks in (a POST)."""
    _organiser, workshop, learners, session = setup
    token = checkin.make_token(session)
    login(client, learners[2])
    url = f"/workshops/{workshop.id}/check-in/{token}"
    response = client.get(url)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Check in to Day 1" in page
    assert '<form method="post">' in page
    assert db.session.scalar(select(Attendance)) is None
    done = client.post(url, follow_redirects=True)
    assert done.status_code == 200
    assert "You are checked in to Day 1" in done.get_data(as_text=True)
    mark = db.session.scalar(select(Attendance).where(Attendance.user_id == learners[2].id))
    assert mark.present
    assert mark.method == "qr"
    assert "already checked in" in client.get(url).get_data(as_text=True)
    again = client.post(url, follow_redirects=True)
    assert "already checked in" in again.get_data(as_text=True)
    assert len(db.session.scalars(select(Attendance)).all()) == 1


def test_a_copied_code_fails_outside_its_window(setup, client, monkeypatch):
    _organiser, workshop, learners, session = setup
    now = time.time()
    monkeypatch.setattr(TimestampSigner, "get_timestamp",
                        lambda self: int(now) - checkin.CHECKIN_TOKEN_MAX_AGE - 5)
    stale = checkin.make_token(session)
    monkeypatch.undo()
    login(client, learners[0])
    response = client.get(f"/workshops/{workshop.id}/check-in/{stale}")
    assert response.status_code == 400
    assert "This check-in code has expired" in response.get_data(as_text=True)
    assert client.post(f"/workshops/{workshop.id}/check-in/{stale}").status_code == 400
    assert db.session.scalar(select(Attendance)) is None
    # Inside the window (two minutes old) it still works.
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: int(now) - 120)
    recent = checkin.make_token(session)
    monkeypatch.undo()
    assert client.post(f"/workshops/{workshop.id}/check-in/{recent}").status_code == 302
    assert db.session.scalar(select(Attendance)).present


def test_check_in_needs_login_enrolment_and_a_genuine_code(setup, client, make_user):
    _organiser, workshop, _learners, session = setup
    token = checkin.make_token(session)
    response = client.get(f"/workshops/{workshop.id}/check-in/{token}")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
    login(client, make_user("learner"))
    response = client.get(f"/workshops/{workshop.id}/check-in/{token}")
    assert response.status_code == 400
    assert "not enrolled" in response.get_data(as_text=True)
    response = client.post(f"/workshops/{workshop.id}/check-in/{token}")
    assert response.status_code == 400
    assert "not enrolled" in response.get_data(as_text=True)
    with pytest.raises(CheckInFailed, match="not valid"):
        checkin.read_token(token[:-2] + "xx", workshop.id)
    with pytest.raises(CheckInFailed, match="another workshop"):
        checkin.read_token(token, workshop.id + 1)


def test_sessions_page_adds_a_session_and_validates(setup, client):
    organiser, workshop, _learners, _session = setup
    login(client, organiser)
    url = f"/workshops/{workshop.id}/sessions"
    bad = client.post(url, data={"title": "Day 2", "day": "2030-03-05", "start": "14:00",
                                 "end": "13:00"})
    assert "must end after it starts" in bad.get_data(as_text=True)
    client.post(url, data={"title": "Day 2", "day": "2030-03-05", "start": "13:00",
                           "end": "17:00"})
    page = client.get(url).get_data(as_text=True)
    assert "Day 1" in page
    assert "Day 2" in page
