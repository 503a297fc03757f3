"""Certificates ask workshops who completed (app.workshops.completers); the roster and the
reports show the certificates issued."""

import csv
import io

from app.certificates import background
from app.certificates import services as certificates
from app.extensions import db
from app.workshops import services
from app.workshops.completers import certificate_choice, completers
from tests.conftest import login
from tests.workshops.factories import complete_lesson, items, make_course, make_workshop


def test_completers_get_a_certificate_shown_on_the_roster(app, client, make_user):
    organiser = make_user("organiser")
    course = make_course(lessons=2, quizzes=0, title="Diaspora Engagement")
    workshop = make_workshop(organiser, courses=[course], require_quizzes=False, city="Bangkok",
                             host_country="TH", certificate_template="classic",
                             certificate_languages=["en", "th"])
    done = make_user("learner", name="Dewi KARTIKA", native_name="", country="ID")
    busy = make_user("learner", name="Siti NURHALIZA", country="MY")
    for user in (done, busy):
        services.enrol(workshop, user)
    for item in items(course, "lesson"):
        complete_lesson(done, item)
    db.session.commit()

    found = completers(workshop)
    assert [user.email for user, _data in found] == [done.email]
    data = found[0][1]
    assert data.title == workshop.title
    assert data.course_titles == ("Diaspora Engagement",)
    assert (data.venue, data.host_country) == ("Bangkok", "TH")
    assert certificate_choice(workshop) == ("classic", "th")

    issued = certificates.issue_for_workshop(workshop, template="classic", language="",
                                             issued_by=organiser)
    background.render_here_instead()  # the PDF is not what is tested here
    db.session.commit()
    assert [c.user_id for c in issued] == [done.id]
    assert certificates.eligible_for_workshop(workshop) == []

    login(client, organiser)
    page = client.get(f"/workshops/{workshop.id}/roster").get_data(as_text=True)
    assert "Certificate" in page
    assert page.count(">issued<") == 1
    rows = list(csv.DictReader(io.StringIO(
        client.get("/reports/export.csv?by=country").data.decode("utf-8-sig"))))
    by_country = {r["country"]: r["certificates"] for r in rows}
    assert by_country == {"ID": "1", "MY": "0"}
