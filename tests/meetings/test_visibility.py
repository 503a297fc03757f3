"""Who sees the join link, the participants and each document; members-only meetings."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from app.extensions import db
from app.meetings import participation, permissions, services
from app.meetings.models import MeetingDocument, MeetingParticipant
from tests.conftest import login

JOIN = "https://meet.example.org/iem3"
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def upload(meeting, name, visibility):
    from werkzeug.datastructures import FileStorage

    doc = services.add_document(meeting, FileStorage(io.BytesIO(PDF), filename=f"{name}.pdf"),
                                title=name, kind="report", visibility=visibility)
    db.session.commit()
    return doc


@pytest.fixture
def setup(app, make_user, make_meeting, make_expert):
    guest = make_user("learner")  # a signed-in member, not invited
    invited = make_user("learner")
    expert_user = make_user("trainer")
    co_organiser = make_user("trainer")  # named organiser of this meeting, no organiser role
    meeting = make_meeting(organisers=[co_organiser])
    expert = make_expert("Linked Expert", user_id=expert_user.id)
    participation.invite(meeting, users=[invited], experts=[expert], role="participant")
    docs = {v: upload(meeting, f"doc-{v}", v) for v in ("public", "participants", "organisers")}
    db.session.commit()
    return {"meeting": meeting, "guest": guest, "invited": invited, "expert_user": expert_user,
            "co_organiser": co_organiser, "organiser": make_user("organiser"),
            "admin": make_user("admin"), "docs": docs}


# who → (sees join link and participants, sees participants-only docs, organisers-only docs)
CASES = {
    "anonymous": (False, False, False),
    "guest": (False, False, False),
    "invited": (True, True, False),
    "expert_user": (True, True, False),
    "co_organiser": (True, True, True),
    "organiser": (True, True, True),
    "admin": (True, True, True),
}


@pytest.mark.parametrize("who", list(CASES))
def test_meeting_page_per_role(client, setup, who):
    inside, participants_docs, organiser_docs = CASES[who]
    if who != "anonymous":
        login(client, setup[who])
    meeting = setup["meeting"]
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert (JOIN in page) is inside
    assert ('id="participants-heading"' in page) is inside
    assert ("Linked Expert" in page) is inside  # only in the participants list
    assert "doc-public" in page
    assert ("doc-participants" in page) is participants_docs
    assert ("doc-organisers" in page) is organiser_docs
    if not inside:
        assert "The link to join online is shown to participants." in page


@pytest.mark.parametrize("who", list(CASES))
def test_document_downloads_per_role(client, setup, who):
    _inside, participants_docs, organiser_docs = CASES[who]
    if who != "anonymous":
        login(client, setup[who])
    meeting, docs = setup["meeting"], setup["docs"]
    for visibility, allowed in (("public", True), ("participants", participants_docs),
                                ("organisers", organiser_docs)):
        response = client.get(f"/meetings/{meeting.id}/documents/{docs[visibility].id}")
        if allowed:
            assert response.status_code == 200, visibility
            assert response.data == PDF
            assert response.headers["X-Content-Type-Options"] == "nosniff"
        elif who == "anonymous":
            assert response.status_code == 302
            assert "/login" in response.headers["Location"]
        else:
            assert response.status_code == 403, visibility


def test_document_of_another_meeting_is_not_found(client, setup, make_meeting):
    other = make_meeting(title="Other")
    doc = setup["docs"]["public"]
    assert client.get(f"/meetings/{other.id}/documents/{doc.id}").status_code == 404


def test_predicates_directly(app, setup):
    meeting, doc = setup["meeting"], setup["docs"]["participants"]
    assert permissions.can_see_join_link(setup["invited"], meeting)
    assert not permissions.can_see_join_link(setup["guest"], meeting)
    assert permissions.can_manage_meeting(setup["co_organiser"], meeting)
    assert not permissions.can_manage_meeting(setup["invited"], meeting)
    assert permissions.can_see_participants(setup["expert_user"], meeting)
    assert permissions.can_see_document(setup["invited"], doc)
    assert not permissions.can_see_document(setup["guest"], doc)
    meeting.mode = "in-person"
    assert not permissions.can_see_join_link(setup["organiser"], meeting)


def test_members_meeting_hidden_from_anonymous(client, make_user, make_meeting):
    meeting = make_meeting(visibility="members", title="Closed-door consultation")
    assert "Closed-door consultation" not in client.get("/meetings/").get_data(as_text=True)
    response = client.get(f"/meetings/{meeting.id}")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
    login(client, make_user("learner"))
    assert "Closed-door consultation" in client.get("/meetings/").get_data(as_text=True)
    assert client.get(f"/meetings/{meeting.id}").status_code == 200


def test_participant_answers_and_organiser_sees_it(client, setup):
    meeting, invited = setup["meeting"], setup["invited"]
    login(client, invited)
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "Will you take part?" in page
    response = client.post(f"/meetings/{meeting.id}/rsvp", data={"answer": "maybe",
                                                                 "note": "Online only"})
    assert response.status_code == 302
    row = db.session.scalars(select(MeetingParticipant).where(
        MeetingParticipant.user_id == invited.id)).one()
    assert (row.rsvp, row.rsvp_note) == ("maybe", "Online only")
    assert row.responded_at is not None
    client.post("/logout")
    login(client, setup["organiser"])
    page = client.get(f"/meetings/{meeting.id}/participants").get_data(as_text=True)
    assert "Maybe" in page
    assert "Online only" in page


def test_expert_account_answers_for_the_expert(client, setup):
    meeting = setup["meeting"]
    login(client, setup["expert_user"])
    client.post(f"/meetings/{meeting.id}/rsvp", data={"answer": "yes"})
    row = db.session.scalars(select(MeetingParticipant).where(
        MeetingParticipant.expert_id.is_not(None))).one()
    assert row.rsvp == "yes"


def test_rsvp_refused_to_others_and_after_the_meeting(client, setup):
    meeting = setup["meeting"]
    login(client, setup["guest"])
    assert client.post(f"/meetings/{meeting.id}/rsvp", data={"answer": "yes"}).status_code == 403
    client.post("/logout")
    meeting.status = "held"
    db.session.commit()
    login(client, setup["invited"])
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "Will you take part?" not in page
    assert client.post(f"/meetings/{meeting.id}/rsvp",
                       data={"answer": "yes"}).status_code == 403


def test_rsvp_without_answer_changes_nothing(client, setup):
    meeting = setup["meeting"]
    login(client, setup["invited"])
    response = client.post(f"/meetings/{meeting.id}/rsvp", data={"answer": ""},
                           follow_redirects=True)
    assert "Choose an answer." in response.get_data(as_text=True)
    row = db.session.scalars(select(MeetingParticipant).where(
        MeetingParticipant.user_id == setup["invited"].id)).one()
    assert row.rsvp == "pending"


def test_documents_listed_for_the_viewer_only(app, setup):
    meeting = setup["meeting"]
    titles = [d.title for d in services.visible_documents(setup["guest"], meeting.documents)]
    assert titles == ["doc-public"]
    assert db.session.scalar(select(db.func.count(MeetingDocument.id))) == 3
