"""Public verification, signatures, tampering, rate limits, signing keys."""

from __future__ import annotations

import io
import json

import pytest
from sqlalchemy import select

from app.certificates import services, signing
from app.certificates.models import SigningKey
from app.extensions import db, limiter


def _upload(client, url, data: bytes, name="certificate.pdf"):
    return client.post(url, data={"pdf": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def test_valid_certificate_page_is_public(issue, client):
    certificate = issue()
    page = client.get(f"/verify/{certificate.verification_code}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Valid certificate" in text
    for expected in (certificate.holder_name, "ចាន់ សុខា", certificate.title,
                     certificate.serial, certificate.pdf_sha256, certificate.issuer,
                     "Introduction to International Labour Migration"):
        assert expected in text
    assert page.headers["Cache-Control"] == "no-store"
    assert "noindex" in page.headers["X-Robots-Tag"]


def test_revocation_shows_on_the_very_next_request(issue, client, organiser):
    certificate = issue()
    url = f"/verify/{certificate.verification_code}"
    assert "Valid certificate" in client.get(url).get_data(as_text=True)
    services.revoke_certificate(certificate, reason="Attendance below 80 %", actor=organiser)
    db.session.commit()
    text = client.get(url).get_data(as_text=True)
    assert "Revoked — not valid" in text
    assert "Attendance below 80 %" in text
    assert "Valid certificate" not in text


def test_replaced_certificate_says_so(issue, client, organiser):
    certificate = issue()
    new = services.reissue_certificate(certificate, reason="Name corrected", actor=organiser)
    db.session.commit()
    text = client.get(f"/verify/{certificate.verification_code}").get_data(as_text=True)
    assert "Replaced — no longer valid" in text
    assert new.serial in text


def test_unknown_and_altered_codes_are_not_genuine(issue, client):
    certificate = issue()
    code = certificate.verification_code
    altered = code[:-1] + ("a" if code[-1] != "a" else "b")
    for bad in (altered, "not-a-code", "x" * 26, "' OR 1=1 --"):
        page = client.get(f"/verify/{bad}")
        assert page.status_code == 404
        assert "Unknown certificate" in page.get_data(as_text=True)


def test_typed_codes_are_normalised(issue, client):
    certificate = issue()
    typed = certificate.verification_code.upper()
    response = client.get(f"/verify/{typed}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/verify/{certificate.verification_code}")
    lookup = client.get("/verify", query_string={"code": f"https://x.org/verify/{typed}"})
    assert lookup.headers["Location"].endswith(f"/verify/{certificate.verification_code}")


def test_guessing_codes_is_rate_limited(client, app):
    assert app.config["RATELIMIT_ENABLED"]
    limiter.reset()
    statuses = [client.get(f"/verify/{services.new_code()}").status_code for _ in range(12)]
    assert statuses[:10] == [404] * 10
    assert statuses[10:] == [429, 429]


def test_uploaded_identical_pdf_is_confirmed(issue, client):
    certificate = issue()
    page = _upload(client, f"/verify/{certificate.verification_code}", certificate.pdf)
    text = page.get_data(as_text=True)
    assert "Identical" in text
    assert "Signature valid" in text


def test_tampered_pdf_is_reported_not_genuine(issue, client):
    certificate = issue()
    pdf = bytearray(certificate.pdf)
    pdf[len(pdf) // 2] ^= 0x01  # one bit, somewhere in the page
    page = _upload(client, f"/verify/{certificate.verification_code}", bytes(pdf))
    text = page.get_data(as_text=True)
    assert "Not identical" in text
    assert "Signature broken" in text
    check = signing.check_pdf(bytes(pdf), signing.all_public_keys())
    assert not check.genuine
    assert check.reason == "bad-signature"


def test_pdf_of_another_certificate_is_not_this_one(issue, client):
    first, second = issue(), issue()
    text = _upload(client, f"/verify/{first.verification_code}", second.pdf).get_data(
        as_text=True)
    assert "Not identical" in text
    assert "Another certificate" in text


def test_upload_without_code_finds_the_certificate(issue, client):
    certificate = issue()
    text = _upload(client, "/verify", certificate.pdf).get_data(as_text=True)
    assert certificate.serial in text
    assert "Identical" in text
    junk = _upload(client, "/verify", b"not a pdf", name="x.pdf")
    assert "This is not a certificate PDF." in junk.get_data(as_text=True)


def test_signature_checks_offline_with_only_the_public_key(issue, client):
    certificate = issue()
    document = client.get("/.well-known/akmn-keys.json").get_json()
    keys = {k["kid"]: signing.unb64url(k["public_key"]) for k in document["keys"]}
    check = signing.check_pdf(certificate.pdf, keys)
    assert check.genuine
    assert check.code == certificate.verification_code
    assert check.key_id == certificate.signing_key_id


def test_forged_code_and_appended_update_are_detected(issue):
    first, second = issue(), issue()
    keys = signing.all_public_keys()
    forged = first.pdf.replace(first.verification_code.encode(),
                               second.verification_code.encode())
    assert signing.check_pdf(forged, keys).reason == "bad-signature"
    offset = len(first.pdf)
    appended = first.pdf + (b"1 0 obj\n<</Title (Someone else)>>\nendobj\n"
                            b"startxref\n" + str(offset).encode() + b"\n%%EOF\n")
    assert not signing.check_pdf(appended, keys).genuine
    assert signing.check_pdf(b"%PDF-1.7\nnothing", keys).reason == "no-signature"


def test_rotation_keeps_old_certificates_verifiable(issue, client, make_user):
    old = issue()
    old_key = old.signing_key_id
    new_key = signing.rotate_key(actor=make_user("admin"))
    db.session.commit()
    newer = issue()
    assert newer.signing_key_id == new_key.key_id != old_key
    document = client.get("/.well-known/akmn-keys.json").get_json()
    status = {k["kid"]: k["status"] for k in document["keys"]}
    assert status == {old_key: "retired", new_key.key_id: "active"}
    keys = signing.all_public_keys()
    assert signing.check_pdf(old.pdf, keys).genuine
    assert signing.check_pdf(newer.pdf, keys).genuine


def test_private_keys_are_encrypted_with_secret_key(issue, app):
    issue()
    key = db.session.scalars(select(SigningKey)).one()
    raw = signing.private_key(key).private_bytes_raw()
    assert raw not in key.private_key_encrypted
    app.config["SECRET_KEY"] = "another secret"
    with pytest.raises(signing.SigningError, match="rotate"):
        signing.private_key(key)


def test_public_keys_document(issue, client):
    issue()
    response = client.get("/.well-known/akmn-keys.json")
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    document = json.loads(response.get_data())
    assert document["scheme"] == "akmn-certificate-v1"
    assert document["keys"][0]["jwk"]["kty"] == "OKP"
