"""CSV in and out: the users and roster imports refuse `XX` by line and read Excel's
semicolon-separated files; every CSV export starts with a UTF-8 byte order mark."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import func, select

from app.auth.models import User
from app.extensions import db
from tests.conftest import login
from tests.workshops.factories import make_workshop

HEADER = "email,name,native_name,country,agency,position,language,roles\n"


def _users():
    return db.session.scalar(select(func.count(User.id)))


def test_users_cli_refuses_country_xx_by_line(runner, tmp_path):
    path = tmp_path / "users.csv"
    path.write_text(HEADER + "ok@example.test,Ok,,TH,,,th,\n"
                    "other@example.test,Other,,XX,,,en,\n"
                    "lower@example.test,Lower,,xx,,,en,\n", encoding="utf-8")
    before = _users()
    result = runner.invoke(args=["users", "import", str(path)])
    assert result.exit_code != 0
    assert f"{path}:3: 'XX' is not a country" in result.output
    assert f"{path}:4: 'xx' is not a country" in result.output
    assert _users() == before
    # an empty country is "not given", not an error
    path.write_text(HEADER + "ok@example.test,Ok,,,,,th,\n", encoding="utf-8")
    result = runner.invoke(args=["users", "import", str(path)])
    assert result.exit_code == 0, result.output


def test_users_cli_reads_a_semicolon_separated_file(runner, tmp_path):
    path = tmp_path / "excel.csv"
    path.write_text(HEADER.replace(",", ";")
                    + "somchai@example.test;Somchai;สมชาย;TH;Ministry of Labour;Officer;th;"
                    + "learner\n"
                    + 'minji@example.test;Kim Minji;김민지;KR;MOEL;"Director, Policy";ko;'
                    + '"trainer;learner"\n', encoding="utf-8-sig")
    result = runner.invoke(args=["users", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert "Imported 2 user(s)." in result.output
    minji = db.session.scalar(select(User).where(User.email == "minji@example.test"))
    assert (minji.native_name, minji.country, minji.position) == ("김민지", "KR",
                                                                  "Director, Policy")
    assert minji.roles == {"trainer", "learner"}


def test_admin_web_import_refuses_xx_and_reads_semicolons(client, login_as):
    login_as("admin")

    def upload(text):
        return client.post("/admin/users/import", data={
            "file": (io.BytesIO(text.encode("utf-8")), "roster.csv")},
            content_type="multipart/form-data")

    bad = upload(HEADER + "x@example.test,X,,XX,,,en,\n")
    assert bad.status_code == 200
    assert "Line 2" in bad.get_data(as_text=True)
    assert "is not a country" in bad.get_data(as_text=True)
    good = upload(HEADER.replace(",", ";") + "semi@example.test;Semi Colon;;VN;;;vi;\n")
    assert good.status_code == 302
    user = db.session.scalar(select(User).where(User.email == "semi@example.test"))
    assert (user.name, user.country, user.language) == ("Semi Colon", "VN", "vi")


def test_roster_import_web_and_cli_refuse_xx(client, runner, make_user, tmp_path):
    organiser = make_user("organiser")
    workshop = make_workshop(organiser)
    text = HEADER + "ok@gov.example,Ok,,VN,,,vi,\nxx@gov.example,Nowhere,,XX,,,en,\n"
    path = tmp_path / "roster.csv"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(args=["workshops", "import-roster", str(workshop.id), str(path)])
    assert result.exit_code != 0
    assert f"{path}:3: 'XX' is not a country" in result.output
    login(client, organiser)
    response = client.post(f"/workshops/{workshop.id}/roster/import",
                           data={"file": (io.BytesIO(text.encode()), "cohort.csv")},
                           content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "line 3: &#39;XX&#39; is not a country" in page
    semi = (HEADER + "ok@gov.example,Ok,,VN,,,vi,\n").replace(",", ";")
    response = client.post(f"/workshops/{workshop.id}/roster/import",
                           data={"file": (io.BytesIO(semi.encode()), "cohort.csv")},
                           content_type="multipart/form-data", follow_redirects=True)
    assert response.status_code == 200
    assert "officials enrolled" in response.get_data(as_text=True)  # (plural: another change)
    from app.workshops.models import Enrolment

    enrolled = db.session.scalars(select(Enrolment).where(Enrolment.workshop_id == workshop.id))
    assert [e.user.email for e in enrolled] == ["ok@gov.example"]


@pytest.fixture
def exports(client, make_user):
    """Every CSV export an organiser can download, with a row or more in each."""
    from tests.factories import complete_lesson, lesson_items, make_course

    organiser = make_user("organiser")
    trainer = make_user("trainer")
    course = make_course(trainer, lessons=1)
    workshop = make_workshop(organiser, courses=[course])
    learner = make_user("learner", name="ສົມພອນ ລາວ", country="LA")
    from app.workshops import services

    services.import_roster(workshop, HEADER + f"{learner.email},x,,LA,,,lo,\n",
                           actor=organiser)
    complete_lesson(learner, lesson_items(course)[0])
    db.session.commit()
    login(client, organiser)
    return {"roster": f"/workshops/{workshop.id}/roster.csv",
            "reports": "/reports/export.csv",
            "certificates": "/certificates/register.csv",
            "experts": "/experts/export.csv",
            "pilots": "/pilots/portfolio.csv"}


def test_every_csv_export_starts_with_a_bom(client, exports):
    for name, url in exports.items():
        response = client.get(url)
        assert response.status_code == 200, name
        assert response.mimetype == "text/csv", name
        assert response.data.startswith(b"\xef\xbb\xbf"), name
        assert not response.data.startswith(b"\xef\xbb\xbf\xef\xbb\xbf"), name
    roster = client.get(exports["roster"]).data.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(roster)))
    assert rows[0]["name"] == "ສົມພອນ ລາວ"
    completed = rows[0]["completed_at"]
    assert rows[0]["status"] == "completed", rows[0]
    assert completed.endswith("+00:00"), completed  # ISO 8601 with its offset
