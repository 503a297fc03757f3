"""The pages: the credential link on the verification page, and checking an uploaded
credential beside the PDF upload."""

from __future__ import annotations

import io
import json

from app.certificates import services as certificates
from app.credentials import services
from app.extensions import db


def _upload(client, data: bytes):
    return client.post("/credentials/verify", content_type="multipart/form-data",
                       data={"credential": (io.BytesIO(data), "credential.json")})


def test_the_verification_page_links_the_credential_and_shows_what_is_printed(client, issue):
    certificate = issue()
    page = client.get(f"/verify/{certificate.verification_code}").get_data(as_text=True)
    assert f"/credentials/{certificate.verification_code}.json" in page
    assert "KIM Jiwoo, Director" in page
    assert ">24<" in page  # hours
    assert 'action="/credentials/verify"' in page
    lookup = client.get("/verify").get_data(as_text=True)
    assert 'action="/credentials/verify"' in lookup


def test_uploading_the_issued_credential_says_valid(client, issue):
    certificate = issue()
    document = services.credential_of(certificate).document
    response = _upload(client, json.dumps(document).encode())
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "Signature valid" in text
    assert "Valid credential" in text
    assert certificate.serial in text


def test_an_edited_credential_is_refused(client, issue):
    document = services.credential_of(issue()).document
    original = json.dumps(document)
    edited = original.replace("Hours: 24", "Hours: 42").encode()
    assert edited != original.encode()
    text = _upload(client, edited).get_data(as_text=True)
    assert "Signature broken" in text
    assert "Valid credential" not in text


def test_a_revoked_credential_says_revoked(client, issue, organiser):
    from app import signals

    certificate = issue()
    certificates.revoke_certificate(certificate, reason="Mistake", actor=organiser)
    signals.certificate_revoked.send(certificate, actor=organiser, reason="Mistake")
    db.session.commit()
    document = services.credential_of(certificate).document
    text = _upload(client, json.dumps(document).encode()).get_data(as_text=True)
    assert "Signature valid" in text
    assert "Revoked — not valid" in text


def test_a_file_that_is_not_a_credential(client):
    response = _upload(client, b"%PDF-1.7 not json")
    assert response.status_code == 400
    assert "This is not a verifiable credential" in response.get_data(as_text=True)


def test_the_holders_certificate_page_offers_the_credential(client, make_user, issue):
    from tests.conftest import login

    holder = make_user("learner", name="NGUYEN Van An", email="an@creds.test")
    certificate = issue(holder)
    login(client, holder)
    page = client.get("/certificates/mine").get_data(as_text=True)
    assert f"/credentials/{certificate.verification_code}.json" in page
