"""The issue's acceptance journey, through the pages: an organiser creates a blended workshop
for a course, imports a roster of 30 officials (a bad file first), runs two attendance
sessions (one by QR check-in) and the roster shows who completed, correctly explained."""

import csv
import io
import re
from urllib.parse import urlsplit

from sqlalchemy import select

from app.auth.models import User
from app.extensions import db
from app.mail import outbox
from app.workshops.models import Workshop
from tests.conftest import BrowserClient, login
from tests.workshops.factories import attempt_quiz, complete_lesson, items, make_course
from tests.workshops.test_roster_import import HEADER, roster_csv

PASSWORD = "a-good-test-passphrase"


def official_client(app, email: str) -> BrowserClient:
    """An imported official accepts the e-mailed invitation, then signs in."""
    mail = next(m for m in reversed(outbox()) if m["To"] == email)
    link = re.search(r"https?://\S+/welcome/\S+", mail.get_content()).group(0)
    app.test_client_class = BrowserClient
    client = app.test_client()
    path = urlsplit(link).path
    response = client.post(path, data={"password": PASSWORD, "confirm": PASSWORD})
    assert response.status_code == 302
    login(client, email, PASSWORD)
    return client


def test_blended_workshop_from_roster_to_completion(app, client, make_user):
    organiser = make_user("organiser")
    course = make_course(lessons=2, quizzes=1, title="Labour Migration Governance")
    login(client, organiser)

    response = client.post("/workshops/new", data={
        "title": "Labour Migration Governance, Bangkok", "start_date": "2030-03-04",
        "end_date": "2030-03-05", "mode": "blended", "host_country": "TH", "city": "Bangkok",
        "timezone": "Asia/Bangkok", "enrolment_policy": "approval", "capacity": "30",
        "organiser_ids": [str(organiser.id)], "course_ids": [str(course.id)],
        "require_lessons": "y", "require_quizzes": "y", "min_attendance_percent": "50",
        "languages": ["en"], "certificate_template": "classic",
        "certificate_languages": ["en"]})
    assert response.status_code == 302
    workshop = db.session.scalar(select(Workshop))
    base = f"/workshops/{workshop.id}"
    client.post(f"{base}/status", data={"status": "open"})

    bad = (HEADER + "ok@gov.example,OK Person,,TH,Labour,,en,\n"
           + "broken-address,Someone,,TH,,,en,\n" + "x@gov.example,X,,QQ,,,en,\n")
    page = client.post(f"{base}/roster/import", data={"file": (io.BytesIO(bad.encode()),
                                                               "roster.csv")},
                       content_type="multipart/form-data").get_data(as_text=True)
    assert "line 3: invalid e-mail address" in page
    assert "line 4: unknown country code" in page
    assert db.session.scalar(select(User).where(User.email == "ok@gov.example")) is None

    good = roster_csv(30).encode()
    response = client.post(f"{base}/roster/import", data={"file": (io.BytesIO(good),
                                                                   "roster.csv")},
                           content_type="multipart/form-data", follow_redirects=True)
    assert "30 officials enrolled (30 new accounts invited)" in response.get_data(as_text=True)

    for title, day in (("Day 1", "2030-03-04"), ("Day 2", "2030-03-05")):
        client.post(f"{base}/sessions", data={"title": title, "day": day, "start": "09:00",
                                              "end": "16:00"})
    day1, day2 = workshop.sessions
    officials = {u.email: u for u in db.session.scalars(
        select(User).where(User.email.like("official%")))}

    # Day 1: marked on the roster page — everybody but officials 1 and 2.
    present = [str(u.id) for e, u in officials.items()
               if e not in ("official1@gov.example", "official2@gov.example")]
    client.post(f"{base}/sessions/{day1.id}", data={"present": present})

    # Day 2: officials 1, 2 and 3 check in by scanning the code shown in the room.
    qr_page = client.get(f"{base}/sessions/{day2.id}/qr").get_data(as_text=True)
    check_in = urlsplit(re.search(r"https?://[^\s<\"]+/check-in/[\w.\-]+", qr_page)
                        .group(0)).path
    for n in (1, 2, 3):
        learner = official_client(app, f"official{n}@gov.example")
        assert "Check in to Day 2" in learner.get(check_in).get_data(as_text=True)
        answer = learner.post(check_in, follow_redirects=True)
        assert "You are checked in to Day 2" in answer.get_data(as_text=True)

    # Learning, recorded by the courses and quizzes domains.
    lessons, (quiz,) = items(course, "lesson"), items(course, "quiz")
    for n in (1, 3, 4):
        user = officials[f"official{n}@gov.example"]
        for lesson in lessons:
            complete_lesson(user, lesson)
        attempt_quiz(user, quiz, 90 if n != 4 else 40)
    complete_lesson(officials["official5@gov.example"], lessons[0])
    db.session.commit()

    page = client.get(f"{base}/roster").get_data(as_text=True)
    assert "2 of 30 completed" in page  # officials 1 (Day 2 only: 50 %) and 3

    rows = {r["email"]: r for r in csv.DictReader(io.StringIO(
        client.get(f"{base}/roster.csv").data.decode("utf-8-sig")))}
    assert rows["official1@gov.example"]["status"] == "completed"
    assert rows["official3@gov.example"]["status"] == "completed"
    explained = {n: rows[f"official{n}@gov.example"]["explanation"] for n in (2, 4, 5)}
    assert explained == {2: "2 lessons left, quiz “Quiz 1” not passed",
                         4: "quiz “Quiz 1” not passed",
                         5: "1 lesson left, quiz “Quiz 1” not passed"}
    completed_mails = [m["To"] for m in outbox() if m["Subject"].startswith("Workshop completed")]
    assert sorted(completed_mails) == ["official1@gov.example", "official3@gov.example"]
