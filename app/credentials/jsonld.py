"""JSON-LD processing that never touches the network.

Every context the platform uses is stored in ``app/credentials/contexts/`` and named in
``contexts/index.json`` (URL -> file). The document loader serves those files and refuses
any other URL with an error: a credential naming an unknown context cannot be verified here,
and nothing is ever fetched.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path

from pyld import jsonld

CONTEXTS_DIR = Path(__file__).parent / "contexts"
CREDENTIALS_V2 = "https://www.w3.org/ns/credentials/v2"
OB_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"


class UnknownContext(Exception):
    """A document names a context that is not stored in the repository."""


@cache
def _index() -> dict[str, str]:
    return json.loads((CONTEXTS_DIR / "index.json").read_text(encoding="utf-8"))


@cache
def _stored(url: str) -> dict:
    name = _index().get(url)
    if name is None:
        raise UnknownContext(url)
    return json.loads((CONTEXTS_DIR / name).read_text(encoding="utf-8"))


def known_urls() -> list[str]:
    return sorted(_index())


def document_loader(url: str, options=None) -> dict:
    """pyld's loader interface: the stored document, or an error (never the network).

    Tagged "static": the files never change while the process runs, so pyld keeps each
    context resolved and processed in its shared cache (without the tag it parses the
    Open Badges and credentials contexts again for every credential, twice: two thirds of
    signing one)."""
    try:
        document = _stored(url)
    except UnknownContext as exc:
        raise jsonld.JsonLdError(
            f"Context {url} is not stored in app/credentials/contexts.",
            "jsonld.LoadDocumentError", {"url": url}, code="loading document failed",
        ) from exc
    return {"contextUrl": None, "documentUrl": url, "document": copy.deepcopy(document),
            "tag": "static"}


def canonicalize(document: dict) -> str:
    """RDF Dataset Canonicalization (RDFC-1.0, which pyld calls URDNA2015) as N-Quads."""
    return jsonld.normalize(document, {
        "algorithm": "URDNA2015",
        "format": "application/n-quads",
        "documentLoader": document_loader,
    })


def _key_paths(node, path: str = "") -> set[str]:
    paths: set[str] = set()
    if isinstance(node, list):
        for item in node:
            paths |= _key_paths(item, path)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key == "@context":
                continue
            paths.add(f"{path}/{key}")
            paths |= _key_paths(value, f"{path}/{key}")
    return paths


def undefined_terms(document: dict) -> list[str]:
    """The properties JSON-LD processing drops (terms no context defines): what pyld's
    missing "safe mode" would refuse. Found by expanding and compacting back."""
    options = {"documentLoader": document_loader}
    expanded = jsonld.expand(document, options)
    compacted = jsonld.compact(expanded, {"@context": document["@context"]}, options)
    return sorted(_key_paths(document) - _key_paths(compacted))
