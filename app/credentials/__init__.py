"""Open Badges 3.0 verifiable credentials of the certificates (W3C VC Data Model 2.0):
Data Integrity proofs (eddsa-rdfc-2022) with the certificates' Ed25519 keys, a did:web
issuer, Bitstring Status List revocation. Every URL is public (like /verify)."""

from flask import Blueprint

bp = Blueprint("credentials", __name__)

from app.credentials import models as _models  # noqa: E402, F401
from app.credentials import receivers as _receivers  # noqa: E402, F401
from app.credentials import views as _views  # noqa: E402, F401
