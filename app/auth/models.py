"""Accounts, roles, server-side sessions and the audit log."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models_base import owner_key
from app.timeutil import utcnow

LEARNER, TRAINER, ORGANISER, ADMIN = "learner", "trainer", "organiser", "admin"
ROLES = (LEARNER, TRAINER, ORGANISER, ADMIN)
ROLE_LABELS = {LEARNER: _l("Learner"), TRAINER: _l("Trainer"), ORGANISER: _l("Organiser"),
               ADMIN: _l("Administrator")}


def role_label(role: str) -> str:
    """A role's name in the interface language."""
    return str(ROLE_LABELS.get(role, role))


def display_name(name: str, native_name: str | None) -> str:
    """A person's name as pages show it: with the name in their own script when it differs
    (User.display_name, and the pages that read users as plain rows)."""
    if native_name and native_name != name:
        return f"{name} ({native_name})"
    return name


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    native_name: Mapped[str] = mapped_column(String(200), default="")
    country: Mapped[str] = mapped_column(String(2), default="XX", index=True)
    agency: Mapped[str] = mapped_column(String(200), default="", index=True)
    position: Mapped[str] = mapped_column(String(200), default="")
    language: Mapped[str] = mapped_column(String(12), default="en")
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Seoul")
    active: Mapped[bool] = mapped_column(default=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]
    is_demo: Mapped[bool] = mapped_column(default=False)

    role_rows: Mapped[list[UserRole]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )

    # Set by the user loader: the server-side session this request belongs to.
    current_session_id = None
    session_figures = None  # {name: value}, set by load_session_user for this request

    @property
    def is_active(self) -> bool:  # Flask-Login
        return self.active

    def get_id(self) -> str:  # Flask-Login stores the session id, not the user id
        return self.current_session_id or ""

    @property
    def roles(self) -> set[str]:
        return {row.role for row in self.role_rows}

    def has_role(self, *roles: str) -> bool:
        mine = self.roles
        return ADMIN in mine or any(role in mine for role in roles)

    @property
    def display_name(self) -> str:
        return display_name(self.name, self.native_name)

    def __repr__(self) -> str:
        return f"<User {self.email}>"


class UserRole(db.Model):
    __tablename__ = "user_roles"
    __table_args__ = (UniqueConstraint("user_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = owner_key("users")
    role: Mapped[str] = mapped_column(String(20), index=True)

    user: Mapped[User] = relationship(back_populates="role_rows")


class UserSession(db.Model):
    """A login. Logout and password changes revoke rows here, ending the session for real."""

    __tablename__ = "user_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = owner_key("users")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]
    user_agent: Mapped[str] = mapped_column(String(300), default="")
    ip_address: Mapped[str] = mapped_column(String(64), default="")

    user: Mapped[User] = relationship()


class AuditEntry(db.Model):
    """Sensitive actions: logins, role changes, account changes, certificate issue/revoke…"""

    __tablename__ = "audit_entries"
    __table_args__ = (Index("ix_audit_entries_action_created", "action", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    action: Mapped[str] = mapped_column(String(60))
    target: Mapped[str] = mapped_column(String(200), default="")
    details: Mapped[str] = mapped_column(Text, default="")
    ip_address: Mapped[str] = mapped_column(String(64), default="")

    actor: Mapped[User | None] = relationship()


class LoginAttempt(db.Model):
    """One attempt to sign in (or to look up an unknown verification code), counted BEFORE the
    password is checked, in the database so every worker and instance shares the count."""

    __tablename__ = "login_attempts"
    __table_args__ = (
        Index("ix_login_attempts_scope_account_at", "scope", "account", "at"),
        Index("ix_login_attempts_scope_ip_at", "scope", "ip_address", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(10))  # "login", "verify"
    account: Mapped[str] = mapped_column(String(254), default="")
    ip_address: Mapped[str] = mapped_column(String(45), default="")
    at: Mapped[datetime] = mapped_column(default=utcnow)
