"""Creating and editing profiles: organisers, and experts editing their own."""

from __future__ import annotations

import io
from datetime import date

import sqlalchemy as sa
from PIL import Image

from app.auth.models import AuditEntry
from app.experts.models import Expert, ExpertiseArea
from app.extensions import db
from app.files.models import StoredFile
from tests.conftest import login
from tests.experts.conftest import image_bytes

FORM = {
    "name": "RATTANAKUL Somchai", "native_name": "สมชาย รัตนกุล", "honorific": "Dr",
    "position": "Research Fellow", "organisation": "Mekong Institute",
    "organisation_type": "academia", "country": "TH", "keywords": "EPS; fair recruitment",
    "languages": ["th", "en"], "bio": "Works on *labour* migration.",
    "email": "somchai@expert.test", "email_visibility": "members",
    "phone": "+66 2 123 4567", "phone_visibility": "organisers",
    "consent_date": "2024-05-01", "account_email": "",
    "publications-0-title": "Counting migrant workers",
    "publications-0-url": "https://example.org/report", "publications-0-year": "2022",
    "publications-1-title": "", "publications-1-url": "", "publications-1-year": "",
}


def _area_ids(*slugs):
    return [str(i) for i in db.session.scalars(
        sa.select(ExpertiseArea.id).where(ExpertiseArea.slug.in_(slugs)))]


def test_organiser_creates_a_profile(app, client, areas, login_as):
    organiser = login_as("organiser")
    response = client.post("/experts/new", data={
        **FORM, "areas": _area_ids("labour-migration", "data-statistics")})
    assert response.status_code == 302
    expert = db.session.scalar(sa.select(Expert))
    assert response.headers["Location"].endswith(f"/experts/{expert.id}")
    assert expert.native_name == "สมชาย รัตนกุล"
    assert expert.keyword_list == ["EPS", "fair recruitment"]
    assert expert.languages == ["th", "en"]
    assert sorted(a.slug for a in expert.areas) == ["data-statistics", "labour-migration"]
    assert [(p.title, p.url, p.year) for p in expert.publications] == [
        ("Counting migrant workers", "https://example.org/report", 2022)]
    assert expert.consent_date == date(2024, 5, 1)
    assert expert.consent_recorded_by_id == organiser.id
    page = client.get(f"/experts/{expert.id}").get_data(as_text=True)
    assert "<em>labour</em>" in page
    assert "recorded by" in page
    assert 'lang="th"' in page
    assert db.session.scalar(sa.select(AuditEntry.action).where(
        AuditEntry.target == f"expert:{expert.id}")) == "expert.create"


def test_bad_input_is_shown_next_to_the_field_and_nothing_is_saved(app, client, areas,
                                                                   login_as):
    login_as("organiser")
    bad = {**FORM, "name": "", "email": "not-an-email", "publications-0-year": "1066"}
    page = client.post("/experts/new", data=bad).get_data(as_text=True)
    assert "Please correct the following" in page
    assert 'id="name-error"' in page
    assert 'id="email-error"' in page
    assert "Row 1" in page
    future = {**FORM, "consent_date": "2999-01-01"}
    page = client.post("/experts/new", data=future).get_data(as_text=True)
    assert "cannot be in the future" in page
    unknown = {**FORM, "account_email": "nobody@nowhere.test"}
    page = client.post("/experts/new", data=unknown).get_data(as_text=True)
    assert "There is no account with this e-mail address." in page
    link = {**FORM, "publications-0-url": "javascript:alert(1)"}
    page = client.post("/experts/new", data=link).get_data(as_text=True)
    assert "http:// or https://" in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Expert)) == 0


