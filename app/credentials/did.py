"""The issuer's ``did:web`` identifier and DID document, derived from PUBLIC_BASE_URL."""

from __future__ import annotations

from urllib.parse import quote, urlsplit

from flask import current_app

from app.certificates import signing
from app.certificates.models import SigningKey
from app.credentials import multibase

DID_V1 = "https://www.w3.org/ns/did/v1"
MULTIKEY_V1 = "https://w3id.org/security/multikey/v1"


def base_url() -> str:
    """The platform's public address: configuration only (PUBLIC_BASE_URL, else
    SERVER_NAME), never the Host header of a request, which the client chooses and which
    would end up in a signed, frozen credential."""
    configured = current_app.config.get("PUBLIC_BASE_URL")
    if configured:
        return configured.rstrip("/")
    scheme = current_app.config.get("PREFERRED_URL_SCHEME", "http")
    server = current_app.config.get("SERVER_NAME")
    return f"{scheme}://{server}" if server else "http://localhost:5000"


def did_for(base: str) -> str:
    """``https://learn.example.org`` → ``did:web:learn.example.org``; a port is written
    ``%3A``; a path adds ``:``-separated segments."""
    parts = urlsplit(base)
    did = "did:web:" + quote(parts.netloc, safe="")
    for segment in [s for s in parts.path.split("/") if s]:
        did += ":" + quote(segment, safe="")
    return did


def issuer_did() -> str:
    return did_for(base_url())


def method_id(did: str, key: SigningKey | str) -> str:
    key_id = key if isinstance(key, str) else key.key_id
    return f"{did}#{key_id}"


def issuer_profile(did: str, base: str) -> dict:
    return {
        "id": did,
        "type": ["Profile"],
        "name": current_app.config.get("CERTIFICATE_ISSUER", "ASEAN-Korea Migration Network"),
        "url": base + "/",
    }


def did_document() -> dict:
    """Every key ever used (the retired ones too: old credentials stay verifiable)."""
    base = base_url()
    did = did_for(base)
    methods = [
        {
            "id": method_id(did, key),
            "type": "Multikey",
            "controller": did,
            "publicKeyMultibase": multibase.multikey_from_ed25519(signing.unb64url(key.public_key)),
        }
        for key in reversed(signing.all_keys())
    ]
    ids = [m["id"] for m in methods]
    return {
        "@context": [DID_V1, MULTIKEY_V1],
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": ids,
        "authentication": ids,
        "service": [{
            "id": f"{did}#issuer-profile",
            "type": "LinkedDomains",
            "serviceEndpoint": base + "/",
        }],
    }


def resolve_key(method: str) -> bytes | None:
    """A verification method of this platform's DID → its raw Ed25519 public key."""
    did, _, key_id = method.partition("#")
    if did != issuer_did() or not key_id:
        return None
    return signing.all_public_keys().get(key_id)


def resolve_key_in(document: dict):
    """The same, from a DID document (as an independent verifier would)."""

    def resolve(method: str) -> bytes | None:
        for entry in document.get("verificationMethod", []):
            if entry.get("id") == method and method in document.get("assertionMethod", []):
                return multibase.ed25519_from_multikey(entry["publicKeyMultibase"])
        return None

    return resolve
