"""Data Integrity proofs, cryptosuite ``eddsa-rdfc-2022`` (W3C Data Integrity EdDSA
Cryptosuites v1.0, section 3.3).

Signing: the proof options (the proof without ``proofValue``, with the document's
``@context``) and the document (without ``proof``) are each canonicalised with RDFC-1.0 and
hashed with SHA-256; the Ed25519 signature of ``hash(proof options) + hash(document)`` is the
``proofValue``, in base58-btc multibase. Verifying does the same and checks the signature.
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from pyld.jsonld import JsonLdError

from app.credentials import multibase
from app.credentials.jsonld import canonicalize

PROOF_TYPE = "DataIntegrityProof"
CRYPTOSUITE = "eddsa-rdfc-2022"


def _sha256(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8")).digest()


def proof_config(document: dict, options: dict) -> dict:
    config = {key: value for key, value in options.items() if key != "proofValue"}
    config["@context"] = document["@context"]
    return config


def hash_data(document: dict, options: dict) -> bytes:
    """hash(canonical proof options) followed by hash(canonical document)."""
    unsecured = {key: value for key, value in document.items() if key != "proof"}
    return _sha256(canonicalize(proof_config(document, options))) + _sha256(
        canonicalize(unsecured))


def sign(document: dict, private: Ed25519PrivateKey, *, verification_method: str,
         created: str, proof_purpose: str = "assertionMethod") -> dict:
    """A copy of `document` with its proof."""
    options = {
        "type": PROOF_TYPE,
        "cryptosuite": CRYPTOSUITE,
        "created": created,
        "verificationMethod": verification_method,
        "proofPurpose": proof_purpose,
    }
    signature = private.sign(hash_data(document, options))
    secured = copy.deepcopy(document)
    secured["proof"] = {**options, "proofValue": multibase.encode_btc(signature)}
    return secured


@dataclass(frozen=True)
class ProofCheck:
    verified: bool
    reason: str  # "ok", "no-proof", "unsupported", "unknown-key", "bad-signature", "malformed"
    verification_method: str | None = None


def verify(document: dict, resolve_key: Callable[[str], bytes | None]) -> ProofCheck:
    """Check the document's eddsa-rdfc-2022 proof; `resolve_key` maps a verification method
    id to the raw Ed25519 public key (or None when unknown)."""
    proof = document.get("proof") if isinstance(document, dict) else None
    if not isinstance(proof, dict):
        return ProofCheck(False, "no-proof")
    method = proof.get("verificationMethod")
    if proof.get("type") != PROOF_TYPE or proof.get("cryptosuite") != CRYPTOSUITE:
        return ProofCheck(False, "unsupported", method)
    if proof.get("proofPurpose") != "assertionMethod" or not isinstance(method, str):
        return ProofCheck(False, "malformed", method)
    public = resolve_key(method)
    if public is None:
        return ProofCheck(False, "unknown-key", method)
    try:
        signature = multibase.decode_btc(str(proof.get("proofValue", "")))
        data = hash_data(document, proof)
        Ed25519PublicKey.from_public_bytes(public).verify(signature, data)
    except InvalidSignature:
        return ProofCheck(False, "bad-signature", method)
    except (ValueError, TypeError, KeyError, JsonLdError):
        return ProofCheck(False, "malformed", method)
    return ProofCheck(True, "ok", method)