def test_biography_markdown_is_sanitised(app, client, make_expert):
    expert = make_expert("SAFE Bio", bio="Hello <script>alert(1)</script> "
                                         "[x](javascript:alert(2)) ![i](http://evil/x.png)")
    response = client.get(f"/experts/{expert.id}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<h1>SAFE Bio</h1>" in page
    # The biography is shown, the script as inert text; no javascript: link, no image.
    assert "<p>Hello &lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page
    assert "href=\"javascript" not in page
    assert "evil/x.png" not in page


def test_expert_edits_own_biography_but_not_someone_elses(app, client, make_user,
                                                          make_expert):
    user = make_user("learner")
    own = make_expert("OWN Expert", account_email=user.email, email="own@x.test")
    other = make_expert("OTHER Expert")
    login(client, user)
    page = client.get(f"/experts/{own.id}/edit").get_data(as_text=True)
    assert 'name="bio"' in page
    assert 'name="consent_date"' not in page
    assert 'name="account_email"' not in page
    assert 'name="name"' not in page
    response = client.post(f"/experts/{own.id}/edit", data={
        **FORM, "bio": "My new biography.", "name": "HACKED Name",
        "consent_date": "2020-01-01", "account_email": "",
        "email_visibility": "public"})
    assert response.status_code == 302
    db.session.expire_all()
    own = db.session.get(Expert, own.id)
    assert own.bio == "My new biography."
    assert own.name == "OWN Expert"  # kept by the secretariat
    assert own.consent_date == date(2024, 5, 1)
    assert own.user_id == user.id
    assert own.email_visibility == "public"  # their own data: their choice
    assert client.get(f"/experts/{other.id}/edit").status_code == 403
    assert client.post(f"/experts/{other.id}/edit", data={**FORM, "bio": "x"}).status_code \
        == 403
    assert db.session.get(Expert, other.id).bio == ""
    page = client.get(f"/experts/{own.id}").get_data(as_text=True)
    assert "Edit profile" in page
    assert "Edit profile" not in client.get(f"/experts/{other.id}").get_data(as_text=True)
    assert "My expert profile" in client.get("/experts/").get_data(as_text=True)


def test_an_account_is_linked_to_one_expert_only(app, client, make_user, make_expert,
                                                 login_as):
    user = make_user("trainer")
    make_expert("FIRST Link", account_email=user.email)
    second = make_expert("SECOND Link")
    login_as("organiser")
    page = client.post(f"/experts/{second.id}/edit", data={
        **FORM, "name": "SECOND Link", "account_email": user.email}).get_data(as_text=True)
    assert "already linked to FIRST Link" in page
    assert db.session.get(Expert, second.id).user_id is None


def test_photo_is_resized_and_stripped_of_metadata(app, client, make_expert, login_as):
    expert = make_expert("PHOTO Person")
    login_as("organiser")
    # A landscape sensor image with "rotate 90°" in its EXIF: a portrait once upright.
    upload = (io.BytesIO(image_bytes("JPEG", (1600, 1200), orientation=6)), "portrait.jpg")
    response = client.post(f"/experts/{expert.id}/edit", data={
        **FORM, "name": "PHOTO Person", "photo": upload}, content_type="multipart/form-data")
    assert response.status_code == 302
    served = client.get(f"/experts/{expert.id}/photo")
    assert served.status_code == 200
    assert served.mimetype == "image/jpeg"
    image = Image.open(io.BytesIO(served.data))
    assert max(image.size) == 600
    assert image.size == (450, 600)
    assert dict(image.getexif()) == {}
    assert "exif" not in image.info
    assert b"SecretCam" not in served.data
    # Replacing the photo deletes the old file; removing it deletes the new one.
    first_file = db.session.scalar(sa.select(StoredFile.id))
    upload = (io.BytesIO(image_bytes("PNG", (300, 200), exif=False, mode="RGBA")), "logo.png")
    client.post(f"/experts/{expert.id}/edit", data={
        **FORM, "name": "PHOTO Person", "photo": upload}, content_type="multipart/form-data")
    files = list(db.session.scalars(sa.select(StoredFile)))
    assert len(files) == 1
    assert files[0].id != first_file
    assert files[0].content_type == "image/png"
    assert (files[0].width, files[0].height) == (300, 200)
    client.post(f"/experts/{expert.id}/edit", data={
        **FORM, "name": "PHOTO Person", "remove_photo": "y"})
    assert db.session.scalar(sa.select(sa.func.count()).select_from(StoredFile)) == 0
    assert client.get(f"/experts/{expert.id}/photo").status_code == 404


def test_a_bad_photo_is_refused_and_nothing_changes(app, client, make_expert, login_as):
    expert = make_expert("PHOTO Person", bio="Before.")
    login_as("organiser")
    for name, data in [("fake.jpg", b"this is not an image"),
                       ("drawing.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
                       ("broken.jpg", image_bytes("JPEG", (50, 50))[:200])]:
        page = client.post(f"/experts/{expert.id}/edit", data={
            **FORM, "name": "PHOTO Person", "bio": "After.",
            "photo": (io.BytesIO(data), name)},
            content_type="multipart/form-data").get_data(as_text=True)
        assert 'id="photo-error"' in page, name
    db.session.expire_all()
    assert db.session.get(Expert, expert.id).bio == "Before."
    assert db.session.scalar(sa.select(sa.func.count()).select_from(StoredFile)) == 0


def test_archive_and_restore_are_audited(app, client, make_expert, login_as):
    expert = make_expert("ARCHIVE Me")
    login_as("organiser")
    assert client.post(f"/experts/{expert.id}/archive").status_code == 302
    assert db.session.get(Expert, expert.id).archived
    client.post(f"/experts/{expert.id}/restore")
    db.session.expire_all()
    assert not db.session.get(Expert, expert.id).archived
    actions = list(db.session.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.id)))
    assert actions[-2:] == ["expert.archive", "expert.restore"]


