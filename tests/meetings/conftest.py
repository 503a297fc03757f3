"""Factories for meeting tests."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from app.experts.models import Expert
from app.extensions import db
from app.meetings import agenda, services


def meeting_data(**overrides) -> dict:
    data = {
        "title": "Labour mobility in the region", "series_number": 3, "status": "confirmed",
        "visibility": "public", "mode": "hybrid", "timezone": "Asia/Seoul",
        "starts_local": datetime(2030, 6, 4, 9, 0), "ends_local": datetime(2030, 6, 5, 17, 30),
        "venue": "Conference Hall", "city": "Seoul", "country": "KR",
        "join_url": "https://meet.example.org/iem3", "objectives": "Share *evidence*.",
        "description": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def make_meeting(app):
    def factory(organisers=(), actor=None, **overrides):
        meeting = services.create_meeting(meeting_data(**overrides), organisers=list(organisers),
                                          actor=actor)
        db.session.commit()
        return meeting

    return factory


@pytest.fixture
def make_expert(app):
    counter = {"n": 0}

    def factory(name=None, **fields):
        counter["n"] += 1
        fields.setdefault("consent_date", date(2030, 1, 1))
        fields.setdefault("country", "TH")
        expert = Expert(name=name or f"Expert {counter['n']}", **fields)
        db.session.add(expert)
        db.session.commit()
        return expert

    return factory


@pytest.fixture
def add_session(app):
    def factory(meeting, *, day=0, start=time(9, 0), end=time(10, 0), title="Session",
                kind="panel", **fields):
        session = agenda.save_session(meeting, None, day=meeting.days[day], start=start,
                                        end=end, title=title, kind=kind, **fields)
        db.session.commit()
        return session

    return factory
