"""Fixtures and helpers for the certificates tests."""

from __future__ import annotations

import io
import subprocess
from datetime import date

import pypdf
import pytest

from app.certificates import eligibility, services
from app.certificates.data import CertificateData
from app.extensions import db

WORKSHOP_DATA = {
    "title": "Labour Migration Governance in ASEAN and Korea",
    "course_titles": ("Introduction to International Labour Migration",),
    "start_date": date(2026, 3, 9), "end_date": date(2026, 3, 13), "hours": 24,
    "venue": "Phnom Penh", "host_country": "KH",
}


def pdftotext(pdf: bytes) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf,
                          capture_output=True, check=True).stdout.decode()


def pypdf_text(pdf: bytes) -> str:
    return pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text()


def page_count(pdf: bytes) -> int:
    return len(pypdf.PdfReader(io.BytesIO(pdf)).pages)


def snapshot(user, **overrides) -> CertificateData:
    values = {"holder_name": user.name, "holder_native_name": user.native_name or "",
              **WORKSHOP_DATA, **overrides}
    return CertificateData(**values)


@pytest.fixture
def organiser(make_user):
    return make_user("organiser", email="organiser@cert.test", name="Maria SANTOS")


@pytest.fixture
def issue(make_user, organiser):
    """issue(holder=None, template="classic", language="", workshop_id=None, **snapshot)"""

    def factory(holder=None, *, template="classic", language="", workshop_id=None,
                **overrides):
        holder = holder or make_user("learner", name="CHAN Sokha", native_name="ចាន់ សុខា")
        certificate = services.issue_certificate(
            holder, snapshot=snapshot(holder, **overrides), template=template,
            language=language, workshop_id=workshop_id, issued_by=organiser)
        db.session.commit()  # inline mode: the PDF is rendered on commit
        db.session.refresh(certificate)
        return certificate

    return factory


@pytest.fixture
def no_workshops(app):
    """A platform without the workshops domain: no eligibility provider is registered."""
    eligibility.unregister()


@pytest.fixture
def provider():
    """provider(workshop_id → [(user, data)]) registers an eligibility provider for a test."""

    def register(mapping: dict):
        eligibility.register(lambda workshop_id: mapping.get(workshop_id, []))

    yield register
    eligibility.unregister()
