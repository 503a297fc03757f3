"""The eddsa-rdfc-2022 test vectors of the W3C Data Integrity EdDSA Cryptosuites spec."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pyld.jsonld import JsonLdError

from app.credentials import multibase, proofs
from app.credentials.jsonld import canonicalize, document_loader

VECTORS = Path(__file__).parent / "vectors"
RDFC = VECTORS / "eddsa-rdfc-2022"


def _json(path: Path) -> dict:
    return json.loads(path.read_text())


def _text(name: str) -> str:
    return (RDFC / name).read_text()


@pytest.fixture
def key_pair():
    pair = _json(VECTORS / "keyPair.json")
    private_raw = multibase.decode_btc(pair["privateKeyMultibase"])
    assert private_raw[:2] == b"\x80\x26"  # multicodec ed25519-priv
    private = Ed25519PrivateKey.from_private_bytes(private_raw[2:])
    public = multibase.ed25519_from_multikey(pair["publicKeyMultibase"])
    return private, public


def test_document_canonicalisation_matches_the_vector():
    canonical = canonicalize(_json(VECTORS / "unsigned.json"))
    assert canonical == _text("canonDocDataInt.txt")
    assert hashlib.sha256(canonical.encode()).hexdigest() == _text("docHashDataInt.txt").strip()


def test_proof_options_canonicalisation_matches_the_vector():
    canonical = canonicalize(_json(RDFC / "proofConfigDataInt.json"))
    assert canonical == _text("proofCanonDataInt.txt")
    assert hashlib.sha256(canonical.encode()).hexdigest() == _text("proofHashDataInt.txt").strip()


def test_signature_matches_the_vector(key_pair):
    private, _public = key_pair
    signed = _json(RDFC / "signedDataInt.json")
    options = dict(signed["proof"])
    data = proofs.hash_data(_json(VECTORS / "unsigned.json"), options)
    assert data.hex() == _text("combinedHashDataInt.txt").strip()
    assert private.sign(data).hex() == _text("sigHexDataInt.txt").strip()
    ours = proofs.sign(_json(VECTORS / "unsigned.json"), private,
                       verification_method=options["verificationMethod"],
                       created=options["created"])
    assert ours == signed
    assert ours["proof"]["proofValue"] == _text("sigBTC58DataInt.txt").strip()


def test_the_signed_vector_verifies_and_a_changed_byte_does_not(key_pair):
    _private, public = key_pair
    signed = _json(RDFC / "signedDataInt.json")
    method = signed["proof"]["verificationMethod"]
    resolve = {method: public}.get
    assert proofs.verify(signed, resolve).verified
    changed = json.loads(json.dumps(signed).replace("The School of Examples",
                                                    "The School of Exbmples"))
    assert proofs.verify(changed, resolve).reason == "bad-signature"
    assert proofs.verify(signed, {}.get).reason == "unknown-key"


def test_the_loader_refuses_a_context_it_does_not_store():
    with pytest.raises(JsonLdError):
        document_loader("https://example.org/some/context")
    document = {"@context": ["https://www.w3.org/ns/credentials/v2",
                             "https://example.org/evil/context"],
                "type": ["VerifiableCredential"]}
    with pytest.raises(JsonLdError):
        canonicalize(document)
