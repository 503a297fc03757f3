"""Accounts: users, roles, sessions, reset and invitation tokens."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from functools import cache

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import ScalarSelect, bindparam, select, update
from sqlalchemy.orm import joinedload

from app.auth.audit import record_audit
from app.auth.models import LEARNER, ROLES, User, UserRole, UserSession
from app.auth.services.errors import AccountError, DuplicateEmail, InvalidToken
from app.auth.services.passwords import burn_password_check, check_password, set_password
from app.extensions import db
from app.timeutil import utcnow

RESET_TOKEN_MAX_AGE = 60 * 60 * 2  # two hours
INVITE_TOKEN_MAX_AGE = 60 * 60 * 24 * 14  # two weeks


def normalise_email(email: str) -> str:
    return email.strip().lower()


def get_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def create_user(
    *,
    email: str,
    name: str,
    password: str | None = None,
    roles: set[str] | frozenset[str] = frozenset({LEARNER}),
    actor: User | None = None,
    **profile,
) -> User:
    email = normalise_email(email)
    if get_user_by_email(email) is not None:
        raise DuplicateEmail(_("An account with this e-mail address already exists."))
    user = User(email=email, name=name.strip(), **profile)
    if password is not None:
        set_password(user, password)
    user.role_rows = [UserRole(role=role) for role in sorted(set(roles) or {LEARNER})]
    db.session.add(user)
    db.session.flush()
    record_audit("user.create", actor=actor, target=user.email, details=",".join(sorted(roles)))
    return user


def set_roles(user: User, roles: set[str], *, actor: User | None = None) -> None:
    roles = {role for role in roles if role in ROLES}
    before = user.roles
    if before == roles:
        return
    keep = [row for row in user.role_rows if row.role in roles]
    user.role_rows = keep + [UserRole(role=role) for role in sorted(roles - before)]
    record_audit(
        "user.roles",
        actor=actor,
        target=user.email,
        details=f"{','.join(sorted(before))} -> {','.join(sorted(roles))}",
    )


def set_active(user: User, active: bool, *, actor: User | None = None) -> None:
    if user.active == active:
        return
    user.active = active
    if not active:
        revoke_sessions(user)
    record_audit("user.activate" if active else "user.deactivate", actor=actor, target=user.email)


# ---------------------------------------------------------------- sessions


def start_session(user: User, *, user_agent: str = "", ip_address: str = "") -> UserSession:
    row = UserSession(
        id=secrets.token_urlsafe(32),
        user_id=user.id,
        user_agent=user_agent[:300],
        ip_address=ip_address[:64],
    )
    db.session.add(row)
    user.last_login_at = utcnow()
    user.current_session_id = row.id
    return row


# Figures that other domains show on every signed-in page (the unread count in the header),
# loaded with the user in the same statement instead of one query each: name -> a function
# returning a scalar subquery correlated to User.id. Registered at import by their domain.
SESSION_FIGURES: dict[str, Callable[[], ScalarSelect]] = {}


def register_session_figure(name: str, subquery: Callable[[], ScalarSelect]) -> None:
    SESSION_FIGURES[name] = subquery


@cache
def _session_user_statement(names: tuple[str, ...]):
    """Built once (a select's construction costs more than its cached compilation)."""
    return (
        select(User, *(SESSION_FIGURES[name]().label(name) for name in names))
        .join(UserSession, UserSession.user_id == User.id)
        .where(UserSession.id == bindparam("session_id"), UserSession.revoked_at.is_(None),
               User.active)
        .options(joinedload(User.role_rows))
    )


def load_session_user(session_id: str) -> User | None:
    """The user of a live session, roles joined, with `session_figures` ({name: value} of
    SESSION_FIGURES, as of the start of the request): one statement per signed-in request."""
    if not session_id:
        return None
    names = tuple(SESSION_FIGURES)
    result = db.session.execute(
        _session_user_statement(names), {"session_id": session_id}
    ).unique().one_or_none()
    if result is None:
        return None
    row = result[0]
    row.current_session_id = session_id
    row.session_figures = dict(zip(names, result[1:], strict=True))
    return row


def end_session(session_id: str | None) -> None:
    if session_id:
        db.session.execute(
            update(UserSession)
            .where(UserSession.id == session_id, UserSession.revoked_at.is_(None))
            .values(revoked_at=utcnow())
        )


def revoke_sessions(user: User, *, keep: str | None = None) -> int:
    query = update(UserSession).where(
        UserSession.user_id == user.id, UserSession.revoked_at.is_(None)
    )
    if keep:
        query = query.where(UserSession.id != keep)
    return db.session.execute(query.values(revoked_at=utcnow())).rowcount or 0


def active_sessions(user: User) -> list[UserSession]:
    return list(
        db.session.scalars(
            select(UserSession)
            .where(UserSession.user_id == user.id, UserSession.revoked_at.is_(None))
            .order_by(UserSession.created_at.desc())
        )
    )


def authenticate(email: str, password: str, *, ip_address: str = "") -> User | None:
    user = get_user_by_email(email)
    if user is None:
        burn_password_check(password)
        record_audit("login.failed", target=normalise_email(email)[:200], ip_address=ip_address)
        return None
    if not check_password(user, password) or not user.active:
        record_audit(
            "login.failed",
            actor=user,
            target=user.email,
            details="inactive" if user.active is False else "",
            ip_address=ip_address,
        )
        return None
    record_audit("login.success", actor=user, target=user.email, ip_address=ip_address)
    return user


def change_password(user: User, current: str, new: str) -> None:
    if not check_password(user, current):
        raise AccountError(_("The current password is not correct."))
    set_password(user, new)
    revoke_sessions(user, keep=user.current_session_id)
    record_audit("user.password_change", actor=user, target=user.email)


def assign_password(user: User, password: str) -> None:
    """An organiser sets someone's password (`flask users set-password`): the password rules
    apply, and every session of the account ends."""
    set_password(user, password)
    revoke_sessions(user)
    record_audit("user.password_set", target=user.email)


# ---------------------------------------------------------------- tokens


def _serializer(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt)


def _fingerprint(user: User) -> str:
    # Changes when the password changes, so a reset link works once.
    return (user.password_hash or "unset")[-16:]


def make_reset_token(user: User, *, purpose: str = "reset") -> str:
    return _serializer(f"akmn.{purpose}").dumps({"u": user.id, "f": _fingerprint(user)})


def user_from_token(token: str, *, purpose: str = "reset") -> User:
    max_age = INVITE_TOKEN_MAX_AGE if purpose == "invite" else RESET_TOKEN_MAX_AGE
    try:
        data = _serializer(f"akmn.{purpose}").loads(token, max_age=max_age)
    except SignatureExpired as exc:
        raise InvalidToken(_("This link has expired. Ask for a new one.")) from exc
    except BadSignature as exc:
        raise InvalidToken(_("This link is not valid.")) from exc
    user = db.session.get(User, data.get("u"))
    if user is None or not user.active or data.get("f") != _fingerprint(user):
        raise InvalidToken(_("This link has already been used or is not valid."))
    return user


def reset_password(token: str, new: str, *, purpose: str = "reset") -> User:
    user = user_from_token(token, purpose=purpose)
    set_password(user, new)
    revoke_sessions(user)
    record_audit(f"user.password_{purpose}", actor=user, target=user.email)
    return user
