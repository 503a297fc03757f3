"""Recording participants, linking accounts, deletion on request."""

from __future__ import annotations

import re
from datetime import date, datetime

from sqlalchemy import select

from app.auth.models import AuditEntry
from app.extensions import db
from app.pilots.models import PilotParticipant
from app.workshops.models import Enrolment, Workshop
from tests.conftest import login

FORM = {"name": "KEO Dara", "native_name": "កែវ ដារា", "country_of_origin": "KH",
        "city_in_korea": "Changwon", "years_in_korea": "7", "visa_category": "E-9",
        "occupation": "Welder", "skills": "Shipyard welding", "education": "High school",
        "languages": ["km", "ko"], "role": "trainer", "role_note": "Night classes",
        "consent_date": "2025-03-01", "consent_scope": "Project records"}


def test_organiser_records_a_participant_linked_to_an_account(client, login_as, make_user,
                                                              make_project):
    organiser = login_as("organiser")
    person = make_user("learner", email="dara@example.test")
    project = make_project(actor=organiser)
    response = client.post(f"/pilots/{project.id}/participants/new",
                           data={**FORM, "account_email": "DARA@example.test"})
    assert response.status_code == 302
    participant = db.session.scalar(select(PilotParticipant))
    assert participant.name == "KEO Dara"
    assert participant.native_name == "កែវ ដារា"
    assert participant.language_codes == ["km", "ko"]
    assert participant.years_in_korea == 7
    assert participant.user_id == person.id
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Changwon" in page
    assert "dara@example.test" in page
    # Editing keeps the languages ticked.
    edit = client.get(f"/pilots/participants/{participant.id}/edit").get_data(as_text=True)
    ticked = set(re.findall(r'<input checked id="languages-\d+" name="languages" '
                            r'type="checkbox" value="([a-z]+)">', edit))
    assert ticked == {"km", "ko"}


def test_participant_form_errors_next_to_fields(client, login_as, make_user, make_project,
                                                make_participant):
    organiser = login_as("organiser")
    project = make_project(actor=organiser)
    taken = make_user("learner", email="taken@example.test")
    make_participant(project, user_id=taken.id)
    bad = {**FORM, "name": "", "consent_date": "", "years_in_korea": "200",
           "account_email": "nobody@example.test"}
    page = client.post(f"/pilots/{project.id}/participants/new", data=bad)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert 'id="name-error"' in text
    assert 'id="consent_date-error"' in text
    assert 'id="years_in_korea-error"' in text
    assert "There is no account with this e-mail address." in text
    again = client.post(f"/pilots/{project.id}/participants/new",
                        data={**FORM, "account_email": "taken@example.test"})
    assert "already linked to another participant" in again.get_data(as_text=True)
    assert db.session.scalar(select(db.func.count(PilotParticipant.id))) == 1


def test_deletion_on_request_removes_personal_data_and_keeps_counts(
        client, make_user, make_project, make_participant):
    organiser = make_user("organiser")
    owner = make_user("learner", email="owner@example.test")
    project = make_project(actor=organiser)
    participant = make_participant(project, "NHEM Sophea", native_name="ញឹម សុភា",
                                   visa_category="F-6", role="entrepreneur", user_id=owner.id)
    make_participant(project, "Second Person")
    login(client, organiser)

    confirm = client.get(f"/pilots/participants/{participant.id}/delete")
    text = confirm.get_data(as_text=True)
    assert "Kept, anonymised" in text
    assert "Country of origin: Cambodia" in text
    assert "Visa category: F-6" in text
    assert "Role in the project: Entrepreneur" in text
    assert "Name in Latin and in native script" in text

    unconfirmed = client.post(f"/pilots/participants/{participant.id}/delete", data={})
    assert unconfirmed.status_code == 200
    assert "Tick the box to confirm." in unconfirmed.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(PilotParticipant, participant.id).name == "NHEM Sophea"

    done = client.post(f"/pilots/participants/{participant.id}/delete", data={"confirm": "y"})
    assert done.status_code == 302
    db.session.expire_all()
    row = db.session.get(PilotParticipant, participant.id)
    assert row.anonymised_at is not None
    for field in ("name", "native_name", "city_in_korea", "occupation", "skills",
                  "education", "languages", "role_note", "consent_scope"):
        assert getattr(row, field) == "", field
    assert row.years_in_korea is None
    assert row.consent_date is None
    assert row.user_id is None
    assert (row.country_of_origin, row.visa_category, row.role) == ("KH", "F-6",
                                                                    "entrepreneur")
    audit = db.session.scalar(select(AuditEntry).where(
        AuditEntry.action == "pilots.participant.delete"))
    assert audit.actor_id == organiser.id
    assert audit.target == f"pilot:{project.id}"
    assert "Sophea" not in audit.details
    assert "F-6" in audit.details

    record = client.get(f"/pilots/{project.id}").get_data(as_text=True)
    assert "NHEM Sophea" not in record
    assert "ញឹម សុភា" not in record
    assert "1 former participant (personal data deleted on request)" in record
    csv_text = client.get(f"/pilots/{project.id}/participants.csv").get_data(as_text=True)
    assert "Sophea" not in csv_text
    assert "deleted on request" in csv_text
    public = client.get(f"/pilots/public/{project.id}").get_data(as_text=True)
    assert "2 participants" in public  # the anonymised row still counts

    # The former participant's account no longer sees a record.
    client.post("/logout")
    login(client, owner)
    assert client.get(f"/pilots/participants/{participant.id}").status_code == 403
    assert "not recorded as a participant" in client.get("/pilots/mine").get_data(
        as_text=True)