def test_vcard_is_well_formed(app, client, make_expert, login_as):
    expert = make_expert("NGUYEN Thi Lan", native_name="Nguyễn Thị Lan", honorific="Dr",
                         organisation="Institute; of, Labour", position="Head",
                         email="lan@x.test", email_visibility="public", country="VN",
                         area_slugs=["remittances"], bio="x" * 10,
                         keywords=["a very long keyword " * 3])
    login_as("learner")
    response = client.get(f"/experts/{expert.id}.vcf")
    assert response.headers["Content-Disposition"] == 'attachment; filename="nguyen-thi-lan.vcf"'
    text = response.get_data(as_text=True)
    lines = text.split("\r\n")
    assert lines[0] == "BEGIN:VCARD"
    assert lines[1] == "VERSION:3.0"
    assert "N:NGUYEN;Thi Lan;;Dr;" in lines
    assert "ORG:Institute\\; of\\, Labour" in lines
    assert "FN:Dr NGUYEN Thi Lan (Nguyễn Thị Lan)" in lines
    assert "CATEGORIES:Remittances and financial inclusion" in lines
    assert "ADR;TYPE=WORK:;;;;;;Viet Nam" in lines
    assert lines[-2] == "END:VCARD"
    assert all(len(line.encode()) <= 75 for line in lines)


def test_profile_lists_contributions_from_other_domains(app, client, make_user, make_expert):
    from datetime import date as day
    from datetime import datetime

    from app.meetings import agenda
    from app.meetings import services as meetings
    from app.pilots import services as pilots
    from app.workshops.models import Workshop, WorkshopResourcePerson

    expert = make_expert("SPEAKER Person")
    meeting = meetings.create_meeting({
        "title": "Labour mobility", "series_number": 4, "status": "held",
        "visibility": "public", "mode": "in-person", "timezone": "Asia/Seoul",
        "starts_local": datetime(2025, 9, 10, 9), "ends_local": datetime(2025, 9, 10, 17),
        "venue": "Hall", "city": "Seoul", "country": "KR", "join_url": "", "objectives": "",
        "description": ""}, organisers=[], actor=None)
    session = agenda.save_session(meeting, None, day=meeting.days[0], start=datetime(
        2025, 9, 10, 10).time(), end=datetime(2025, 9, 10, 11).time(), title="Opening panel",
        kind="panel")
    agenda.add_session_person(session, role="speaker", expert=expert)
    workshop = Workshop(title="Remittances workshop", status="open",
                        start_date=day(2025, 11, 3), end_date=day(2025, 11, 5))
    db.session.add(workshop)
    db.session.flush()
    db.session.add(WorkshopResourcePerson(workshop_id=workshop.id, expert_id=expert.id))
    project = pilots.create_project({"title": "Welding pilot", "country": "KH",
                                     "sector": "manufacturing", "is_public": True,
                                     "start_date": day(2024, 2, 1)}, actor=make_user("organiser"))
    pilots.add_mentor(project, expert)
    db.session.commit()

    page = " ".join(client.get(f"/experts/{expert.id}").get_data(as_text=True).split())
    assert "No contributions recorded yet." not in page
    assert "4th International Experts Meeting: Labour mobility — Opening panel" in page
    assert f'href="/meetings/{meeting.id}#agenda-session-{session.id}"' in page
    assert "Speaker" in page
    assert "Sep 10, 2025" in page
    assert f'<a href="/workshops/{workshop.id}">Remittances workshop</a>' in page
    assert f'<a href="/pilots/public/{project.id}">Welding pilot</a>' in page
    # newest first: the workshop (Nov 2025), the session (Sep 2025), the pilot (2024)
    assert (page.index("Remittances workshop") < page.index("Opening panel")
            < page.index("Welding pilot"))
