"""What the admin pages do: search users, edit an account (with its rules), the audit log.

Plain functions: they raise `AdminError` (a message for the user, the form field it is
about) and never commit.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import or_, select

from app.auth import services as accounts
from app.auth.audit import record_audit
from app.auth.models import ADMIN, AuditEntry, User, UserRole
from app.extensions import db

PAGE_SIZE = 50
# What an admin edits besides the e-mail address, roles and status.
PROFILE_FIELDS = ("name", "native_name", "country", "agency", "position", "language", "timezone")


class AdminError(Exception):
    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def _check_email_free(email: str, user: User | None = None) -> None:
    other = accounts.get_user_by_email(email)
    if other is not None and (user is None or other.id != user.id):
        raise AdminError(_("An account with this e-mail address already exists."), "email")


def create_account(*, email: str, roles: set[str], active: bool, profile: dict,
                   actor: User) -> User:
    """A new account (without a password: the owner chooses it from the invitation)."""
    _check_email_free(email)
    return accounts.create_user(email=email, roles=roles, actor=actor, active=active,
                                **{f: profile[f] for f in PROFILE_FIELDS if f in profile})


def update_account(user: User, *, email: str, roles: set[str], active: bool, profile: dict,
                   actor: User) -> None:
    """Save an admin's edit of `user`. Admins cannot remove their own admin role or
    deactivate themselves (so there is always one admin who can undo a mistake)."""
    _check_email_free(email, user)
    if user.id == actor.id and (ADMIN not in roles or not active):
        raise AdminError(_("You cannot remove your own admin role or deactivate yourself."),
                         "roles")
    for field in PROFILE_FIELDS:
        if field in profile:
            setattr(user, field, profile[field])
    email = accounts.normalise_email(email)
    if user.email != email:
        record_audit("user.email", actor=actor, target=user.email, details=email)
        user.email = email
    accounts.set_roles(user, roles, actor=actor)
    accounts.set_active(user, active, actor=actor)
    record_audit("user.edit", actor=actor, target=user.email)


def search_users(*, q: str = "", role: str = "", country: str = "", status: str = "",
                 page: int = 1):
    query = select(User).order_by(User.name, User.id)
    if q:
        like = f"%{q.strip().lower()}%"
        query = query.where(
            or_(
                db.func.lower(User.email).like(like),
                db.func.lower(User.name).like(like),
                User.native_name.like(f"%{q.strip()}%"),
                db.func.lower(User.agency).like(like),
            )
        )
    if role:
        query = query.where(User.id.in_(select(UserRole.user_id).where(UserRole.role == role)))
    if country:
        query = query.where(User.country == country)
    if status == "active":
        query = query.where(User.active)
    elif status == "inactive":
        query = query.where(~User.active)
    return db.paginate(query, page=page, per_page=PAGE_SIZE, error_out=False)


def audit_entries(*, action: str = "", q: str = "", page: int = 1):
    query = select(AuditEntry).order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
    if action:
        query = query.where(AuditEntry.action.like(f"{action}%"))
    if q:
        query = query.where(AuditEntry.target.like(f"%{q.strip().lower()}%"))
    query = query.options(db.joinedload(AuditEntry.actor))
    return db.paginate(query, page=page, per_page=PAGE_SIZE, error_out=False)


def audit_actions() -> list[str]:
    return list(db.session.scalars(select(AuditEntry.action).distinct().order_by(
        AuditEntry.action)))
