"""Pilots tell others when a mentor is added or removed (expert_contribution_changed,
sender: the project, kwargs: expert_ids) and when a project's planning meeting is set or
changed (meeting_outcome_linked, sender: the project, kwargs: meeting_id,
previous_meeting_id)."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date, datetime

from app import signals
from app.experts.models import Expert
from app.extensions import db
from app.meetings import services as meetings
from app.pilots import services


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


def _meeting(title: str):
    return meetings.create_meeting({
        "title": title, "series_number": None, "status": "held", "visibility": "public",
        "mode": "online", "timezone": "Asia/Seoul", "starts_local": datetime(2025, 6, 4, 9),
        "ends_local": datetime(2025, 6, 4, 17), "venue": "", "city": "", "country": "KR",
        "join_url": "", "objectives": "", "description": ""}, organisers=[], actor=None)


def test_mentors_added_and_removed(app, make_project):
    project = make_project()
    expert = Expert(name="PARK Jiwon", consent_date=date(2025, 1, 1))
    db.session.add(expert)
    db.session.flush()
    with received(signals.expert_contribution_changed) as calls:
        mentor = services.add_mentor(project, expert)
    assert calls == [(project, {"expert_ids": [expert.id]})]
    with received(signals.expert_contribution_changed) as calls:
        services.remove_mentor(mentor)
    assert calls == [(project, {"expert_ids": [expert.id]})]


def test_planning_meeting_set_changed_and_cleared(app, make_user):
    first, second = _meeting("First"), _meeting("Second")
    with received(signals.meeting_outcome_linked) as calls:
        project = services.create_project(
            {"title": "Pilot", "country": "KH", "sector": "other",
             "planned_by_meeting_id": first.id}, actor=make_user("organiser"))
    assert calls == [(project, {"meeting_id": first.id, "previous_meeting_id": None})]
    with received(signals.meeting_outcome_linked) as calls:
        services.update_project(project, {"title": "Pilot, renamed",
                                          "planned_by_meeting_id": first.id})
    assert calls == []  # the meeting did not change
    with received(signals.meeting_outcome_linked) as calls:
        services.update_project(project, {"planned_by_meeting_id": second.id})
    assert calls == [(project, {"meeting_id": second.id, "previous_meeting_id": first.id})]
    with received(signals.meeting_outcome_linked) as calls:
        services.update_project(project, {"planned_by_meeting_id": None})
    assert calls == [(project, {"meeting_id": None, "previous_meeting_id": second.id})]


def test_a_project_without_a_meeting_sends_nothing(app, make_project):
    with received(signals.meeting_outcome_linked) as calls:
        make_project()
    assert calls == []
