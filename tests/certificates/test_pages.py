"""What officials and organisers see: my certificates, register, issuing, revoking."""

from __future__ import annotations

import csv
import io
import zipfile

from sqlalchemy import select

from app.certificates.models import REVOKED, Certificate
from app.extensions import db
from tests.conftest import login


def test_my_certificates_lists_only_mine_with_share_and_linkedin(issue, client, make_user):
    me = make_user("learner", name="CHAN Sokha", native_name="ចាន់ សុខា")
    other = make_user("learner", name="Somebody ELSE")
    mine, theirs = issue(me), issue(other)
    login(client, me)
    text = client.get("/certificates/mine").get_data(as_text=True)
    assert mine.serial in text
    assert theirs.serial not in text
    assert mine.printed["verify_url"] in text
    assert "https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME" in text
    assert client.get(f"/certificates/{theirs.id}").status_code == 403
    assert client.get(f"/certificates/{theirs.id}/certificate.pdf").status_code == 403


def test_download_is_the_same_bytes_every_time(issue, client):
    certificate = issue()
    login(client, certificate.holder)
    first = client.get(f"/certificates/{certificate.id}/certificate.pdf")
    second = client.get(f"/certificates/{certificate.id}/certificate.pdf")
    assert first.status_code == 200
    assert first.data == second.data == certificate.pdf
    assert certificate.serial in first.headers["Content-Disposition"]


def test_organiser_revokes_from_the_detail_page(issue, client, organiser):
    certificate = issue()
    login(client, organiser)
    page = client.get(f"/certificates/{certificate.id}").get_data(as_text=True)
    assert "Revoke this certificate" in page
    empty = client.post(f"/certificates/{certificate.id}/revoke", data={"reason": ""})
    assert empty.status_code == 400
    assert "This field is required." in empty.get_data(as_text=True)
    unconfirmed = client.post(f"/certificates/{certificate.id}/revoke",
                              data={"reason": "Issued in error"})
    assert unconfirmed.status_code == 400
    assert "Tick the box to confirm the revocation." in unconfirmed.get_data(as_text=True)
    db.session.refresh(certificate)
    assert certificate.status != REVOKED
    done = client.post(f"/certificates/{certificate.id}/revoke",
                       data={"reason": "Issued in error", "confirm": "y"})
    assert done.status_code == 302
    db.session.refresh(certificate)
    assert certificate.status == REVOKED
    assert "Revoked" in client.get(f"/verify/{certificate.verification_code}").get_data(
        as_text=True)


def test_issue_form_reports_problems_next_to_fields(client, login_as, make_user):
    login_as("organiser")
    bad = client.post("/certificates/issue", data={"email": "nobody@example.test",
                                                   "title": "", "template": "classic"})
    text = bad.get_data(as_text=True)
    assert "No account has this e-mail address." in text or "This field is required." in text
    learner = make_user("learner", email="official@example.test", name="Somchai JAIDEE",
                        native_name="สมชาย ใจดี")
    missing_language = client.post("/certificates/issue", data={
        "email": "official@example.test", "title": "Workshop", "template": "bilingual"})
    assert "needs a language" in missing_language.get_data(as_text=True)
    ok = client.post("/certificates/issue", data={
        "email": "official@example.test", "title": "Data on Migration Workshop",
        "course_titles": "Course A\nCourse B", "start_date": "2026-05-04",
        "end_date": "2026-05-06", "hours": "12", "venue": "Bangkok", "host_country": "TH",
        "template": "bilingual", "language": "th"})
    assert ok.status_code == 302
    certificate = db.session.scalars(select(Certificate)).one()
    assert certificate.user_id == learner.id
    assert certificate.holder_native_name == "สมชาย ใจดี"
    assert certificate.course_titles == ["Course A", "Course B"]
    assert certificate.is_rendered


def test_register_csv_and_filters(issue, client, organiser, make_user):
    first = issue(make_user("learner", name="Alpha ONE"), workshop_id=3)
    issue(make_user("learner", name="Beta TWO"), workshop_id=4)
    login(client, organiser)
    page = client.get("/certificates/?workshop=3").get_data(as_text=True)
    assert "Alpha ONE" in page
    assert "Beta TWO" not in page
    response = client.get("/certificates/register.csv?workshop=3")
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert [r["serial"] for r in rows] == [first.serial]
    assert rows[0]["verification_code"] == first.verification_code
    assert rows[0]["pdf_sha256"] == first.pdf_sha256


