"""Ed25519 signatures that anyone with the public key can check offline.

The signature travels inside the PDF, in a comment line just before the final ``startxref``
(comments are ignored by PDF readers, and inserting bytes there moves no object):

    %AKMN-CERTIFICATE-SIGNATURE v1 code=<verification code> key=<key id> sig=<signature>

* ``code``: the certificate's verification code (26 characters, a-z and 2-7);
* ``key``: the id of the signing key (16 hexadecimal digits: the start of the SHA-256 of
  the raw public key), published with the key at ``/.well-known/akmn-keys.json``;
* ``sig``: the Ed25519 signature, base64url without padding (86 characters), of the ASCII
  message ``akmn-certificate-v1:<hex SHA-256>``, where the SHA-256 is that of the whole file
  with the 86 signature characters replaced by 86 ``0`` characters.

To verify, a third party takes the last such line (it must sit right before ``startxref``),
replaces the signature by 86 zeros, hashes the file, and checks the signature with the
public key named by ``key``. Changing any byte — the name, an appended incremental update,
the code — breaks it. The code then leads to ``/verify/<code>``, which says whether the
certificate is still valid (revocation cannot be known offline).

Private keys are stored encrypted with AES-256-GCM under a key derived (HKDF-SHA256) from
the application's SECRET_KEY: a copy of the database alone cannot sign. Changing SECRET_KEY
makes the stored private keys unusable; an admin then rotates the key (old certificates stay
verifiable: public keys are kept and published for ever).
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
from dataclasses import dataclass
from functools import lru_cache

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app
from sqlalchemy import select

from app.certificates.models import SigningKey
from app.extensions import db
from app.timeutil import utcnow

SCHEME = "akmn-certificate-v1"
SIG_LENGTH = 86
PLACEHOLDER = b"0" * SIG_LENGTH
BLOCK_RE = re.compile(
    rb"%AKMN-CERTIFICATE-SIGNATURE v1 code=(?P<code>[a-z2-7]{26}) key=(?P<key>[0-9a-f]{16}) "
    rb"sig=(?P<sig>[A-Za-z0-9_-]{86})\n(?=startxref\r?\n\d+\r?\n%%EOF\s*\Z)"
)
STARTXREF_RE = re.compile(rb"startxref\r?\n\d+\r?\n%%EOF\s*\Z")


class SigningError(Exception):
    """No usable signing key (e.g. SECRET_KEY changed since the key was made)."""


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _wrapping_key(secret: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"akmn-certificates",
                info=b"signing-key-encryption").derive(secret.encode())


def _raw_public(private: Ed25519PrivateKey) -> bytes:
    return private.public_key().public_bytes(serialization.Encoding.Raw,
                                             serialization.PublicFormat.Raw)


def key_id_for(public_raw: bytes) -> str:
    return hashlib.sha256(public_raw).hexdigest()[:16]


# Keys -------------------------------------------------------------------------------------

def create_key(*, actor=None) -> SigningKey:
    """A new active key; the previous active key is retired (still published)."""
    private = Ed25519PrivateKey.generate()
    public_raw = _raw_public(private)
    key_id = key_id_for(public_raw)
    raw = private.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                serialization.NoEncryption())
    nonce = os.urandom(12)
    secret = current_app.config["SECRET_KEY"]
    sealed = nonce + AESGCM(_wrapping_key(secret)).encrypt(nonce, raw, key_id.encode())
    now = utcnow()
    for old in db.session.scalars(select(SigningKey).where(SigningKey.active)):
        old.active = False
        old.retired_at = now
    key = SigningKey(key_id=key_id, public_key=b64url(public_raw), private_key_encrypted=sealed,
                     active=True, created_by_id=getattr(actor, "id", None), created_at=now)
    db.session.add(key)
    db.session.flush()
    return key


def rotate_key(*, actor=None) -> SigningKey:
    """Admins replace the active key (e.g. yearly, or when SECRET_KEY changed)."""
    from app.auth.audit import record_audit

    key = create_key(actor=actor)
    record_audit("certificate.key_rotate", actor=actor, target=key.key_id)
    return key


def all_keys() -> list[SigningKey]:
    return list(db.session.scalars(select(SigningKey).order_by(SigningKey.id.desc())))


def active_key() -> SigningKey | None:
    return db.session.scalars(
        select(SigningKey).where(SigningKey.active).order_by(SigningKey.id.desc())).first()


def ensure_active_key() -> SigningKey:
    return active_key() or create_key()


def private_key(key: SigningKey) -> Ed25519PrivateKey:
    return _unsealed(key.key_id, bytes(key.private_key_encrypted),
                     current_app.config["SECRET_KEY"])


@lru_cache(maxsize=8)
def _unsealed(key_id: str, sealed: bytes, secret: str) -> Ed25519PrivateKey:
    """Decrypted once per process for each (key, sealed bytes, SECRET_KEY): a worker signs
    every PDF and credential of a cohort with the same key."""
    nonce, box = sealed[:12], sealed[12:]
    try:
        raw = AESGCM(_wrapping_key(secret)).decrypt(nonce, box, key_id.encode())
    except InvalidTag as exc:
        raise SigningError(
            f"The signing key {key_id} cannot be decrypted with this SECRET_KEY. "
            "An admin must rotate the key (flask certificates rotate-key).") from exc
    return Ed25519PrivateKey.from_private_bytes(raw)


def all_public_keys() -> dict[str, bytes]:
    return {k.key_id: unb64url(k.public_key) for k in db.session.scalars(select(SigningKey))}


def public_keys_document() -> dict:
    keys = db.session.scalars(select(SigningKey).order_by(SigningKey.id)).all()
    return {
        "issuer": current_app.config.get("PLATFORM_NAME", "AKMN Learn"),
        "scheme": SCHEME,
        "signature_block": "%AKMN-CERTIFICATE-SIGNATURE v1 code=<code> key=<key id> "
                           "sig=<base64url Ed25519 signature>, just before the last startxref",
        "signed_message": "akmn-certificate-v1:<hex SHA-256 of the PDF with the 86 signature "
                          "characters replaced by '0'>",
        "keys": [
            {
                "kid": k.key_id,
                "alg": "EdDSA",
                "crv": "Ed25519",
                "public_key": k.public_key,
                "jwk": {"kty": "OKP", "crv": "Ed25519", "x": k.public_key, "kid": k.key_id,
                        "use": "sig", "alg": "EdDSA"},
                "status": "active" if k.active else "retired",
                "created": k.created_at.isoformat() + "Z",
                "retired": k.retired_at.isoformat() + "Z" if k.retired_at else None,
            }
            for k in keys
        ],
    }


# Signing and verifying PDFs ---------------------------------------------------------------

def _message(digest_hex: str) -> bytes:
    return f"{SCHEME}:{digest_hex}".encode()


def sign_pdf(pdf: bytes, *, code: str, key: SigningKey,
             private: Ed25519PrivateKey | None = None) -> tuple[bytes, str]:
    """Insert the signature block into `pdf`; return (signed PDF, signature)."""
    match = STARTXREF_RE.search(pdf)
    if match is None:
        raise SigningError("not a PDF ending with startxref/%%EOF")
    line = (f"%AKMN-CERTIFICATE-SIGNATURE v1 code={code} key={key.key_id} sig=".encode()
            + PLACEHOLDER + b"\n")
    at = match.start()
    blank = pdf[:at] + line + pdf[at:]
    private = private or private_key(key)
    signature = b64url(private.sign(_message(hashlib.sha256(blank).hexdigest())))
    signed_line = line.replace(PLACEHOLDER, signature.encode())
    return pdf[:at] + signed_line + pdf[at:], signature


@dataclass(frozen=True)
class PdfCheck:
    """Outcome of checking a PDF's own signature (no database needed)."""

    genuine: bool
    reason: str  # "ok", "no-signature", "unknown-key", "bad-signature"
    code: str | None = None
    key_id: str | None = None


def check_pdf(pdf: bytes, public_keys: dict[str, bytes]) -> PdfCheck:
    matches = list(BLOCK_RE.finditer(pdf))
    if not matches:
        return PdfCheck(False, "no-signature")
    match = matches[-1]
    code, key_id = match["code"].decode(), match["key"].decode()
    public = public_keys.get(key_id)
    if public is None:
        return PdfCheck(False, "unknown-key", code, key_id)
    start, end = match.span("sig")
    blank = pdf[:start] + PLACEHOLDER + pdf[end:]
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(
            unb64url(match["sig"].decode()), _message(hashlib.sha256(blank).hexdigest()))
    except (InvalidSignature, ValueError):
        return PdfCheck(False, "bad-signature", code, key_id)
    return PdfCheck(True, "ok", code, key_id)
