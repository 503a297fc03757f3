"""API tokens: creating (the secret is returned once), revoking, and authenticating.
No request, no commit."""

from __future__ import annotations

import hashlib
import secrets

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.api.models import ApiToken
from app.auth.audit import record_audit
from app.auth.models import ADMIN, User
from app.extensions import db
from app.timeutil import utcnow

READ_CERTIFICATES = "read:certificates"
READ_COMPLETIONS = "read:completions"
WRITE_ENROLMENTS = "write:enrolments"
IMPORT_USERS = "import:users"
READ_COURSES = "read:courses"
SCOPES = {
    READ_CERTIFICATES: _l("Read certificates and their credentials"),
    READ_COMPLETIONS: _l("Read workshop completions"),
    WRITE_ENROLMENTS: _l("List and create workshop enrolments"),
    IMPORT_USERS: _l("Import user accounts (admins only)"),
    READ_COURSES: _l("Read the course catalogue"),
}
ADMIN_ONLY_SCOPES = {IMPORT_USERS}
TOKEN_PREFIX = "akmn_"  # noqa: S105  (the prefix of every token, not a secret)


class TokenError(Exception):
    """A token operation was refused; the message says why, for the user."""


def hash_token(secret: str) -> str:
    # Tokens are 256 random bits: a plain SHA-256 is enough (nothing to brute-force).
    return hashlib.sha256(secret.encode()).hexdigest()


def grantable_scopes(user: User) -> list[str]:
    return [s for s in SCOPES if ADMIN in user.roles or s not in ADMIN_ONLY_SCOPES]


def create_token(owner: User, *, name: str, scopes: list[str]) -> tuple[ApiToken, str]:
    """A new token for `owner`; returns it with the secret (shown once, never stored)."""
    name = (name or "").strip()
    if not name:
        raise TokenError(_l("Name the integration that will use the token."))
    allowed = set(grantable_scopes(owner))
    scopes = [s for s in SCOPES if s in set(scopes)]
    if not scopes:
        raise TokenError(_l("Choose at least one permission."))
    if not set(scopes) <= allowed:
        raise TokenError(_l("You cannot grant this permission."))
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(name=name[:120], prefix=secret[:12], token_hash=hash_token(secret),
                     scopes=scopes, owner_id=owner.id, created_at=utcnow())
    db.session.add(token)
    db.session.flush()
    record_audit("api.token_create", actor=owner, target=f"api-token:{token.id}",
                 details=f"{token.name}; {' '.join(scopes)}")
    return token, secret


def revoke_token(token: ApiToken, *, actor: User) -> None:
    if token.revoked_at is not None:
        raise TokenError(_l("This token is already revoked."))
    token.revoked_at = utcnow()
    record_audit("api.token_revoke", actor=actor, target=f"api-token:{token.id}",
                 details=token.name)


def tokens_visible_to(user: User) -> list[ApiToken]:
    query = select(ApiToken).order_by(ApiToken.revoked_at.is_not(None), ApiToken.id.desc())
    if ADMIN not in user.roles:
        query = query.where(ApiToken.owner_id == user.id)
    return list(db.session.scalars(query))


def authenticate(secret: str) -> ApiToken | None:
    """The active token with this secret, or None."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 100:
        return None
    token = db.session.scalars(
        select(ApiToken).where(ApiToken.token_hash == hash_token(secret))).first()
    if token is None or not token.is_active:
        return None
    return token
