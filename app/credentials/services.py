"""Issuing, revoking and checking credentials. No request, no commit."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import select

from app.certificates import signing
from app.certificates.models import VALID, Certificate
from app.credentials import did as dids
from app.credentials import proofs
from app.credentials import status as status_lists
from app.credentials.documents import (
    build_credential,
    build_status_list_credential,
    timestamp,
)
from app.credentials.models import IssuedCredential, StatusList
from app.extensions import db
from app.timeutil import utcnow

MAX_CREDENTIAL_BYTES = 512 * 1024


class CredentialError(Exception):
    """The document given is not a credential this platform can check; says why."""


def credential_of(certificate: Certificate) -> IssuedCredential | None:
    return db.session.scalars(
        select(IssuedCredential).where(IssuedCredential.certificate_id == certificate.id)).first()


def _sign(document: dict) -> tuple[dict, str]:
    key = signing.ensure_active_key()
    did = document["issuer"]["id"] if isinstance(document["issuer"], dict) else document["issuer"]
    secured = proofs.sign(document, signing.private_key(key),
                          verification_method=dids.method_id(did, key),
                          created=timestamp(utcnow()))
    return secured, key.key_id


def issue_credential(certificate: Certificate) -> IssuedCredential:
    """Build, sign and store the certificate's credential; idempotent (the stored one is
    returned untouched). A certificate that is no longer valid gets its bit set at once."""
    existing = credential_of(certificate)
    if existing is not None:
        return existing
    base = dids.base_url()
    status_list, index = status_lists.allocate()
    document = build_credential(certificate, base=base, did=dids.did_for(base),
                                status_list=status_list, index=index)
    secured, key_id = _sign(document)
    issued = IssuedCredential(certificate_id=certificate.id, status_list_id=status_list.id,
                              status_index=index, document=secured, signing_key_id=key_id,
                              created_at=utcnow())
    db.session.add(issued)
    if certificate.status != VALID:
        status_lists.set_bit(status_list, index)
    db.session.flush()
    return issued


def revoke_credential(certificate: Certificate) -> bool:
    """Set the certificate's bit in its status list; True when it changed."""
    issued = credential_of(certificate)
    if issued is None:
        return False
    status_list = db.session.scalars(
        select(StatusList).where(StatusList.id == issued.status_list_id).with_for_update()).one()
    changed = status_lists.set_bit(status_list, issued.status_index)
    db.session.flush()
    return changed


def backfill() -> int:
    """Credentials for the certificates issued before this feature; returns how many."""
    have = select(IssuedCredential.certificate_id)
    missing = db.session.scalars(
        select(Certificate).where(Certificate.id.not_in(have)).order_by(Certificate.id)).all()
    for certificate in missing:
        issue_credential(certificate)
    return len(missing)


def signed_status_list(status_list: StatusList) -> dict:
    base = dids.base_url()
    document = build_status_list_credential(status_list, base=base, did=dids.did_for(base))
    key = signing.ensure_active_key()
    return proofs.sign(document, signing.private_key(key),
                       verification_method=dids.method_id(dids.did_for(base), key),
                       created=timestamp(status_list.updated_at))


def is_revoked(issued: IssuedCredential) -> bool:
    return status_lists.is_set(issued.status_list.bits, issued.status_index)


# Checking an uploaded credential -----------------------------------------------------------

@dataclass(frozen=True)
class CredentialCheck:
    proof: proofs.ProofCheck
    certificate: Certificate | None  # the certificate it names, when the proof is ours
    issued: IssuedCredential | None
    identical: bool  # the very document issued (not only a valid signature)
    revoked: bool

    @property
    def genuine(self) -> bool:
        return self.proof.verified and self.certificate is not None and self.identical


def parse(data: bytes) -> dict:
    if len(data) > MAX_CREDENTIAL_BYTES:
        raise CredentialError("too-large")
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise CredentialError("not-json") from exc
    if not isinstance(document, dict) or "VerifiableCredential" not in (
            document.get("type") or []):
        raise CredentialError("not-a-credential")
    return document


def _certificate_named(document: dict) -> IssuedCredential | None:
    """The stored credential with the same id (``…/credentials/<code>.json``)."""
    url = document.get("id")
    if not isinstance(url, str) or not url.endswith(".json"):
        return None
    code = url.rsplit("/", 1)[-1][: -len(".json")]
    certificate = db.session.scalars(
        select(Certificate).where(Certificate.verification_code == code)).first()
    issued = credential_of(certificate) if certificate is not None else None
    if issued is None or issued.document.get("id") != url:
        return None
    return issued


def check_credential(document: dict) -> CredentialCheck:
    proof = proofs.verify(document, dids.resolve_key)
    issued = _certificate_named(document) if proof.verified else None
    certificate = issued.certificate if issued is not None else None
    identical = issued is not None and issued.document == document
    revoked = issued is not None and is_revoked(issued)
    return CredentialCheck(proof, certificate, issued, identical, revoked)
