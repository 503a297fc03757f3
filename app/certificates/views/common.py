"""What the certificates pages share: the loader of the certificate in the URL, form choices,
the LinkedIn link, the predicates templates use."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import abort
from flask_babel import gettext as _
from flask_login import current_user

from app.certificates import bp, design
from app.certificates.models import Certificate
from app.certificates.permissions import (
    can_revoke_certificate,
    can_view_certificate,
    can_view_register,
)
from app.extensions import db
from app.workshops.models import Workshop

LINKEDIN_ADD = "https://www.linkedin.com/profile/add"


@bp.context_processor
def _predicates():
    return {"can_view_register": can_view_register,
            "can_revoke_certificate": can_revoke_certificate,
            "template_label": design.template_label}


def certificate_or_404(certificate_id: int, check=can_view_certificate) -> Certificate:
    """The certificate in the URL: 404 if missing, 403 if `check` fails."""
    certificate = db.get_or_404(Certificate, certificate_id)
    if not check(current_user, certificate):
        abort(403)
    return certificate


def workshop_or_404(workshop_id: int) -> Workshop:
    return db.get_or_404(Workshop, workshop_id)


def set_choices(form) -> None:
    form.template.choices = design.template_choices()
    form.language.choices = [("", _("— English only —")), *design.language_choices()]


def linkedin_url(certificate: Certificate) -> str:
    query = {
        "startTask": "CERTIFICATION_NAME", "name": certificate.title or certificate.serial,
        "organizationName": certificate.issuer, "issueYear": certificate.issued_at.year,
        "issueMonth": certificate.issued_at.month, "certId": certificate.serial,
        "certUrl": (certificate.printed or {}).get("verify_url", ""),
    }
    return f"{LINKEDIN_ADD}?{urlencode(query)}"


