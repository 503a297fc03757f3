"""Fixtures of the credentials tests: certificates issued with the certificates service
(without rendering their PDFs: the credential does not need them), a public base URL."""

from __future__ import annotations

from datetime import date

import pytest

from app import signals
from app.certificates import services
from app.certificates.data import CertificateData, Signatory
from app.extensions import db

BASE = "https://learn.example.org"


@pytest.fixture(autouse=True)
def _public_base(app, monkeypatch):
    app.config["PUBLIC_BASE_URL"] = BASE
    monkeypatch.setattr("app.certificates.background.request_rendering", lambda ids=None: None)


@pytest.fixture
def organiser(make_user):
    return make_user("organiser", email="organiser@creds.test", name="Maria SANTOS")


@pytest.fixture
def issue(make_user, organiser):
    """issue(holder=None, workshop_id=None, **snapshot) → a certificate, with the
    certificate_issued signal sent (as the certificates domain will)."""

    def factory(holder=None, *, workshop_id=None, send=True, **overrides):
        holder = holder or make_user("learner", name="CHAN Sokha", email="sokha@creds.test")
        values = {
            "holder_name": holder.name, "title": "Labour Migration Governance",
            "course_titles": ("Introduction to International Labour Migration",
                              "Ethical Recruitment"),
            "start_date": date(2026, 3, 9), "end_date": date(2026, 3, 13), "hours": 24,
            "venue": "Phnom Penh", "host_country": "KH",
            "signatories": (Signatory("KIM Jiwoo", "Director"),), **overrides}
        certificate = services.issue_certificate(
            holder, snapshot=CertificateData(**values), template="classic",
            workshop_id=workshop_id, issued_by=organiser)
        if send:
            signals.certificate_issued.send(certificate, actor=organiser)
        db.session.commit()
        return certificate

    return factory
