"""Public pages, no sign-in: /verify, /verify/<code>, /.well-known/akmn-keys.json.

They are the ``verification`` blueprint, without a prefix: addresses printed on certificates
and used by other systems must never move.
"""

from __future__ import annotations

import hashlib

from flask import abort, jsonify, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.auth.services import throttle
from app.certificates import services, signing, verification_bp
from app.certificates.forms import LookupForm, VerifyUploadForm
from app.certificates.models import Certificate
from app.extensions import db, limiter

MAX_PDF_BYTES = 10 * 1024 * 1024


def _no_store(response):
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _read_pdf(form: VerifyUploadForm) -> bytes | None:
    upload = form.pdf.data
    if upload is None or not getattr(upload, "filename", ""):
        form.pdf.errors.append(_("Choose a PDF file."))
        return None
    data = upload.read(MAX_PDF_BYTES + 1)
    if len(data) > MAX_PDF_BYTES or data.lstrip()[:5] != b"%PDF-":
        form.pdf.errors.append(_("This is not a certificate PDF."))
        return None
    return data


def _check_upload(data: bytes, certificate: Certificate | None) -> dict:
    check = signing.check_pdf(data, signing.all_public_keys())
    return {
        "sha256": hashlib.sha256(data).hexdigest(),
        "identical": certificate is not None and certificate.pdf_sha256 is not None
        and hashlib.sha256(data).hexdigest() == certificate.pdf_sha256,
        "signature": check,
        "matches_code": certificate is not None and check.code == certificate.verification_code,
    }


@verification_bp.route("/verify", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def lookup():
    """Type a code, or upload a PDF alone: its signature names its code."""
    lookup = LookupForm(request.args, meta={"csrf": False})
    upload = VerifyUploadForm()
    if request.args.get("code") and lookup.validate():
        return redirect(url_for("verification.detail",
                                code=services.normalise_code(lookup.code.data)))
    result = certificate = None
    status = 200
    if request.method == "POST" and upload.validate_on_submit():
        data = _read_pdf(upload)
        if data is not None:
            check = signing.check_pdf(data, signing.all_public_keys())
            certificate = services.find_by_code(check.code) if check.code else None
            result = _check_upload(data, certificate)
    elif request.method == "POST":
        status = 400
    return _no_store(make_response(render_template(
        "certificates/verify_lookup.html", lookup=lookup, upload=upload, result=result,
        certificate=certificate), status))


@verification_bp.route("/verify/<code>", methods=["GET", "POST"])
@limiter.limit("60 per minute")
def detail(code: str):
    # Unknown codes are counted in the database (every worker shares it), each recorded
    # before the count is read: at most 10 a minute and 100 a day from one address. A known
    # code writes nothing, so a room of officials behind one address verifies freely.
    certificate = services.find_by_code(code)
    if certificate is None:
        address = request.remote_addr or ""
        throttle.record_attempt(throttle.VERIFY, ip_address=address)
        db.session.commit()
        if throttle.verify_refused(address):
            abort(429)
    if certificate is not None and code != certificate.verification_code:
        return redirect(url_for("verification.detail", code=certificate.verification_code))
    upload = VerifyUploadForm()
    result = None
    if certificate is not None and request.method == "POST" and upload.validate_on_submit():
        data = _read_pdf(upload)
        if data is not None:
            result = _check_upload(data, certificate)
    status = 404 if certificate is None else 200
    return _no_store(make_response(render_template(
        "certificates/verify.html", certificate=certificate, code=code, upload=upload,
        result=result), status))


@verification_bp.route("/.well-known/akmn-keys.json")
def keys():
    response = jsonify(signing.public_keys_document())
    response.headers["Cache-Control"] = "public, max-age=3600"
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response
