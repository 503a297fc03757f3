"""Who may do what with certificates (the organisers' pages use ``role_required``)."""

from __future__ import annotations

from app.auth.permissions import is_organiser


def can_revoke_certificate(user, certificate=None) -> bool:
    return is_organiser(user)


def can_view_register(user) -> bool:
    return is_organiser(user)


def is_holder(user, certificate) -> bool:
    return bool(user and user.is_authenticated and certificate.user_id == user.id)


def can_view_certificate(user, certificate) -> bool:
    return is_holder(user, certificate) or is_organiser(user)


def can_download_certificate(user, certificate) -> bool:
    return can_view_certificate(user, certificate) and certificate.is_rendered
