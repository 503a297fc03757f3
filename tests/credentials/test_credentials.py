"""Open Badges 3.0 credentials: built and signed at issue, verifiable offline with the key
of /.well-known/did.json, revoked through the status list."""

from __future__ import annotations

import copy
import gzip
import json

import sqlalchemy as sa

from app import signals
from app.certificates import services as certificates
from app.credentials import jsonld, multibase, proofs, services
from app.credentials.did import did_for, resolve_key_in
from app.credentials.status import is_set
from app.extensions import db

from .conftest import BASE

DID = "did:web:learn.example.org"


def test_did_web_is_derived_from_the_base_url():
    assert did_for("https://learn.example.org") == DID
    assert did_for("http://localhost:5000") == "did:web:localhost%3A5000"
    assert did_for("https://example.org/akmn/learn") == "did:web:example.org:akmn:learn"


def test_issuing_a_certificate_stores_a_signed_open_badge(issue):
    certificate = issue()
    issued = services.credential_of(certificate)
    assert issued is not None
    vc = issued.document
    assert vc["@context"] == ["https://www.w3.org/ns/credentials/v2",
                              "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]
    assert vc["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert vc["id"] == f"{BASE}/credentials/{certificate.verification_code}.json"
    assert vc["issuer"]["id"] == DID
    assert vc["validFrom"].endswith("Z")
    subject = vc["credentialSubject"]
    email_id = subject["identifier"][0]
    assert email_id["identityType"] == "emailAddress"
    assert email_id["hashed"] is True
    assert email_id["identityHash"].startswith("sha256$")
    assert "sokha@creds.test" not in json.dumps(vc)
    assert subject["name"] == "CHAN Sokha"
    achievement = subject["achievement"]
    assert achievement["name"] == "Labour Migration Governance"
    assert "24 hours" in achievement["criteria"]["narrative"]
    assert "Ethical Recruitment" in achievement["tag"]
    assert subject["activityStartDate"] == "2026-03-09T00:00:00Z"
    narrative = vc["evidence"][0]["narrative"]
    for printed in ("Hours: 24", "Venue: Phnom Penh, KH", "Signed by: KIM Jiwoo, Director",
                    f"Serial number: {certificate.serial}", "2026-03-09 – 2026-03-13"):
        assert printed in narrative
    status = vc["credentialStatus"]
    assert status["type"] == "BitstringStatusListEntry"
    assert status["statusPurpose"] == "revocation"
    assert status["statusListCredential"].startswith(f"{BASE}/credentials/status/")
    proof = vc["proof"]
    assert proof["cryptosuite"] == "eddsa-rdfc-2022"
    assert proof["verificationMethod"] == f"{DID}#{issued.signing_key_id}"


def test_every_term_of_the_credential_is_defined_by_the_stored_contexts(issue):
    """A term no context defines would be dropped by canonicalisation: outside the
    signature. The credential has none."""
    vc = services.credential_of(issue()).document
    nquads = jsonld.canonicalize({k: v for k, v in vc.items() if k != "proof"})
    assert "https://purl.imsglobal.org/spec/vc/ob/vocab.html#OpenBadgeCredential" in nquads
    assert "sha256$" in nquads
    assert jsonld.undefined_terms(vc) == []
    undefined = copy.deepcopy(vc)
    undefined["credentialSubject"]["shoeSize"] = 42
    assert jsonld.undefined_terms(undefined) == ["/credentialSubject/shoeSize"]


def _independent_check(document: dict, did_document: dict) -> bool:
    """What a third party does: the stored contexts, pyld, the key from did.json."""
    return proofs.verify(document, resolve_key_in(did_document)).verified


def test_an_independent_check_accepts_it_and_rejects_a_changed_byte(client, issue):
    certificate = issue()
    response = client.get(f"/credentials/{certificate.verification_code}.json")
    assert response.status_code == 200
    assert response.mimetype == "application/vc+ld+json"
    assert f'filename="{certificate.serial}.json"' in response.headers["Content-Disposition"]
    assert "Set-Cookie" not in response.headers
    document = json.loads(response.data)
    did_document = client.get("/.well-known/did.json").get_json(force=True)
    assert did_document["id"] == DID
    assert _independent_check(document, did_document)

    raw = response.data.decode()
    tampered = json.loads(raw.replace('"CHAN Sokha"', '"CHAN Sokhb"'))
    assert tampered != document
    assert not _independent_check(tampered, did_document)
    later = json.loads(raw.replace(document["validFrom"], "2031-01-01T00:00:00Z"))
    assert not _independent_check(later, did_document)


def test_did_document_lists_every_key_ever_used(client, issue, make_user):
    from app.certificates import signing

    first = issue()
    signing.rotate_key(actor=None)
    db.session.commit()
    second = issue(make_user("learner", name="NGUYEN Van An"))
    did_document = client.get("/.well-known/did.json").get_json(force=True)
    methods = {m["id"]: m for m in did_document["verificationMethod"]}
    assert len(methods) == 2
    for method in methods.values():
        assert method["type"] == "Multikey"
        assert method["controller"] == DID
        assert method["publicKeyMultibase"].startswith("z6Mk")
    assert set(did_document["assertionMethod"]) == set(methods)
    for certificate in (first, second):
        document = services.credential_of(certificate).document
        assert _independent_check(document, did_document)
    assert services.credential_of(first).signing_key_id != \
        services.credential_of(second).signing_key_id


def _status_bit(client, document: dict) -> bool:
    status = document["credentialStatus"]
    listed = client.get(status["statusListCredential"].removeprefix(BASE))
    assert listed.status_code == 200
    list_vc = json.loads(listed.data)
    assert list_vc["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    did_document = client.get("/.well-known/did.json").get_json(force=True)
    assert _independent_check(list_vc, did_document)
    bits = gzip.decompress(multibase.decode_base64url(list_vc["credentialSubject"]["encodedList"]))
    assert len(bits) * 8 >= 131072
    return is_set(bits, int(status["statusListIndex"]))


def test_revoking_flips_the_bit_at_once(client, issue, organiser):
    certificate = issue()
    document = services.credential_of(certificate).document
    assert _status_bit(client, document) is False
    certificates.revoke_certificate(certificate, reason="Issued by mistake", actor=organiser)
    signals.certificate_revoked.send(certificate, actor=organiser, reason="Issued by mistake")
    db.session.commit()
    assert _status_bit(client, document) is True


def test_a_reissue_revokes_the_replaced_credential(client, issue, organiser):
    certificate = issue()
    new = certificates.reissue_certificate(certificate, reason="Name corrected", actor=organiser)
    signals.certificate_issued.send(new, actor=organiser)
    db.session.commit()
    assert _status_bit(client, services.credential_of(certificate).document) is True
    assert _status_bit(client, services.credential_of(new).document) is False


def test_issuing_twice_keeps_the_frozen_credential(issue):
    certificate = issue()
    first = copy.deepcopy(services.credential_of(certificate).document)
    signals.certificate_issued.send(certificate, actor=None)
    db.session.commit()
    assert services.credential_of(certificate).document == first


def test_backfill_builds_the_missing_credentials_once(runner, issue, client):
    old = issue(send=False)
    # A certificate issued before credentials existed: issuing builds one now, so remove it.
    from app.credentials.models import IssuedCredential

    db.session.execute(sa.delete(IssuedCredential).where(
        IssuedCredential.certificate_id == old.id))
    db.session.commit()
    assert services.credential_of(old) is None
    assert client.get(f"/credentials/{old.verification_code}.json").status_code == 404
    result = runner.invoke(args=["credentials", "backfill"])
    assert result.exit_code == 0, result.output
    assert "1 credential(s) issued." in result.output
    assert client.get(f"/credentials/{old.verification_code}.json").status_code == 200
    again = runner.invoke(args=["credentials", "backfill"])
    assert "0 credential(s) issued." in again.output


def test_unknown_codes_are_404(client):
    assert client.get("/credentials/aaaaaaaaaaaaaaaaaaaaaaaaaa.json").status_code == 404
    assert client.get("/credentials/status/999").status_code == 404


def test_the_issuer_profile_is_json_or_html_by_accept(client):
    as_json = client.get("/credentials/issuer", headers={"Accept": "application/json"})
    assert as_json.status_code == 200
    profile = json.loads(as_json.data)
    assert profile["id"] == DID
    assert profile["type"] == ["Profile"]
    as_html = client.get("/credentials/issuer", headers={"Accept": "text/html"})
    assert as_html.mimetype == "text/html"
    assert DID in as_html.get_data(as_text=True)
