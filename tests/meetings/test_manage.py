"""Organiser forms: the meeting, agenda, chairs and speakers, documents, participants and
outcomes — with errors beside the fields and nothing stored on bad input."""

from __future__ import annotations

import io
import re
from datetime import datetime, time

import pytest
from sqlalchemy import func, select

from app.experts.models import Expert
from app.extensions import db
from app.files.models import StoredFile
from app.mail import outbox
from app.meetings.models import (
    Meeting,
    MeetingDay,
    MeetingDocument,
    MeetingParticipant,
    MeetingSession,
    SessionPerson,
)
from tests.conftest import login

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def field_error(page: str, field_id: str) -> str:
    match = re.search(rf'<p class="error" id="{field_id}-error">(.*?)</p>', page, re.S)
    return match.group(1).strip() if match else ""


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def form(**overrides) -> dict:
    data = {
        "title": "Labour mobility and skills", "series_number": "2", "status": "planned",
        "visibility": "public", "mode": "hybrid", "timezone": "Asia/Seoul",
        "starts_local": "2030-06-04T09:00", "ends_local": "2030-06-05T17:30",
        "venue": "Hall", "city": "Seoul", "country": "KR",
        "join_url": "https://meet.example.org/x", "objectives": "", "description": "",
        "organisers": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def organiser(client, make_user):
    user = make_user("organiser", email="sec@example.test")
    login(client, user)
    return user


def test_organiser_schedules_a_hybrid_meeting(client, organiser):
    response = client.post("/meetings/new", data=form(organisers="sec@example.test"))
    assert response.status_code == 302
    meeting = db.session.scalars(select(Meeting)).one()
    assert meeting.starts_at == datetime(2030, 6, 4, 0, 0)  # 09:00 KST as UTC
    assert meeting.ends_at == datetime(2030, 6, 5, 8, 30)
    assert meeting.starts_on.isoformat() == "2030-06-04"
    assert [d.date.isoformat() for d in meeting.days] == ["2030-06-04", "2030-06-05"]
    assert [u.email for u in meeting.organisers] == ["sec@example.test"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "2nd International Experts Meeting" in page
    assert "Labour mobility and skills" in page


@pytest.mark.parametrize(("overrides", "field", "message"), [
    ({"title": ""}, "title", "This field is required."),
    ({"ends_local": "2030-06-04T08:00"}, "ends_local", "The meeting must end after it starts."),
    ({"starts_local": "tomorrow"}, "starts_local", "Not a valid datetime value."),
    ({"city": "", "country": ""}, "city", "Required for a meeting with a venue."),
    ({"join_url": "javascript:alert(1)//x.org"}, "join_url", ""),
    ({"join_url": "ftp://files.example.org/x"}, "join_url", "The link must start with https://."),
    ({"timezone": "Mars/Olympus"}, "timezone", "Not a valid choice."),
    ({"series_number": "0"}, "series_number", "Number must be between 1 and 999."),
    ({"organisers": "nobody@example.test"}, "organisers",
     "No active account has these e-mail addresses: nobody@example.test."),
])
def test_meeting_form_errors_beside_fields(client, organiser, overrides, field, message):
    response = client.post("/meetings/new", data=form(**overrides))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    error = field_error(page, field)
    assert error, f"no error beside {field}"
    if message:
        assert message in error
    assert 'class="error-summary"' in page
    assert count(Meeting) == 0


def test_online_meeting_needs_no_venue_and_clears_it(client, organiser):
    client.post("/meetings/new", data=form(mode="online", venue="Old hall", city="", country=""))
    meeting = db.session.scalars(select(Meeting)).one()
    assert meeting.venue == ""
    assert meeting.is_online


def test_in_person_meeting_drops_the_join_link(client, organiser):
    client.post("/meetings/new", data=form(mode="in-person"))
    assert db.session.scalars(select(Meeting)).one().join_url == ""


def test_changing_the_zone_keeps_the_agenda_hours(client, organiser, make_meeting, add_session):
    meeting = make_meeting(organisers=[organiser])
    session = add_session(meeting, start=time(10, 0), end=time(11, 0))
    assert session.starts_at == datetime(2030, 6, 4, 1, 0)
    response = client.post(f"/meetings/{meeting.id}/edit",
                           data=form(timezone="Asia/Bangkok", city="Bangkok", country="TH"))
    assert response.status_code == 302
    db.session.refresh(session)
    assert session.starts_at == datetime(2030, 6, 4, 3, 0)  # still 10:00, now Bangkok time
    assert db.session.get(Meeting, meeting.id).sequence > 0


def test_edit_forms_are_filled_with_what_is_stored(client, organiser, make_meeting,
                                                   add_session):
    meeting = make_meeting(timezone="Asia/Yangon", organisers=[organiser])
    page = client.get(f"/meetings/{meeting.id}/edit").get_data(as_text=True)
    assert 'value="2030-06-04T09:00"' in page
    assert re.search(r'<textarea[^>]*name="organisers"[^>]*>\s*sec@example.test</textarea>', page)
    assert "&lt;User" not in page
    session = add_session(meeting, day=1, start=time(14, 0), end=time(15, 30), room="B")
    page = client.get(f"/meetings/{meeting.id}/sessions/{session.id}/edit").get_data(
        as_text=True)
    assert f'<option selected value="{meeting.days[1].id}">' in page
    assert 'value="14:00"' in page
    assert 'value="15:30"' in page
    from werkzeug.datastructures import FileStorage

    from app.meetings import services

    doc = services.add_document(meeting, FileStorage(io.BytesIO(PDF), filename="s.pdf"),
                                title="Slides", kind="presentation", visibility="participants",
                                session=session)
    db.session.commit()
    page = client.get(f"/meetings/{meeting.id}/documents/{doc.id}/edit").get_data(as_text=True)
    assert f'<option selected value="{session.id}">' in page
    assert '<option selected value="participants">' in page


def test_days_errors_and_moving_a_day_moves_its_sessions(client, organiser, make_meeting,
                                                         add_session):
    meeting = make_meeting()
    response = client.post(f"/meetings/{meeting.id}/days/new", data={"date": "2030-07-01"})
    assert "The day must fall within the meeting" in field_error(response.get_data(as_text=True),
                                                                 "date")
    response = client.post(f"/meetings/{meeting.id}/days/new", data={"date": "2030-06-04"})
    assert field_error(response.get_data(as_text=True), "date") == \
        "The agenda already has this day."
    day2 = meeting.days[1]
    client.post(f"/meetings/{meeting.id}/days/{meeting.days[0].id}/delete")
    assert count(MeetingDay) == 1
    session = add_session(db.session.get(Meeting, meeting.id), day=0, start=time(9, 0),
                          end=time(10, 0))
    assert session.day_id == day2.id
    response = client.post(f"/meetings/{meeting.id}/days/{day2.id}/edit",
                           data={"date": "2030-06-04", "title": "Moved"})
    assert response.status_code == 302
    db.session.refresh(session)
    assert session.starts_at == datetime(2030, 6, 4, 0, 0)  # 09:00 on the new date


def test_agenda_is_ordered_by_day_and_time(client, make_meeting, add_session):
    meeting = make_meeting()
    add_session(meeting, day=1, start=time(9, 0), end=time(10, 0), title="Day two morning")
    add_session(meeting, day=0, start=time(14, 0), end=time(15, 0), title="Afternoon")
    add_session(meeting, day=0, start=time(9, 0), end=time(10, 0), title="Opening")
    add_session(meeting, day=0, start=time(10, 30), end=time(11, 0), title="Coffee",
                kind="break")
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    positions = [page.index(t) for t in ("Opening", "Coffee", "Afternoon", "Day two morning")]
    assert positions == sorted(positions)
    assert page.index("Tuesday, June 4, 2030") < page.index("Opening")
    assert page.index("Wednesday, June 5, 2030") < page.index("Day two morning")
    agenda = client.get(f"/meetings/{meeting.id}/agenda").get_data(as_text=True)
    positions = [agenda.index(t) for t in ("Opening", "Coffee", "Afternoon", "Day two morning")]
    assert positions == sorted(positions)


def test_session_form_and_people(client, organiser, make_meeting, make_expert):
    meeting = make_meeting()
    day = meeting.days[0]
    response = client.post(f"/meetings/{meeting.id}/sessions/new?day={day.id}", data={
        "day": day.id, "start": "10:00", "end": "09:00", "title": "Panel", "kind": "panel"})
    assert field_error(response.get_data(as_text=True), "end") == \
        "The session must end after it starts."
    assert count(MeetingSession) == 0
    response = client.post(f"/meetings/{meeting.id}/sessions/new?day={day.id}", data={
        "day": day.id, "start": "10:00", "end": "11:30", "title": "Panel on data",
        "kind": "panel", "room": "Hall B", "description": "Data *gaps*."})
    assert response.status_code == 302
    session = db.session.scalars(select(MeetingSession)).one()
    assert session.starts_at == datetime(2030, 6, 4, 1, 0)
    url = f"/meetings/{meeting.id}/sessions/{session.id}/people"

    expert = make_expert("Siriporn WONGSAKUL", native_name="ศิริพร วงศ์สกุล")
    response = client.post(url, data={"role": "speaker", "expert": expert.id,
                                      "guest_name": "Someone"})
    assert "not both" in field_error(response.get_data(as_text=True), "expert")
    response = client.post(url, data={"role": "speaker", "expert": "0", "guest_name": ""})
    assert "not both" in field_error(response.get_data(as_text=True), "expert")
    response = client.post(url, data={"role": "speaker", "expert": "99999"})
    assert field_error(response.get_data(as_text=True), "expert")
    assert count(SessionPerson) == 0

    assert client.post(url, data={"role": "chair", "expert": expert.id}).status_code == 302
    assert client.post(url, data={"role": "speaker", "expert": "0", "guest_name": "Ms Guest",
                                  "guest_affiliation": "Ministry"}).status_code == 302
    response = client.post(url, data={"role": "chair", "expert": expert.id})
    assert "already listed" in field_error(response.get_data(as_text=True), "expert")
    people = db.session.scalars(select(SessionPerson).order_by(SessionPerson.position)).all()
    assert [(p.role, p.name) for p in people] == [
        ("chair", "Siriporn WONGSAKUL (ศิริพร วงศ์สกุล)"), ("speaker", "Ms Guest")]
    # The directory expert became a participant with the speaker role.
    participant = db.session.scalars(select(MeetingParticipant)).one()
    assert (participant.expert_id, participant.role) == (expert.id, "speaker")

    client.post(f"{url}/{people[1].id}/move", data={"direction": "up"})
    db.session.expire_all()
    assert next(p.name for p in db.session.get(MeetingSession, session.id).people) == "Ms Guest"
    client.post(f"{url}/{people[1].id}/delete")
    assert count(SessionPerson) == 1

    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "Siriporn WONGSAKUL" in page
    assert "Hall B" in page
    assert "<em>gaps</em>" in page


def test_person_of_another_session_is_not_found(client, organiser, make_meeting, add_session):
    meeting = make_meeting()
    first, second = add_session(meeting, title="A"), add_session(meeting, title="B")
    from app.meetings import agenda

    person = agenda.add_session_person(first, role="speaker", guest_name="X")
    db.session.commit()
    url = f"/meetings/{meeting.id}/sessions/{second.id}/people/{person.id}/delete"
    assert client.post(url).status_code == 404


def test_documents_upload_rules_edit_and_delete(client, organiser, make_meeting, add_session):
    meeting = make_meeting()
    session = add_session(meeting)
    url = f"/meetings/{meeting.id}/documents/new"
    response = client.post(url, data={
        "title": "", "kind": "presentation", "visibility": "public", "session": session.id,
        "upload": (io.BytesIO(b"<html><script>x</script></html>"), "slides.html")},
        content_type="multipart/form-data")
    assert "not accepted" in field_error(response.get_data(as_text=True), "upload")
    response = client.post(url, data={
        "title": "", "kind": "presentation", "visibility": "public", "session": session.id,
        "upload": (io.BytesIO(b"not a pdf"), "slides.pdf")}, content_type="multipart/form-data")
    assert "does not match" in field_error(response.get_data(as_text=True), "upload")
    assert count(MeetingDocument) == 0
    assert count(StoredFile) == 0

    response = client.post(url, data={
        "title": "", "kind": "presentation", "visibility": "participants",
        "session": session.id, "upload": (io.BytesIO(PDF), "Slides – Hà Nội.pdf")},
        content_type="multipart/form-data")
    assert response.status_code == 302
    doc = db.session.scalars(select(MeetingDocument)).one()
    assert (doc.title, doc.session_id, doc.visibility) == ("Slides – Hà Nội.pdf", session.id,
                                                           "participants")
    response = client.post(f"/meetings/{meeting.id}/documents/{doc.id}/edit", data={
        "title": "Corridor slides", "kind": "presentation", "visibility": "public",
        "session": "0"}, content_type="multipart/form-data")
    assert response.status_code == 302
    db.session.refresh(doc)
    assert (doc.title, doc.session_id, doc.visibility) == ("Corridor slides", None, "public")
    client.post(f"/meetings/{meeting.id}/documents/{doc.id}/delete")
    assert count(MeetingDocument) == 0
    assert count(StoredFile) == 0


def test_invite_participants_attendance_and_roles(client, organiser, make_user, make_meeting,
                                                  make_expert):
    meeting = make_meeting()
    official = make_user("learner", email="official@example.test", name="Sokha CHAN")
    expert = make_expert("Dewi KUSUMAWARDANI")
    url = f"/meetings/{meeting.id}/participants"
    response = client.post(url, data={"emails": "", "expert": "0", "role": "participant"})
    assert "at least one" in field_error(response.get_data(as_text=True), "emails")
    response = client.post(url, data={"emails": "official@example.test\nghost@example.test",
                                      "expert": "0", "role": "participant"})
    assert "ghost@example.test" in field_error(response.get_data(as_text=True), "emails")
    assert count(MeetingParticipant) == 0

    outbox().clear()
    response = client.post(url, data={"emails": "Official@example.test", "expert": expert.id,
                                      "role": "observer", "notify": "y"})
    assert response.status_code == 302
    rows = db.session.scalars(select(MeetingParticipant)).all()
    assert {(r.user_id, r.expert_id, r.role) for r in rows} == {
        (official.id, None, "observer"), (None, expert.id, "observer")}
    assert [m["To"] for m in outbox()] == ["official@example.test"]
    assert f"/meetings/{meeting.id}" in outbox()[0].get_content()

    response = client.post(url, data={"emails": "official@example.test", "expert": "0",
                                      "role": "participant"}, follow_redirects=True)
    assert "Already invited: Sokha CHAN." in response.get_data(as_text=True)
    assert count(MeetingParticipant) == 2

    mine = next(r for r in rows if r.user_id == official.id)
    client.post(f"{url}/{mine.id}/role", data={"role": "speaker"})
    client.post(f"/meetings/{meeting.id}/attendance", data={"attended": [str(mine.id)]})
    db.session.expire_all()
    rows = {r.id: r for r in db.session.scalars(select(MeetingParticipant))}
    assert rows[mine.id].role == "speaker"
    assert rows[mine.id].attended is True
    assert [r.attended for r in rows.values() if r.id != mine.id] == [False]
    page = client.get(url).get_data(as_text=True)
    assert "1 attended" in page
    client.post(f"{url}/{mine.id}/delete")
    assert count(MeetingParticipant) == 1


def test_bad_role_is_refused(client, organiser, make_user, make_meeting):
    meeting = make_meeting()
    from app.meetings import participation

    participation.invite(meeting, users=[make_user("learner")], role="participant")
    db.session.commit()
    row = db.session.scalars(select(MeetingParticipant)).one()
    response = client.post(f"/meetings/{meeting.id}/participants/{row.id}/role",
                           data={"role": "king"}, follow_redirects=True)
    assert "Choose a role from the list." in response.get_data(as_text=True)
    db.session.refresh(row)
    assert row.role == "participant"


def test_outcomes_are_markdown_and_sanitised(client, organiser, make_meeting):
    meeting = make_meeting(status="held")
    response = client.post(f"/meetings/{meeting.id}/outcomes", data={
        "minutes": "## Day 1\n\nAgreed <script>alert(1)</script> **priorities**.",
        "recommendations": "1. Train officials\n2. Pilot brain circulation"})
    assert response.status_code == 302
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "<strong>priorities</strong>" in page
    assert "<script>alert(1)</script>" not in page
    assert "<li>Pilot brain circulation</li>" in page


def test_delete_meeting_removes_everything(client, organiser, make_meeting, add_session):
    meeting = make_meeting()
    add_session(meeting)
    from werkzeug.datastructures import FileStorage

    from app.meetings import services

    services.add_document(meeting, FileStorage(io.BytesIO(PDF), filename="a.pdf"), title="A",
                          kind="report", visibility="public")
    db.session.commit()
    assert client.post(f"/meetings/{meeting.id}/delete").status_code == 302
    assert (count(Meeting), count(MeetingSession), count(MeetingDocument), count(StoredFile)) \
        == (0, 0, 0, 0)


def test_named_organiser_without_the_role_manages_only_their_meeting(client, make_user,
                                                                     make_meeting):
    trainer = make_user("trainer")
    theirs = make_meeting(organisers=[trainer])
    other = make_meeting(title="Other")
    login(client, trainer)
    assert client.get(f"/meetings/{theirs.id}/edit").status_code == 200
    assert client.get(f"/meetings/{other.id}/edit").status_code == 403
    assert client.get("/meetings/new").status_code == 403


def test_experts_are_offered_without_archived(client, organiser, make_meeting, add_session,
                                              make_expert):
    meeting = make_meeting()
    session = add_session(meeting)
    make_expert("Active Person")
    make_expert("Archived Person", archived=True)
    page = client.get(f"/meetings/{meeting.id}/sessions/{session.id}/edit").get_data(
        as_text=True)
    assert "Active Person" in page
    assert "Archived Person" not in page
    assert db.session.scalar(select(func.count(Expert.id))) == 2


def test_participants_table_shows_the_chair_as_chair(client, organiser, make_meeting,
                                                     make_expert, add_session):
    from app.meetings import agenda

    meeting = make_meeting()
    chair = make_expert("Kim CHAIR")
    speaker = make_expert("Lan SPEAKER")
    session = add_session(meeting, title="Opening")
    agenda.add_session_person(session, role="chair", expert=chair)
    agenda.add_session_person(session, role="speaker", expert=speaker)
    db.session.commit()
    page = client.get(f"/meetings/{meeting.id}/participants").get_data(as_text=True)
    rows = {name: page.split(name, 1)[1].split("</tr>", 1)[0]
            for name in ("Kim CHAIR", "Lan SPEAKER")}
    assert '<span class="tag">chair</span>' in rows["Kim CHAIR"]
    assert '<span class="tag">chair</span>' not in rows["Lan SPEAKER"]


def test_invitation_and_attendance_counts_use_plural_forms(client, organiser, make_user,
                                                            make_meeting):
    meeting = make_meeting()
    for n in range(3):
        make_user("learner", email=f"p{n}@example.test")
    url = f"/meetings/{meeting.id}/participants"
    page = client.post(url, data={"emails": "p0@example.test", "expert": "0",
                                  "role": "participant"}, follow_redirects=True)
    assert "1 participant invited." in page.get_data(as_text=True)
    page = client.post(url, data={"emails": "p1@example.test\np2@example.test", "expert": "0",
                                  "role": "participant"}, follow_redirects=True)
    assert "2 participants invited." in page.get_data(as_text=True)
    rows = db.session.scalars(select(MeetingParticipant)).all()
    page = client.post(f"/meetings/{meeting.id}/attendance",
                       data={"attended": [str(rows[0].id)]}, follow_redirects=True)
    text = page.get_data(as_text=True)
    assert "Attendance saved: 1 participant attended." in text
    assert "1 attended</p>" in text  # the last of the counts line
    page = client.post(f"/meetings/{meeting.id}/attendance",
                       data={"attended": [str(r.id) for r in rows]}, follow_redirects=True)
    assert "Attendance saved: 3 participants attended." in page.get_data(as_text=True)
    assert "3 attended</p>" in page.get_data(as_text=True)