def test_removed_record_cannot_be_edited(client, login_as, make_project, make_participant):
    organiser = login_as("organiser")
    participant = make_participant(make_project(actor=organiser))
    client.post(f"/pilots/participants/{participant.id}/delete", data={"confirm": "y"})
    assert client.get(f"/pilots/participants/{participant.id}/edit").status_code == 404
    again = client.post(f"/pilots/participants/{participant.id}/delete", data={"confirm": "y"})
    assert again.status_code == 302
    assert db.session.scalar(select(db.func.count(AuditEntry.id)).where(
        AuditEntry.action == "pilots.participant.delete")) == 1


def test_participants_csv_is_audited_and_complete(client, login_as, make_project,
                                                  make_participant):
    organiser = login_as("organiser")
    project = make_project(actor=organiser)
    make_participant(project, "=HYPERLINK(\"x\")")
    response = client.get(f"/pilots/{project.id}/participants.csv")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    lines = response.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert lines[0].startswith("id,name,native_name,country_of_origin")
    assert "'=HYPERLINK" in lines[1]  # not run as a formula by spreadsheets
    assert "ជា សុវណ្ណ" in lines[1]
    assert db.session.scalar(select(AuditEntry.actor_id).where(
        AuditEntry.action == "pilots.participants.export")) == organiser.id


def test_own_record_lists_completed_trainings(client, make_user, make_project,
                                              make_participant):
    owner = make_user("learner")
    participant = make_participant(make_project(), user_id=owner.id)
    unlinked = make_participant(participant.project, "Not Linked")
    login(client, owner)
    page = client.get(f"/pilots/participants/{participant.id}").get_data(as_text=True)
    assert "Trainings completed on the platform" in page
    assert "None recorded." in page

    welding = Workshop(title="Safe welding practice", start_date=date(2025, 3, 1),
                       end_date=date(2025, 3, 3), status="finished")
    asean = Workshop(title="Labour migration in ASEAN", start_date=date(2024, 5, 1),
                     end_date=date(2024, 5, 2), status="finished")
    ongoing = Workshop(title="Still in progress", start_date=date(2025, 4, 1),
                       end_date=date(2025, 4, 2), status="running")
    db.session.add_all([welding, asean, ongoing])
    db.session.flush()
    db.session.add_all([
        Enrolment(workshop_id=welding.id, user_id=owner.id, status="approved",
                  completion_status="completed", completed_at=datetime(2025, 3, 3, 12)),
        Enrolment(workshop_id=asean.id, user_id=owner.id, status="approved",
                  completion_status="completed", completed_at=datetime(2024, 5, 2, 12)),
        Enrolment(workshop_id=ongoing.id, user_id=owner.id, status="approved"),
    ])
    db.session.commit()
    page = client.get(f"/pilots/participants/{participant.id}").get_data(as_text=True)
    assert f'<a href="/workshops/{welding.id}">Safe welding practice</a>' in page
    assert f'<a href="/workshops/{asean.id}">Labour migration in ASEAN</a>' in page
    assert page.index("Safe welding practice") < page.index("Labour migration")  # newest first
    assert "Still in progress" not in page
    assert "None recorded." not in page
    client.post("/logout")
    login(client, make_user("organiser"))
    other = client.get(f"/pilots/participants/{unlinked.id}").get_data(as_text=True)
    assert "not linked to a platform account" in other
