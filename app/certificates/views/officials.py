"""Pages for officials: their certificates, one certificate, its PDF."""

from __future__ import annotations

from flask import Response, abort, render_template
from flask_login import current_user, login_required

from app.certificates import bp, register, services
from app.certificates.forms import RevokeForm
from app.certificates.models import Certificate
from app.certificates.permissions import (
    can_download_certificate,
)
from app.certificates.views.common import (
    certificate_or_404,
    linkedin_url,
)
from app.extensions import db

# Officials --------------------------------------------------------------------------------

@bp.route("/mine")
@login_required
def mine():
    return render_template("certificates/mine.html",
                           certificates=services.certificates_of(current_user),
                           linkedin_url=linkedin_url)


@bp.route("/<int:certificate_id>")
@login_required
def detail(certificate_id: int):
    certificate = certificate_or_404(certificate_id)
    return render_template("certificates/detail.html", certificate=certificate,
                           revoke_form=RevokeForm(), linkedin_url=linkedin_url(certificate))


@bp.route("/<int:certificate_id>/certificate.pdf")
@login_required
def download(certificate_id: int):
    certificate = certificate_or_404(certificate_id)
    if not can_download_certificate(current_user, certificate):
        abort(404)  # not rendered yet
    pdf = db.session.scalar(db.select(Certificate.pdf).where(Certificate.id == certificate.id))
    response = Response(pdf, mimetype="application/pdf")
    response.set_etag(certificate.pdf_sha256)
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{register.pdf_filename(certificate)}"')
    response.headers["Cache-Control"] = "private, no-store"
    return response


