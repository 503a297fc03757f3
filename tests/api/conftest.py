"""Fixtures of the API tests: tokens made with the tokens service, a workshop with a
completer and their certificate."""

from __future__ import annotations

from datetime import date

import pytest

from app import signals
from app.api import tokens
from app.extensions import db

BASE = "https://learn.example.org"


@pytest.fixture(autouse=True)
def _public_base(app, monkeypatch):
    app.config["PUBLIC_BASE_URL"] = BASE
    monkeypatch.setattr("app.certificates.background.request_rendering", lambda ids=None: None)


@pytest.fixture
def admin(make_user):
    return make_user("admin", email="admin@api.test", name="Admin")


@pytest.fixture
def make_token(admin):
    """make_token(*scopes, owner=admin) → the secret of a new token."""

    def factory(*scopes, owner=None):
        _token, secret = tokens.create_token(owner or admin, name="Ministry HR",
                                             scopes=list(scopes or tokens.SCOPES))
        db.session.commit()
        return secret

    return factory


def bearer(secret: str) -> dict:
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def workshop(make_user):
    """An open workshop (open enrolment) with an organiser, a completer and a certificate."""
    from app.certificates import services as certificates
    from app.certificates.data import CertificateData
    from app.workshops.models import (
        APPROVED,
        COMPLETED,
        OPEN,
        STAFF_ORGANISER,
        Enrolment,
        Workshop,
        WorkshopStaff,
    )

    organiser = make_user("organiser", email="org@api.test", name="Maria SANTOS")
    learner = make_user("learner", email="sokha@api.test", name="CHAN Sokha", country="KH",
                        agency="Ministry of Labour")
    item = Workshop(title="Labour Migration Governance", start_date=date(2026, 3, 9),
                    end_date=date(2030, 3, 13), status=OPEN, host_country="KH",
                    city="Phnom Penh")
    db.session.add(item)
    db.session.flush()
    db.session.add(WorkshopStaff(workshop_id=item.id, user_id=organiser.id,
                                 role=STAFF_ORGANISER))
    db.session.add(Enrolment(workshop_id=item.id, user_id=learner.id, status=APPROVED,
                             completion_status=COMPLETED))
    certificate = certificates.issue_certificate(
        learner, snapshot=CertificateData(holder_name=learner.name, title=item.title,
                                          start_date=item.start_date, end_date=item.end_date,
                                          hours=24, venue="Phnom Penh", host_country="KH"),
        template="classic", workshop_id=item.id, issued_by=organiser)
    signals.certificate_issued.send(certificate, actor=organiser)
    db.session.commit()
    return {"workshop": item, "organiser": organiser, "learner": learner,
            "certificate": certificate}
