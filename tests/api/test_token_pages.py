"""Admins and organisers create tokens (shown once) and revoke them."""

from __future__ import annotations

import re

from sqlalchemy import select

from app.api import tokens
from app.api.models import ApiToken
from app.auth.models import AuditEntry
from app.extensions import db

from .conftest import bearer

SECRET_RE = re.compile(r'id="api-token" type="text" readonly value="(akmn_[^"]+)"')


def test_an_organiser_creates_a_token_shown_once_and_it_works(client, login_as):
    organiser = login_as("organiser")
    page = client.get("/api/tokens").get_data(as_text=True)
    assert "read:completions" in page
    assert "import:users" not in page  # admins only
    response = client.post("/api/tokens", data={"name": "Ministry HR records",
                                                "scopes": ["read:courses"]})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    secret = SECRET_RE.search(response.get_data(as_text=True)).group(1)
    token = db.session.scalars(select(ApiToken)).one()
    assert token.owner_id == organiser.id
    assert token.scopes == ["read:courses"]
    assert secret not in token.token_hash
    listing = client.get("/api/tokens").get_data(as_text=True)
    assert "Ministry HR records" in listing
    assert secret not in listing
    assert token.prefix in listing
    assert client.get("/api/v1/courses", headers=bearer(secret)).status_code == 200
    assert db.session.scalar(select(AuditEntry).where(
        AuditEntry.action == "api.token_create")).actor_id == organiser.id


def test_an_organiser_cannot_grant_the_admin_scope(client, login_as):
    login_as("organiser")
    response = client.post("/api/tokens", data={"name": "Sneaky", "scopes": ["import:users"]})
    assert response.status_code == 200
    assert "not a valid choice" in response.get_data(as_text=True).lower()
    assert db.session.scalars(select(ApiToken)).first() is None


def test_revoking_a_token_stops_it(client, login_as):
    organiser = login_as("organiser")
    token, secret = tokens.create_token(organiser, name="Old system",
                                        scopes=[tokens.READ_COURSES])
    db.session.commit()
    response = client.post(f"/api/tokens/{token.id}/revoke")
    assert response.status_code == 302
    assert "is revoked" in client.get("/api/tokens").get_data(as_text=True)
    assert client.get("/api/v1/courses", headers=bearer(secret)).status_code == 401


def test_an_organiser_cannot_revoke_anothers_token_but_an_admin_can(client, make_user,
                                                                     login_as):
    other = make_user("organiser", email="other@api.test")
    token, _secret = tokens.create_token(other, name="Theirs", scopes=[tokens.READ_COURSES])
    db.session.commit()
    login_as("organiser")
    assert client.post(f"/api/tokens/{token.id}/revoke").status_code == 403
    assert "Theirs" not in client.get("/api/tokens").get_data(as_text=True)
    admin_client = client.application.test_client()
    from tests.conftest import login

    admin = make_user("admin", email="boss@api.test")
    login(admin_client, admin)
    page = admin_client.get("/api/tokens").get_data(as_text=True)
    assert "Theirs" in page
    csrf = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)
    assert admin_client.post(f"/api/tokens/{token.id}/revoke",
                             data={"csrf_token": csrf}).status_code == 302
    db.session.refresh(token)
    assert token.revoked_at is not None
