"""The meeting page's agenda and documents are cached per revision: every kind of edit shows
on the next view, and no viewer gets what their class may not see."""

from __future__ import annotations

import re
from datetime import time

import pytest
from sqlalchemy import event

from app.experts import merge
from app.experts import services as experts
from app.extensions import db
from app.meetings import agenda, participation, services
from app.meetings.views.programme import CSRF_MARK
from tests.conftest import BrowserClient, login
from tests.meetings.conftest import meeting_data
from tests.meetings.test_visibility import upload


def page(client, meeting) -> str:
    response = client.get(f"/meetings/{meeting.id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.fixture
def other_client(app):
    app.test_client_class = BrowserClient
    return app.test_client


def test_every_kind_of_edit_shows_on_the_next_view(app, client, make_user, make_meeting,
                                                   make_expert, add_session):
    organiser = make_user("organiser")
    meeting = make_meeting()
    speaker = make_expert("KIM Minji", organisation="Ministry of Labour")
    session = add_session(meeting, title="Opening remarks")
    assert "Opening remarks" in page(client, meeting)  # cached from here on

    edits = [
        (lambda: agenda.update_day(meeting.days[0], day_date=meeting.days[0].date,
                                   title="Policy day"), "Policy day"),
        (lambda: agenda.save_session(meeting, session, day=meeting.days[0], start=time(9),
                                     end=time(10), title="Welcome address", kind="panel"),
         "Welcome address"),
        (lambda: agenda.add_session_person(session, role="speaker", expert=speaker),
         "KIM Minji"),
        (lambda: agenda.add_session_person(session, role="chair", guest_name="Ms Guest Chair"),
         "Ms Guest Chair"),
        (lambda: upload(meeting, "Concept note 2030", "public"), "Concept note 2030"),
        (lambda: experts.update_expert(speaker, {"name": "KIM Minji-Ae"}, actor=organiser),
         "KIM Minji-Ae"),
        (lambda: experts.update_expert(speaker, {"organisation": "Labour Office"},
                                       actor=organiser), "Labour Office"),
        (lambda: add_session(meeting, day=1, start=time(14), end=time(15), title="Field visit"),
         "Field visit"),
    ]
    for edit, shown in edits:
        edit()
        db.session.commit()
        assert shown in page(client, meeting), shown

    document = meeting.documents[0]
    services.update_document(document, title="Concept note (final)", kind="report",
                             visibility="public", session=session)
    db.session.commit()
    html = page(client, meeting)
    assert "Concept note (final)" in html
    assert "Concept note 2030" not in html

    services.delete_document(meeting.documents[0])
    db.session.commit()
    assert "Concept note (final)" not in page(client, meeting)

    guest = next(p for p in session.people if p.guest_name)
    agenda.remove_session_person(guest)
    db.session.commit()
    assert "Ms Guest Chair" not in page(client, meeting)

    agenda.delete_session(session)
    db.session.commit()
    html = page(client, meeting)
    assert "Welcome address" not in html
    assert "Field visit" in html

    agenda.delete_day(meeting.days[1])
    db.session.commit()
    html = page(client, meeting)
    assert "Field visit" not in html
    assert "Policy day" in html


def test_an_experts_profile_link_and_merge_show_on_the_next_view(
        app, client, make_user, make_meeting, make_expert, add_session):
    organiser = make_user("organiser")
    meeting = make_meeting()
    speaker = make_expert("PARK Jisoo")
    twin = make_expert("Jisoo Park (duplicate)")
    session = add_session(meeting, title="Remittances")
    agenda.add_session_person(session, role="speaker", expert=twin)
    db.session.commit()
    profile = f'href="/experts/{speaker.id}"'
    assert "Jisoo Park (duplicate)" in page(client, meeting)

    merge.merge_experts(speaker, twin, actor=organiser)
    db.session.commit()
    html = page(client, meeting)
    assert "Jisoo Park (duplicate)" not in html
    assert profile in html  # listed publicly: linked for everyone

    experts.set_archived(speaker, True, actor=organiser)
    db.session.commit()
    html = page(client, meeting)
    assert "PARK Jisoo" in html
    assert profile not in html  # no longer listed: no link for the public


def test_participant_documents_never_reach_the_public_through_the_cache(
        app, make_user, make_meeting, other_client, add_session):
    invited, member, co_organiser = (make_user("learner"), make_user("learner"),
                                     make_user("trainer"))
    meeting = make_meeting(organisers=[co_organiser])
    session = add_session(meeting, title="Closed panel")
    participation.invite(meeting, users=[invited], role="participant")
    upload(meeting, "doc-public", "public")
    doc = upload(meeting, "doc-participants", "participants")
    services.update_document(doc, title="doc-participants-session", kind="report",
                             visibility="participants", session=session)
    upload(meeting, "doc-organisers", "organisers")
    db.session.commit()

    viewers = {}
    for name, user in (("organiser", make_user("organiser")), ("manager", co_organiser),
                       ("participant", invited), ("member", member), ("anonymous", None)):
        viewers[name] = other_client()
        if user is not None:
            login(viewers[name], user)
    seen = {name: page(c, meeting) for name, c in viewers.items()}  # in this order: warm
    seen_again = {name: page(c, meeting) for name, c in reversed(viewers.items())}
    for pages in (seen, seen_again):
        for name, html in pages.items():
            inside = name in ("organiser", "manager", "participant")
            managing = name in ("organiser", "manager")
            assert "doc-public" in html
            assert ("doc-participants-session" in html) is inside, name
            assert ("doc-organisers" in html) is managing, name
            assert ("Delete the day" in html) is managing, name


def test_each_manager_gets_their_own_csrf_token(app, make_user, make_meeting, other_client):
    first, second = make_user("trainer"), make_user("trainer")
    meeting = make_meeting(organisers=[first, second])
    tokens = []
    for user in (first, second):
        client = other_client()
        login(client, user)
        html = page(client, meeting)
        assert CSRF_MARK not in html
        delete_day = re.search(r'action="/meetings/\d+/days/(\d+)/delete" class="inline">\s*'
                               r'<input type="hidden" name="csrf_token" value="([^"]+)"', html)
        assert delete_day, "no delete button for a manager"
        # The session's own token (signed with the time: compare what is signed).
        assert delete_day.group(2).split(".")[0] == client.csrf_token().split(".")[0]
        tokens.append(delete_day.group(2).split(".")[0])
        response = client.post(f"/meetings/{meeting.id}/days/{delete_day.group(1)}/delete",
                               data={"csrf_token": delete_day.group(2)}, csrf=False)
        assert response.status_code == 302
    assert tokens[0] != tokens[1]


def test_each_viewer_sees_their_own_time_zone(app, make_user, make_meeting, add_session,
                                              other_client):
    meeting = make_meeting(timezone="Asia/Seoul")
    add_session(meeting, start=time(9), end=time(10), title="Keynote")
    yangon, seoul = make_user("learner"), make_user("learner")
    yangon.timezone, seoul.timezone = "Asia/Yangon", "Asia/Seoul"
    db.session.commit()
    pages = {}
    for user in (yangon, seoul, yangon):
        client = other_client()
        login(client, user)
        pages.setdefault(user.timezone, []).append(page(client, meeting))
    for html in pages["Asia/Yangon"]:  # 09:00 at the venue is 07:30 in Yangon
        assert re.search(r'class="session-local">.*07:30', html)
    assert "07:30" not in pages["Asia/Seoul"][0]
    assert 'class="session-local"' not in pages["Asia/Seoul"][0]


def test_a_repeat_view_loads_no_agenda(app, client, make_meeting, make_expert, add_session):
    meeting = make_meeting()
    session = add_session(meeting, title="Data panel")
    agenda.add_session_person(session, role="speaker", expert=make_expert("LEE Jiwoo"))
    upload(meeting, "doc-public", "public")
    db.session.commit()
    statements = []

    def _record(_conn, _cursor, statement, *_):
        statements.append(statement)

    assert "LEE Jiwoo" in page(client, meeting)
    event.listen(db.engine, "before_cursor_execute", _record)
    try:
        html = page(client, meeting)
    finally:
        event.remove(db.engine, "before_cursor_execute", _record)
    assert "LEE Jiwoo" in html
    assert "doc-public" in html
    assert statements, "the meeting row is read"
    assert not [s for s in statements if "meeting_sessions" in s or "meeting_documents" in s]


def test_the_head_shows_each_edit_and_each_viewer_their_own_link_and_time(
        app, make_user, make_meeting, other_client):
    """The head (title, dates, place, organisers, calendar links) is a fragment too: an
    edit, an organiser's rename, the join link (participants only) and the viewer's own
    time zone all show as they should, in any order of viewers."""
    organiser_user = make_user("trainer", name="Ms First Organiser")
    meeting = make_meeting(organisers=[organiser_user])
    invited, member, neighbour = make_user("learner"), make_user("learner"), make_user("learner")
    member.timezone = "Asia/Yangon"  # the others: the same zone and language as each other
    participation.invite(meeting, users=[invited], role="participant")
    db.session.commit()
    clients = {}
    for name, user in (("invited", invited), ("neighbour", neighbour), ("member", member),
                       ("anonymous", None)):
        clients[name] = other_client()
        if user is not None:
            login(clients[name], user)

    for _round in range(2):  # the second round is served from the cache
        seen = {name: page(c, meeting) for name, c in clients.items()}
        assert "meet.example.org/iem3" in seen["invited"]
        assert "meet.example.org/iem3" not in seen["neighbour"]
        assert "meet.example.org/iem3" not in seen["member"]
        assert "meet.example.org/iem3" not in seen["anonymous"]
        assert "Your time:" in seen["member"]  # Yangon differs from Seoul
        assert "Your time:" not in seen["anonymous"]
        assert all("Ms First Organiser" in html for html in seen.values())

    services.update_meeting(meeting, meeting_data(title="Skills and remittances",
                                                  city="Busan", venue="BEXCO"),
                            organisers=[organiser_user], actor=None)
    db.session.commit()
    html = page(clients["anonymous"], meeting)
    assert "Skills and remittances" in html
    assert "Busan" in html
    assert "BEXCO" in html

    organiser_user.name = "Ms Renamed Organiser"  # moves no revision of the meeting
    db.session.commit()
    assert "Ms Renamed Organiser" in page(clients["anonymous"], meeting)
