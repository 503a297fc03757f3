"""Who manages API tokens: admins (every token) and organisers (their own)."""

from __future__ import annotations

from app.api.models import ApiToken
from app.auth.models import ADMIN, ORGANISER


def can_manage_api_tokens(user) -> bool:
    return bool(user and user.is_authenticated and user.has_role(ORGANISER))


def can_revoke_api_token(user, token: ApiToken) -> bool:
    if not can_manage_api_tokens(user):
        return False
    return ADMIN in user.roles or token.owner_id == user.id
