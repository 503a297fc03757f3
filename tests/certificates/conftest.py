"""Fixtures and helpers for the certificates tests."""

from __future__ import annotations

import io
import subprocess
from contextlib import contextmanager
from datetime import date

import pypdf
import pytest

from app.certificates import services
from app.certificates.data import CertificateData
from app.extensions import db

WORKSHOP_DATA = {
    "title": "Labour Migration Governance in ASEAN and Korea",
    "course_titles": ("Introduction to International Labour Migration",),
    "start_date": date(2026, 3, 9), "end_date": date(2026, 3, 13), "hours": 24,
    "venue": "Phnom Penh", "host_country": "KH",
}


@contextmanager
def caught(signal):
    """The (sender, kwargs) of each time `signal` is sent inside the block."""
    calls = []

    def receiver(sender, **kwargs):
        calls.append((sender, kwargs))

    with signal.connected_to(receiver):
        yield calls


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
def completed(make_user):
    """completed(workshop_id, users): the users completed that (finished, rule-less)
    workshop, as the workshops domain computes it."""
    from app.workshops.models import APPROVED, FINISHED, Enrolment, Workshop

    def complete(workshop_id: int, users) -> Workshop:
        workshop = db.session.get(Workshop, workshop_id)
        workshop.status = FINISHED
        workshop.require_lessons = workshop.require_quizzes = False
        workshop.min_attendance_percent = 0
        for user in users:
            db.session.add(Enrolment(workshop=workshop, user=user, status=APPROVED))
        db.session.commit()
        return workshop

    return complete


@pytest.fixture(autouse=True)
def workshops(app):
    """Workshops 1–20 exist, so tests can give a certificate a workshop by number."""
    from datetime import date

    from sqlalchemy import text

    from app.workshops.models import Workshop

    for number in range(1, 21):
        db.session.add(Workshop(id=number, title=f"Workshop {number}",
                                start_date=date(2026, 3, 9), end_date=date(2026, 3, 13)))
    db.session.flush()
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text(
            "SELECT setval(pg_get_serial_sequence('workshops', 'id'), 20)"))
    db.session.commit()
