"""Factories for the pilots tests."""

from __future__ import annotations

from datetime import date

import pytest

from app.extensions import db
from app.pilots import participants, services


@pytest.fixture
def make_project(app, make_user):
    def factory(title="Welding pilot", *, public=True, actor=None, status="proposal",
                status_date=None, **data):
        actor = actor or make_user("organiser")
        values = {"title": title, "country": "KH", "sector": "manufacturing",
                  "summary": "A **pilot** summary.", "is_public": public}
        values.update(data)
        project = services.create_project(values, actor=actor, status=status,
                                          status_date=status_date or date(2024, 11, 4))
        db.session.commit()
        return project

    return factory


@pytest.fixture
def make_participant(app):
    def factory(project, name="CHEA Sovann", **data):
        values = {"name": name, "native_name": "ជា សុវណ្ណ", "country_of_origin": "KH",
                  "city_in_korea": "Ulsan", "years_in_korea": 9, "visa_category": "E-7",
                  "occupation": "Welder", "skills": "Gas tungsten arc welding",
                  "education": "Vocational certificate", "languages": ["km", "ko"],
                  "role": "lead", "role_note": "Lead trainer",
                  "consent_date": date(2025, 2, 10), "consent_scope": "Project records"}
        values.update(data)
        participant = participants.add_participant(project, values)
        db.session.commit()
        return participant

    return factory
