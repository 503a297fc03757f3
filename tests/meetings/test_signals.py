"""The meetings domain tells others when experts' contributions change: a speaker or chair
from the directory added or removed, a session or day with its people deleted, a meeting
deleted (signals.expert_contribution_changed, sender: the meeting, kwargs: expert_ids)."""

from __future__ import annotations

from contextlib import contextmanager

from app import signals
from app.extensions import db
from app.meetings import agenda, services
from tests.conftest import login


@contextmanager
def received(signal):
    calls = []

    def receiver(sender, **kwargs):
        calls.append((sender, kwargs))

    signal.connect(receiver)
    try:
        yield calls
    finally:
        signal.disconnect(receiver)


def test_adding_and_removing_a_directory_speaker_is_sent_once_each(app, make_meeting,
                                                                   make_expert, add_session):
    meeting = make_meeting()
    session = add_session(meeting)
    expert = make_expert()
    with received(signals.expert_contribution_changed) as calls:
        person = agenda.add_session_person(session, role="speaker", expert=expert)
    assert calls == [(meeting, {"expert_ids": [expert.id]})]
    with received(signals.expert_contribution_changed) as calls:
        agenda.add_session_person(session, role="chair", guest_name="A guest")
    assert calls == []  # a guest is not in the directory
    with received(signals.expert_contribution_changed) as calls:
        agenda.remove_session_person(person)
    assert calls == [(meeting, {"expert_ids": [expert.id]})]


def test_deleting_a_session_a_day_or_the_meeting_sends_its_experts(app, make_meeting,
                                                                   make_expert, add_session):
    meeting = make_meeting()
    first, second = make_expert(), make_expert()
    session = add_session(meeting, title="Opening")
    agenda.add_session_person(session, role="speaker", expert=first)
    agenda.add_session_person(session, role="chair", expert=second)
    other = add_session(meeting, day=1, title="Closing")
    agenda.add_session_person(other, role="speaker", expert=first)
    db.session.commit()
    with received(signals.expert_contribution_changed) as calls:
        agenda.delete_session(session)
    db.session.commit()  # each change is its own request
    assert calls == [(meeting, {"expert_ids": sorted([first.id, second.id])})]
    with received(signals.expert_contribution_changed) as calls:
        agenda.delete_day(meeting.days[0])  # no session left on it
    db.session.commit()
    assert calls == []
    with received(signals.expert_contribution_changed) as calls:
        services.delete_meeting(meeting, actor=None)
    assert calls == [(meeting, {"expert_ids": [first.id]})]


def test_the_organiser_page_sends_the_signal_once(client, make_user, make_meeting,
                                                  make_expert, add_session):
    meeting = make_meeting()
    session = add_session(meeting)
    expert = make_expert()
    login(client, make_user("organiser"))
    with received(signals.expert_contribution_changed) as calls:
        response = client.post(f"/meetings/{meeting.id}/sessions/{session.id}/people",
                               data={"role": "speaker", "expert": expert.id})
    assert response.status_code == 302
    assert [(s.id, kw) for s, kw in calls] == [(meeting.id, {"expert_ids": [expert.id]})]
