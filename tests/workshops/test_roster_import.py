"""Bulk enrolment from a CSV roster: same validation as the user import, by line, all or
nothing; unknown officials get an account and an e-mailed invitation."""

import io

from sqlalchemy import func, select

from app.auth.models import User
from app.extensions import db
from app.mail import outbox
from app.workshops import services
from app.workshops.models import Enrolment
from tests.conftest import login
from tests.workshops.factories import make_workshop

HEADER = "email,name,native_name,country,agency,position,language,roles\n"
COUNTRIES = ["BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "TL", "VN", "KR"]


def roster_csv(n: int, start: int = 1) -> str:
    rows = [f"official{i}@gov.example,Official {i},,{COUNTRIES[i % 12]},Ministry {i % 4},"
            f"Officer,en,learner" for i in range(start, start + n)]
    return HEADER + "\n".join(rows) + "\n"


def counts():
    return (db.session.scalar(select(func.count(User.id))),
            db.session.scalar(select(func.count(Enrolment.id))))


def test_thirty_officials_imported_with_accounts_and_invitations(app, make_user):
    organiser = make_user("organiser")
    existing = make_user("learner", email="official1@gov.example")
    workshop = make_workshop(organiser, capacity=30)
    result = services.import_roster(workshop, roster_csv(30), actor=organiser)
    db.session.commit()
    assert not result.errors
    assert len(result.added) == 30
    assert len(result.created) == 29
    assert db.session.scalar(select(func.count(Enrolment.id)).where(
        Enrolment.status == "approved")) == 30
    mails = {m["To"]: m.get_content() for m in outbox()}
    assert "/welcome/" in mails["official2@gov.example"]
    assert "/welcome/" not in mails[existing.email]
    again = services.import_roster(workshop, roster_csv(30), actor=organiser)
    assert not again.errors
    assert len(again.already) == 30
    assert not again.added


def test_a_bad_file_is_refused_by_line_and_nothing_is_added(app, make_user):
    organiser = make_user("organiser")
    workshop = make_workshop(organiser)
    before = counts()
    text = (HEADER
            + "good@gov.example,Good Person,,TH,Labour,,en,learner\n"
            + "not-an-email,Someone,,TH,,,en,\n"
            + "x@gov.example,,,ZZ,,,en,\n"
            + "good@gov.example,Good Again,,TH,,,en,\n"
            + "boss@gov.example,Boss,,KR,,,en,admin\n")
    result = services.import_roster(workshop, text, actor=organiser)
    lines = [(e.line, e.message) for e in result.errors]
    assert [line for line, _m in lines] == [3, 4, 4, 5, 6]
    assert "invalid e-mail" in lines[0][1]
    assert "name is empty" in lines[1][1]
    assert "unknown country" in lines[2][1]
    assert "duplicate of line 2" in lines[3][1]
    assert "learner accounts only" in lines[4][1]
    db.session.rollback()
    assert counts() == before


def test_capacity_is_checked_per_line(app, make_user):
    organiser = make_user("organiser")
    workshop = make_workshop(organiser, capacity=3)
    result = services.import_roster(workshop, roster_csv(5), actor=organiser)
    assert [e.line for e in result.errors] == [5, 6]
    assert "no seat left" in result.errors[0].message
    assert not result.added


def test_import_page_shows_the_errors_with_line_numbers(app, client, make_user):
    organiser = make_user("organiser")
    workshop = make_workshop(organiser)
    login(client, organiser)


    bad = (HEADER + "a@gov.example,A,,TH,,,en,\n" + "b@gov.example,B,,TH,,,xx,\n").encode()
    response = client.post(f"/workshops/{workshop.id}/roster/import",
                           data={"file": (io.BytesIO(bad), "cohort.csv")},
                           content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "nothing was imported" in page
    assert "line 3: unknown language code" in page
    assert "cohort.csv" in page
    good = roster_csv(4).encode()
    response = client.post(f"/workshops/{workshop.id}/roster/import",
                           data={"file": (io.BytesIO(good), "cohort.csv")},
                           content_type="multipart/form-data", follow_redirects=True)
    assert "4 officials enrolled (4 new accounts invited)" in response.get_data(as_text=True)


def test_command_line_import_reports_file_and_line(app, runner, make_user, tmp_path):
    organiser = make_user("organiser")
    workshop = make_workshop(organiser)
    path = tmp_path / "roster.csv"
    path.write_text(HEADER + "ok@gov.example,OK,,VN,,,vi,\nbad,Bad,,VN,,,vi,\n")
    result = runner.invoke(args=["workshops", "import-roster", str(workshop.id), str(path)])
    assert result.exit_code != 0
    assert f"{path}:3: invalid e-mail" in result.output
    assert counts()[1] == 0
    path.write_text(roster_csv(3))
    result = runner.invoke(args=["workshops", "import-roster", str(workshop.id), str(path)])
    assert result.exit_code == 0, result.output
    assert "3 enrolled (3 new accounts invited)" in result.output