def test_csv_cells_cannot_run_formulas(issue, client, organiser, make_user):
    issue(make_user("learner", name="=HYPERLINK(\"http://evil\")"))
    login(client, organiser)
    text = client.get("/certificates/register.csv").get_data(as_text=True)
    assert "'=HYPERLINK" in text


def test_workshop_zip_holds_the_pdfs(issue, client, organiser, make_user):
    certificates = [issue(make_user("learner"), workshop_id=9) for _ in range(2)]
    login(client, organiser)
    response = client.get("/certificates/workshops/9/certificates.zip")
    data = response.data
    response.close()  # as the WSGI server does: closes the spooled file
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = archive.namelist()
    assert "register.csv" in names
    for certificate in certificates:
        name = next(n for n in names if n.startswith(certificate.serial))
        assert archive.read(name) == certificate.pdf
    assert client.get("/certificates/workshops/10/certificates.zip").status_code == 404


def test_cohort_page_confirms_then_issues(client, login_as, make_user, completed):
    done = [make_user("learner", name=f"Completer {i}") for i in range(3)]
    completed(12, done)
    login_as("organiser")
    page = client.get("/certificates/workshops/12/issue").get_data(as_text=True)
    assert "Workshop 12" in page
    assert "3 learners completed the workshop" in page
    for user in done:
        assert user.name in page
    response = client.post("/certificates/workshops/12/issue", data={"template": "classic"})
    assert response.status_code == 302
    assert len(db.session.scalars(select(Certificate)).all()) == 3
    again = client.get("/certificates/workshops/12/issue").get_data(as_text=True)
    assert "already has a certificate" in again
    assert client.get("/certificates/workshops/999/issue").status_code == 404


def test_reissue_page(issue, client, organiser):
    certificate = issue()
    login(client, organiser)
    response = client.post(f"/certificates/{certificate.id}/reissue", data={
        "reason": "Name corrected", "holder_name": "CHAN Sokha", "holder_native_name": "",
        "template": "classic", "language": ""})
    assert response.status_code == 302
    new = db.session.scalars(select(Certificate).where(
        Certificate.reissue_of_id == certificate.id)).one()
    assert new.holder_native_name == ""
    assert response.headers["Location"].endswith(f"/certificates/{new.id}")


def test_admin_rotates_the_key(client, login_as, issue):
    issue()
    login_as("admin")
    assert "Make a new signing key" in client.get("/certificates/keys").get_data(as_text=True)
    assert client.post("/certificates/keys/rotate").status_code == 302
    assert client.get("/certificates/keys").get_data(as_text=True).count("<code>") >= 2


def test_cohort_languages_come_from_each_holder_and_can_be_changed(client, login_as, make_user,
                                                                    completed):
    lao = make_user("learner", name="Lao Official", language="lo", country="LA")
    khmer = make_user("learner", name="Khmer Official", language="en", country="KH")
    english = make_user("learner", name="Other Official", language="en", country="XX")
    changed = make_user("learner", name="Thai Official", language="th", country="TH")
    workshop = completed(13, [lao, khmer, english, changed])
    workshop.certificate_languages = ["en", "vi"]  # the workshop's own choice: Vietnamese
    db.session.commit()
    login_as("organiser")
    page = client.get("/certificates/workshops/13/issue").get_data(as_text=True)
    assert "Language beside English" in page

    def selected(user):
        block = page.split(f'name="language-{user.id}"', 1)[1].split("</select>", 1)[0]
        return block.split(" selected>", 1)[0].rsplit('value="', 1)[1].split('"', 1)[0]

    assert selected(lao) == "lo"  # their preferred language
    assert selected(khmer) == "km"  # English preferred: their country's language
    assert selected(english) == "vi"  # neither: the workshop's
    assert selected(changed) == "th"
    response = client.post("/certificates/workshops/13/issue", data={
        "template": "classic", f"language-{changed.id}": ""})  # Thai official: English only
    assert response.status_code == 302
    issued = {c.user_id: c.language for c in db.session.scalars(select(Certificate))}
    assert issued == {lao.id: "lo", khmer.id: "km", english.id: "vi", changed.id: ""}
