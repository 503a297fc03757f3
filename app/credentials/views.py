"""Public URLs: the credential of a certificate (by its verification code), the issuer's
DID document and profile, the status lists, and checking an uploaded credential."""

from __future__ import annotations

import json

from flask import abort, make_response, render_template, request
from flask_babel import gettext as _

from app.certificates.services import find_by_code
from app.credentials import bp, services
from app.credentials import did as dids
from app.credentials.documents import MEDIA_TYPE
from app.credentials.forms import CredentialUploadForm
from app.credentials.models import StatusList
from app.extensions import db, limiter


def public_route(rule: str, **options):
    """A rule on the app itself (no prefix), endpoint ``credentials.<view>``."""

    def decorator(view):
        endpoint = f"{bp.name}.{options.pop('endpoint', view.__name__)}"
        bp.record(lambda state: state.app.add_url_rule(rule, endpoint, view, **options))
        return view

    return decorator


def _json(document: dict, media_type: str = "application/json", *, max_age: int = 0):
    response = make_response(json.dumps(document, ensure_ascii=False, indent=2))
    response.mimetype = media_type
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Cache-Control"] = f"public, max-age={max_age}" if max_age else "no-cache"
    return response


def _not_found(response) -> bool:
    return response.status_code == 404


@bp.route("/credentials/<code>.json")
@limiter.limit("60 per minute")
@limiter.limit("10 per minute;100 per day", deduct_when=_not_found)
def download(code: str):
    certificate = find_by_code(code)
    issued = services.credential_of(certificate) if certificate is not None else None
    if issued is None:
        abort(404)
    response = _json(issued.document, MEDIA_TYPE)
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{certificate.serial}.json"')
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


@public_route("/.well-known/did.json")
def did_document():
    return _json(dids.did_document(), "application/did+json", max_age=300)


@bp.route("/credentials/issuer")
def issuer():
    base = dids.base_url()
    profile = {"@context": ["https://www.w3.org/ns/credentials/v2",
                            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
               **dids.issuer_profile(dids.did_for(base), base)}
    best = request.accept_mimetypes.best_match(["text/html", "application/json",
                                                "application/ld+json"])
    if best in ("application/json", "application/ld+json"):
        return _json(profile, best, max_age=300)
    return render_template("credentials/issuer.html", profile=profile,
                           did_url=dids.did_for(base))


@bp.route("/credentials/status/<int:list_id>")
def status_list(list_id: int):
    status = db.get_or_404(StatusList, list_id)
    return _json(services.signed_status_list(status), MEDIA_TYPE)


@bp.route("/credentials/verify", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def verify():
    form = CredentialUploadForm()
    result = error = None
    status = 200
    if request.method == "POST" and form.validate_on_submit():
        upload = form.credential.data
        if upload is None or not getattr(upload, "filename", ""):
            form.credential.errors.append(_("Choose a credential file."))
            status = 400
        else:
            try:
                result = services.check_credential(services.parse(
                    upload.read(services.MAX_CREDENTIAL_BYTES + 1)))
            except services.CredentialError:
                error = _("This is not a verifiable credential (a JSON file).")
                status = 400
    elif request.method == "POST":
        status = 400
    response = make_response(render_template("credentials/verify.html", form=form,
                                             result=result, error=error), status)
    response.headers["Cache-Control"] = "no-store"
    return response
