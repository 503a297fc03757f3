"""The meeting page's participants list (rows loaded on every view, the rendered list cached
under them): every change shows at once, and nobody sees what their class may not see."""

from __future__ import annotations

import pytest

from app.experts import services as experts
from app.extensions import db
from app.meetings import participation, services
from tests.conftest import BrowserClient, login
from tests.meetings.test_page_cache import page


@pytest.fixture
def other_client(app):
    app.test_client_class = BrowserClient
    return app.test_client


def _participants_section(html: str) -> str:
    start = html.find('<section id="participants"')
    return html[start:html.index("</section>", start)] if start >= 0 else ""


def test_rows_match_the_participants_of_the_meeting(app, make_user, make_meeting, make_expert):
    meeting = make_meeting()
    user = make_user("learner", name="Somchai Jaidee", native_name="สมชาย ใจดี",
                     position="Director", agency="Ministry of Labour", country="TH")
    plain = make_user("learner", name="Ana Silva")
    expert = make_expert("NGUYEN Van An", honorific="Dr", native_name="Nguyễn Văn An",
                         position="Researcher", organisation="ILSSA", country="VN")
    bare = make_expert("Lee", honorific="", country="KR")
    participation.invite(meeting, users=[user, plain], role="participant")
    participation.invite(meeting, experts=[expert], role="speaker")
    participation.invite(meeting, experts=[bare], role="observer")
    db.session.commit()

    rows = participation.participant_rows(meeting.id)
    objects = participation.participants_of(meeting)
    assert [(r.id, r.name, r.affiliation, r.country, r.role, r.rsvp) for r in rows] == [
        (p.id, p.name, p.affiliation, p.country or "", p.role, p.rsvp) for p in objects]
    assert rows[0].name == "Dr NGUYEN Van An (Nguyễn Văn An)"
    assert rows[0].affiliation == "Researcher, ILSSA"
    assert "Somchai Jaidee (สมชาย ใจดี)" in [r.name for r in rows]


def test_answers_and_renames_show_at_once(app, make_user, make_meeting, make_expert,
                                          other_client):
    organiser = make_user("organiser")
    invited = make_user("learner", name="Aung Kyaw")
    expert = make_expert("TRAN Thi Mai", organisation="Labour Institute")
    meeting = make_meeting()
    participation.invite(meeting, users=[invited], role="participant")
    participation.invite(meeting, experts=[expert], role="speaker")
    db.session.commit()
    manager = other_client()
    login(manager, organiser)
    own = other_client()
    login(own, invited)

    listed = _participants_section(page(manager, meeting))
    assert "Aung Kyaw" in listed
    assert "No answer yet" in listed
    assert "Will attend" not in listed

    response = own.post(f"/meetings/{meeting.id}/rsvp", data={"answer": "yes", "note": ""})
    assert response.status_code == 302
    listed = _participants_section(page(manager, meeting))
    assert "Will attend" in listed
    assert "No answer yet" in listed  # the expert has not answered

    invited.name = "Aung Kyaw Min"
    invited.position = "Labour attaché"
    db.session.commit()
    experts.update_expert(expert, {"organisation": "National Labour Institute"},
                          actor=organiser)
    db.session.commit()
    for client in (manager, own):
        listed = _participants_section(page(client, meeting))
        assert "Aung Kyaw Min" in listed
        assert "Labour attaché" in listed
        assert "National Labour Institute" in listed

    participation.remove_participant(participation.participants_of(meeting)[0])  # the expert
    db.session.commit()
    listed = _participants_section(page(manager, meeting))
    assert "TRAN Thi Mai" not in listed
    assert "(1)" in listed


def test_a_list_cached_for_an_organiser_reaches_nobody_else(app, make_user, make_meeting,
                                                           other_client):
    invited, member = make_user("learner", name="Invited Person"), make_user("learner")
    meeting = make_meeting()
    participation.invite(meeting, users=[invited], role="participant")
    db.session.commit()
    viewers = {}
    for name, user in (("organiser", make_user("organiser")), ("participant", invited),
                       ("member", member), ("anonymous", None)):
        viewers[name] = other_client()
        if user is not None:
            login(viewers[name], user)
    for _ in range(2):  # cold, then from the cache filled by the organiser
        for name, client in viewers.items():
            listed = _participants_section(page(client, meeting))
            assert ("Invited Person" in listed) is (name in ("organiser", "participant")), name
            assert ("No answer yet" in listed) is (name == "organiser"), name
            assert ('<th scope="col">Answer</th>' in listed) is (name == "organiser"), name


def test_meeting_texts_show_their_latest_version(app, client, make_meeting):
    meeting = make_meeting(objectives="Share *evidence*.")
    assert "<em>evidence</em>" in page(client, meeting)
    services.record_outcomes(meeting, minutes="We **agreed**.", recommendations="")
    db.session.commit()
    html = page(client, meeting)
    assert "<strong>agreed</strong>" in html
    meeting.objectives = "Share *data*."  # even without a new revision
    db.session.commit()
    html = page(client, meeting)
    assert "<em>data</em>" in html
    assert "<em>evidence</em>" not in html
