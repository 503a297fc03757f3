"""Certificates: templates, issuing, PDFs frozen at issue, verification, revocation.

Two blueprints: ``certificates`` serves /certificates/… for officials and organisers;
``verification`` serves the public /verify, /verify/<code> and /.well-known/akmn-keys.json
(no prefix: other people's systems rely on these addresses).
"""

import logging

from flask import Blueprint

# WeasyPrint logs every rendering step (and its own style sheets at import) at INFO.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

bp = Blueprint("certificates", __name__, url_prefix="/certificates")
verification_bp = Blueprint("verification", __name__)

from app.certificates import views  # noqa: E402,F401  (registers the routes)
