"""/api/v1: the REST API (flask-smorest; the OpenAPI 3.1 description is /api/v1/openapi.json).
Thin handlers: check the token, call a service, return the schema's dict."""

from __future__ import annotations

from flask import current_app, g
from flask_smorest import Blueprint, abort
from werkzeug.exceptions import HTTPException, default_exceptions

from app.api import schemas, services
from app.api.auth import SECURITY, audit_use, no_cookies, rate_key, token_required
from app.api.tokens import (
    IMPORT_USERS,
    READ_CERTIFICATES,
    READ_COMPLETIONS,
    READ_COURSES,
    WRITE_ENROLMENTS,
)
from app.certificates.services import find_by_code
from app.extensions import csrf, limiter

blp = Blueprint("api_v1", __name__, url_prefix="/api/v1",
                description="Certificates, completions, enrolments, users and courses for "
                            "the ministries' systems.")
blp.after_request(audit_use)
blp.after_request(no_cookies)
csrf.exempt(blp)  # no cookie authentication: a bearer token in every request
limiter.limit(lambda: current_app.config["API_RATE_LIMIT"], key_func=rate_key)(blp)


def _json_error(error: HTTPException):
    """Errors of /api/v1 as JSON ({code, status, message, errors}), not HTML pages."""
    return current_app.extensions["akmn_api"].handle_http_exception(error)


# By code, as the site's HTML handlers are (Flask prefers any handler for the code over a
# blueprint's handler for the class).
for _code in default_exceptions:
    blp.register_error_handler(_code, _json_error)
blp.register_error_handler(HTTPException, _json_error)

MAX_ID = 2**31 - 1  # beyond any id (and beyond what the databases' integers hold)
ERRORS = {401: "No valid token.", 403: "The token lacks the scope."}


def _protected(scope: str):
    """Token check plus its documentation (security, 401 and 403 responses)."""

    def decorator(view):
        for code, text in ERRORS.items():
            view = blp.alt_response(code, schema=schemas.ApiErrorSchema, description=text)(view)
        view = blp.doc(security=SECURITY, description=f"Scope: `{scope}`.")(view)
        # Outermost (right under @blp.route): no token, no parsing of the request.
        return token_required(scope)(view)

    return decorator


def _workshop_page(scope: str, query_schema, page_schema):
    """A paged list of one workshop's records: the token check, the query string, the page,
    404 for a workshop the token may not see."""

    def decorator(view):
        view = blp.alt_response(404, schema=schemas.ApiErrorSchema,
                                description="Unknown workshop.")(view)
        view = blp.response(200, page_schema)(view)
        view = blp.arguments(query_schema, location="query")(view)
        return _protected(scope)(view)

    return decorator


def _workshop(workshop_id: int):
    workshop = (services.workshop_for(g.api_token.owner, workshop_id)
                if workshop_id <= MAX_ID else None)
    if workshop is None:
        abort(404, message="No workshop with this id that this token may see.")
    return workshop


@blp.route("/verify/<string:code>")
@blp.response(200, schemas.VerificationSchema)
@blp.alt_response(404, schema=schemas.ApiErrorSchema, description="No certificate has this code.")
@blp.doc(security=[], summary="Verify a certificate by its code (public, no token).")
def verify(code: str):
    certificate = find_by_code(code)
    if certificate is None:
        abort(404, message="No certificate has this code.")
    return services.verification_dict(certificate)


@blp.route("/certificates")
@_protected(READ_CERTIFICATES)
@blp.arguments(schemas.CertificateQuerySchema, location="query")
@blp.response(200, schemas.CertificatePageSchema)
def certificates(args: dict):
    """Certificates with their credentials, newest first (by workshop, holder, date)."""
    return services.certificates(g.api_token.owner, **args).as_dict()


@blp.route("/workshops/<int:workshop_id>/completions")
@_workshop_page(READ_COMPLETIONS, schemas.PageQuerySchema, schemas.CompletionPageSchema)
def completions(args: dict, workshop_id: int):
    """The participants who completed the workshop."""
    workshop = _workshop(workshop_id)
    return services.completions(workshop, **args).as_dict(workshop_id=workshop.id)


@blp.route("/workshops/<int:workshop_id>/enrolments")
@_workshop_page(WRITE_ENROLMENTS, schemas.EnrolmentQuerySchema, schemas.EnrolmentPageSchema)
def enrolments(args: dict, workshop_id: int):
    """The workshop's enrolments."""
    return services.enrolments(_workshop(workshop_id), **args).as_dict()


@blp.route("/workshops/<int:workshop_id>/enrolments", methods=["POST"])
@_protected(WRITE_ENROLMENTS)
@blp.arguments(schemas.EnrolmentCreateSchema)
@blp.response(201, schemas.EnrolmentSchema)
@blp.alt_response(404, schema=schemas.ApiErrorSchema, description="Unknown workshop or user.")
@blp.alt_response(409, schema=schemas.ApiErrorSchema,
                  description="Refused by the workshop (closed, full, already enrolled…).")
def enrol(data: dict, workshop_id: int):
    """Enrol a user as if they applied themselves: approved, waiting for approval or on the
    waiting list, as the workshop's policy and seats decide."""
    from app.workshops.errors import WorkshopError
    from app.workshops.services import enrol as enrol_user

    workshop = _workshop(workshop_id)
    user = services.user_by_email(data["email"])
    if user is None:
        abort(404, message="No user has this e-mail address; import them first.")
    try:
        enrolment = enrol_user(workshop, user)
    except WorkshopError as exc:
        abort(409, message=str(exc))
    return services.enrolment_dict(enrolment)


@blp.route("/users/import", methods=["POST"])
@_protected(IMPORT_USERS)
@blp.arguments(schemas.UserImportSchema)
@blp.response(201, schemas.UserImportResultSchema)
@blp.alt_response(400, schema=schemas.UserImportErrorSchema,
                  description="A row is bad: nothing is imported.")
def import_users(data: dict):
    """Import accounts from a CSV, with the rules of `flask users import`: every row is
    checked first; if any row is bad, nothing is imported."""
    from app.auth import services as accounts

    parsed = accounts.parse_user_csv(data["csv"])
    if parsed.errors:
        abort(400, message=f"{len(parsed.errors)} error(s); nothing imported.",
              errors={"rows": [{"line": e.line, "message": str(e.message)}
                               for e in parsed.errors]})
    created = accounts.import_users(parsed.rows, actor=g.api_token.owner)
    return {"imported": len(created), "emails": [u.email for u in created]}


@blp.route("/courses")
@_protected(READ_COURSES)
@blp.arguments(schemas.PageQuerySchema, location="query")
@blp.response(200, schemas.CoursePageSchema)
def courses(args: dict):
    """The published courses."""
    return services.courses(**args).as_dict()
