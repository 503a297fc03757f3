"""Organisers edit templates in the browser: texts, signatories, logos, preview."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from sqlalchemy import select

from app.certificates import design, samples
from app.certificates.models import Certificate
from app.extensions import db
from tests.certificates.conftest import pdftotext

pytestmark = pytest.mark.slow


def _png(colour="navy", size=(120, 40)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


def test_edited_texts_show_in_the_preview_and_new_certificates(client, login_as, issue):
    login_as("organiser")
    page = client.get("/certificates/templates/classic").get_data(as_text=True)
    assert "Certificate of Completion" in page
    response = client.post("/certificates/templates/classic", data={
        "language": "en", "text_heading": "Certificate of Achievement",
        "text_intro": "", "text_completed": "completed <b>with distinction</b>"})
    assert response.status_code == 302
    text = pdftotext(samples.sample_pdf("classic"))
    assert "Certificate of Achievement" in text
    assert "completed <b>with distinction</b>" in text  # printed as typed, not as HTML
    assert "This is to certify that" in text  # blank = the template's default
    assert "SPECIMEN" in text
    certificate = issue()
    assert "Certificate of Achievement" in pdftotext(certificate.pdf)


def test_texts_of_a_bilingual_template_per_language(client, login_as):
    login_as("organiser")
    page = client.get("/certificates/templates/bilingual?language=km").get_data(as_text=True)
    assert "វិញ្ញាបនបត្របញ្ចប់ការសិក្សា" in page
    client.post("/certificates/templates/bilingual?language=km", data={
        "language": "km", "text_heading": "វិញ្ញាបនបត្រ"})
    text = pdftotext(samples.sample_pdf("bilingual", language="km"))
    assert "វិញ្ញាបនបត្រ" in text
    assert "Certificate of Completion" in text


def test_signatories_with_signature_images(client, login_as):
    login_as("organiser")
    response = client.post("/certificates/templates/classic/signatories", data={
        "signatories-0-name": "Dr. KIM Soo-jin", "signatories-0-title": "Head, Secretariat",
        "signatories-0-image": (io.BytesIO(_png()), "signature.png"),
        "signatories-1-name": "Ms. Siriporn CHAIYASIT", "signatories-1-title": "Chair",
        "signatories-2-name": "", "signatories-2-title": ""},
        content_type="multipart/form-data")
    assert response.status_code == 302
    resolved = design.resolve(design.get_spec("classic"))
    assert [s.name for s in resolved.signatories] == ["Dr. KIM Soo-jin",
                                                       "Ms. Siriporn CHAIYASIT"]
    assert resolved.signatories[0].image
    image = client.get(f"/certificates/templates/classic/images/{resolved.signatories[0].image}")
    assert image.status_code == 200
    pdf = samples.sample_pdf("classic")
    assert "Dr. KIM Soo-jin" in pdftotext(pdf)
    assert b"/Subtype /Image" in pdf or b"/Subtype/Image" in pdf
    rejected = client.post("/certificates/templates/classic/signatories", data={
        "signatories-0-name": "X", "signatories-0-image": (io.BytesIO(b"<svg/>"), "s.svg")},
        content_type="multipart/form-data")
    assert rejected.status_code == 400
    assert "not accepted" in rejected.get_data(as_text=True)


def test_logos_upload_keep_and_default(client, login_as):
    login_as("organiser")
    response = client.post("/certificates/templates/classic/logos", data={
        "use_default": "y", "upload": (io.BytesIO(_png("darkred")), "ministry.png")},
        content_type="multipart/form-data")
    assert response.status_code == 302
    logos = design.resolve(design.get_spec("classic")).logos
    assert logos[0] == {"template": "emblem.svg"}
    assert "file" in logos[1]
    settings = design.settings_for("classic")
    client.post("/certificates/templates/classic/logos", data={})  # untick all
    db.session.expire_all()
    assert design.resolve(design.get_spec("classic")).logos == ()
    assert settings.logo_rows == []


def test_preview_png_and_pdf(client, login_as):
    login_as("organiser")
    png = client.get("/certificates/templates/bilingual/preview.png?language=lo")
    assert png.status_code == 200
    assert png.data.startswith(b"\x89PNG")
    pdf = client.get("/certificates/templates/bilingual/preview.pdf?language=lo")
    assert "ໃບຢັ້ງຢືນ" in pdftotext(pdf.data)
    assert client.get("/certificates/templates/nope/preview.png").status_code == 404


def test_reset_and_frozen_certificates(client, login_as, issue):
    login_as("organiser")
    certificate = issue()
    client.post("/certificates/templates/classic", data={"language": "en",
                                                         "text_heading": "Changed"})
    client.post("/certificates/templates/classic/reset")
    assert design.settings_for("classic") is None
    db.session.expire_all()
    same = db.session.scalars(select(Certificate)).one()
    assert same.pdf_sha256 == certificate.pdf_sha256
