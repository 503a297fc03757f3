"""/api/v1: tokens and scopes, the endpoints, JSON errors, no cookies, the audit log."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.api import tokens
from app.api.models import ApiToken
from app.auth.models import AuditEntry, User
from app.extensions import db

from .conftest import bearer

PROTECTED = [
    ("GET", "/api/v1/certificates", tokens.READ_CERTIFICATES, None),
    ("GET", "/api/v1/workshops/{w}/completions", tokens.READ_COMPLETIONS, None),
    ("GET", "/api/v1/workshops/{w}/enrolments", tokens.WRITE_ENROLMENTS, None),
    ("POST", "/api/v1/workshops/{w}/enrolments", tokens.WRITE_ENROLMENTS,
     {"email": "nobody@api.test"}),
    ("POST", "/api/v1/users/import", tokens.IMPORT_USERS, {"csv": "email,name\n"}),
    ("GET", "/api/v1/courses", tokens.READ_COURSES, None),
]


def _call(client, method, url, headers=None, body=None):
    if method == "GET":
        return client.get(url, headers=headers or {})
    return client.post(url, json=body, headers=headers or {}, csrf=False)


@pytest.mark.parametrize(("method", "url", "scope", "body"), PROTECTED)
def test_every_endpoint_but_verify_refuses_without_token_or_scope(
        client, workshop, make_token, method, url, scope, body):
    url = url.format(w=workshop["workshop"].id)
    missing = _call(client, method, url, body=body)
    assert missing.status_code == 401
    assert missing.is_json
    assert "token" in missing.get_json()["message"]
    wrong = _call(client, method, url, {"Authorization": "Bearer akmn_not-a-token"}, body)
    assert wrong.status_code == 401
    others = [s for s in tokens.SCOPES if s != scope]
    lacking = _call(client, method, url, bearer(make_token(*others)), body)
    assert lacking.status_code == 403
    assert scope in lacking.get_json()["message"]
    allowed = _call(client, method, url, bearer(make_token(scope)), body)
    assert allowed.status_code not in (401, 403)


def test_verify_is_public(client, workshop):
    certificate = workshop["certificate"]
    response = client.get(f"/api/v1/verify/{certificate.verification_code}")
    assert response.status_code == 200
    data = response.get_json()
    assert data["serial"] == certificate.serial
    assert data["valid"] is True
    assert data["hours"] == 24
    assert data["credential_url"].endswith(f"/credentials/{certificate.verification_code}.json")
    unknown = client.get("/api/v1/verify/aaaaaaaaaaaaaaaaaaaaaaaaaa")
    assert unknown.status_code == 404
    assert unknown.get_json()["code"] == 404


def test_certificates_with_their_credentials_and_filters(client, workshop, make_token):
    secret = make_token(tokens.READ_CERTIFICATES)
    response = client.get("/api/v1/certificates?holder=SOKHA@api.test", headers=bearer(secret))
    assert response.status_code == 200
    page = response.get_json()
    assert page["total"] == 1
    assert page["pages"] == 1
    item = page["items"][0]
    assert item["holder_email"] == "sokha@api.test"
    assert item["credential"]["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert item["credential"]["proof"]["cryptosuite"] == "eddsa-rdfc-2022"
    none = client.get("/api/v1/certificates?issued_to=2000-01-01", headers=bearer(secret))
    assert none.get_json()["total"] == 0
    other = client.get(f"/api/v1/certificates?workshop_id={workshop['workshop'].id + 1}",
                       headers=bearer(secret))
    assert other.get_json()["items"] == []


def test_bad_query_is_a_clear_json_error(client, make_token):
    response = client.get("/api/v1/certificates?per_page=1000",
                          headers=bearer(make_token(tokens.READ_CERTIFICATES)))
    assert response.status_code == 422
    body = response.get_json()
    assert body["status"] == "Unprocessable Entity"
    assert "per_page" in str(body["errors"])


def test_an_organisers_token_sees_only_their_workshops(client, workshop, make_token,
                                                       make_user):
    mine = make_token(tokens.READ_CERTIFICATES, tokens.READ_COMPLETIONS,
                      owner=workshop["organiser"])
    other = make_token(tokens.READ_CERTIFICATES, tokens.READ_COMPLETIONS,
                       owner=make_user("organiser", email="other@api.test"))
    w = workshop["workshop"].id
    assert client.get("/api/v1/certificates", headers=bearer(mine)).get_json()["total"] == 1
    assert client.get("/api/v1/certificates", headers=bearer(other)).get_json()["total"] == 0
    done = client.get(f"/api/v1/workshops/{w}/completions", headers=bearer(mine)).get_json()
    assert [c["user"]["email"] for c in done["items"]] == ["sokha@api.test"]
    assert done["items"][0]["certificate_serial"] == workshop["certificate"].serial
    assert client.get(f"/api/v1/workshops/{w}/completions",
                      headers=bearer(other)).status_code == 404


def test_create_and_list_enrolments(client, workshop, make_token, make_user):
    secret = make_token(tokens.WRITE_ENROLMENTS)
    w = workshop["workshop"].id
    make_user("learner", email="an@api.test", name="NGUYEN Van An")
    created = client.post(f"/api/v1/workshops/{w}/enrolments", json={"email": "an@api.test"},
                          headers=bearer(secret), csrf=False)
    assert created.status_code == 201, created.get_json()
    assert created.get_json()["status"] == "approved"
    again = client.post(f"/api/v1/workshops/{w}/enrolments", json={"email": "an@api.test"},
                        headers=bearer(secret), csrf=False)
    assert again.status_code == 409
    listed = client.get(f"/api/v1/workshops/{w}/enrolments?status=approved",
                        headers=bearer(secret)).get_json()
    assert {e["user"]["email"] for e in listed["items"]} == {"sokha@api.test", "an@api.test"}
    unknown = client.post(f"/api/v1/workshops/{w}/enrolments",
                          json={"email": "nobody@api.test"}, headers=bearer(secret), csrf=False)
    assert unknown.status_code == 404


def test_users_import_follows_the_csv_rules(client, make_token):
    secret = make_token(tokens.IMPORT_USERS)
    bad = client.post("/api/v1/users/import", headers=bearer(secret), csrf=False, json={
        "csv": "email,name,country\nok@api.test,OK Person,KH\nnot-an-email,Bad,KH\n"})
    assert bad.status_code == 400
    assert bad.get_json()["errors"]["rows"][0]["line"] == 3
    assert db.session.scalar(select(User).where(User.email == "ok@api.test")) is None
    good = client.post("/api/v1/users/import", headers=bearer(secret), csrf=False, json={
        "csv": "email,name,country\nok@api.test,OK Person,KH\n"})
    assert good.status_code == 201
    assert good.get_json() == {"imported": 1, "emails": ["ok@api.test"]}
    assert db.session.scalar(select(User).where(User.email == "ok@api.test")) is not None


def test_no_session_cookie_is_read_or_set(client, workshop, make_token, login_as):
    login_as("admin")  # a signed-in browser session does not authenticate API calls
    assert client.get("/api/v1/certificates").status_code == 401
    response = client.get(f"/api/v1/verify/{workshop['certificate'].verification_code}")
    assert "Set-Cookie" not in response.headers


def test_every_use_is_in_the_audit_log_and_revoked_tokens_stop(client, make_token, admin):
    secret = make_token(tokens.READ_COURSES)
    assert client.get("/api/v1/courses", headers=bearer(secret)).status_code == 200
    assert client.get("/api/v1/certificates", headers=bearer(secret)).status_code == 403
    uses = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "api.use")
                              .order_by(AuditEntry.id)).all()
    assert [u.details for u in uses] == ["GET /api/v1/courses -> 200",
                                        "GET /api/v1/certificates -> 403"]
    assert all(u.actor_id == admin.id for u in uses)
    token = db.session.scalars(select(ApiToken)).one()
    assert token.last_used_at is not None
    assert token.token_hash != secret
    assert secret not in token.token_hash
    tokens.revoke_token(token, actor=admin)
    db.session.commit()
    assert client.get("/api/v1/courses", headers=bearer(secret)).status_code == 401


def test_tokens_are_rate_limited(app, client, make_token):
    app.config["RATELIMIT_ENABLED"] = True
    app.config["API_RATE_LIMIT"] = "3 per minute"
    secret = make_token(tokens.READ_COURSES)
    statuses = [client.get("/api/v1/courses", headers=bearer(secret)).status_code
                for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_openapi_description_validates(client):
    from openapi_spec_validator import validate

    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec = response.get_json()
    assert spec["openapi"].startswith("3.1")
    validate(spec)
    assert spec["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    assert spec["paths"]["/api/v1/verify/{code}"]["get"]["security"] == []
    docs = client.get("/api/docs")
    assert docs.status_code == 200
    assert "GET /api/v1/certificates" in docs.get_data(as_text=True)
