"""Done-when: an independent check accepts every demo credential and rejects a changed byte;
a revoked certificate's bit is set in the status list."""

from __future__ import annotations

import gzip
import json

import pytest
from sqlalchemy import select

from app import signals
from app.certificates import services as certificates
from app.certificates.models import Certificate
from app.credentials import multibase, proofs
from app.credentials.did import resolve_key_in
from app.credentials.status import is_set
from app.extensions import db

from .conftest import BASE

pytestmark = pytest.mark.slow


def test_every_demo_credential_verifies_independently(app, runner, client):
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    assert "demo: credentials loaded" in result.output
    did_document = json.loads(client.get("/.well-known/did.json").data)
    resolve = resolve_key_in(did_document)
    demo = db.session.scalars(select(Certificate)).all()
    assert demo
    for certificate in demo:
        response = client.get(f"/credentials/{certificate.verification_code}.json")
        assert response.status_code == 200, certificate.serial
        document = json.loads(response.data)
        assert proofs.verify(document, resolve).verified, certificate.serial
        raw = response.data.decode()
        changed = raw.replace(certificate.serial, certificate.serial[:-1] + "X", 1)
        assert changed != raw
        assert not proofs.verify(json.loads(changed), resolve).verified

    target = demo[0]
    if target.status == "valid":
        certificates.revoke_certificate(target, reason="Demo revocation", actor=None)
        signals.certificate_revoked.send(target, actor=None, reason="Demo revocation")
        db.session.commit()
    document = json.loads(client.get(f"/credentials/{target.verification_code}.json").data)
    status = document["credentialStatus"]
    listed = json.loads(client.get(status["statusListCredential"].removeprefix(BASE)).data)
    assert proofs.verify(listed, resolve).verified
    bits = gzip.decompress(multibase.decode_base64url(listed["credentialSubject"]["encodedList"]))
    assert is_set(bits, int(status["statusListIndex"]))
