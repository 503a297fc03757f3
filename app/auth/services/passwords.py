"""Passwords: hashing (argon2id), the strength rules, setting one."""

from __future__ import annotations

import contextlib
import secrets
from functools import cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import gettext as _

from app.auth.models import User
from app.auth.services.errors import WeakPassword

MIN_PASSWORD_LENGTH = 8


@cache
def _hasher(fast: bool) -> PasswordHasher:
    if fast:  # tests: same algorithm (argon2id), cheap parameters
        return PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    return PasswordHasher()  # argon2id, RFC 9106 low-memory profile


def _current_hasher() -> PasswordHasher:
    return _hasher(bool(current_app.config.get("PASSWORD_HASH_FAST")))


def hash_password(password: str) -> str:
    return _current_hasher().hash(password)


def check_password(user: User, password: str) -> bool:
    if not user.password_hash:
        return False
    try:
        ok = _current_hasher().verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
    if ok and _current_hasher().check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return ok


_DUMMY_HASH: dict[bool, str] = {}


def burn_password_check(password: str) -> None:
    """Spend the time of a real check so unknown emails are not revealed by timing."""
    fast = bool(current_app.config.get("PASSWORD_HASH_FAST"))
    if fast not in _DUMMY_HASH:
        _DUMMY_HASH[fast] = _hasher(fast).hash(secrets.token_hex(8))
    with contextlib.suppress(VerificationError, InvalidHashError):
        _hasher(fast).verify(_DUMMY_HASH[fast], password)


@cache
def common_passwords() -> frozenset[str]:
    path = Path(__file__).parent.parent / "common-passwords.txt"
    return frozenset(line.strip().lower() for line in path.read_text().splitlines() if line)


def password_problem(password: str, *, email: str = "", name: str = "") -> str | None:
    """Why a password is not acceptable, or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return _("Use at least %(n)d characters.", n=MIN_PASSWORD_LENGTH)
    lowered = password.lower()
    if lowered in common_passwords():
        return _("This password is too common. Choose another one.")
    if len(set(password)) < 3:
        return _("This password is too easy to guess. Choose another one.")
    local = email.split("@")[0].lower() if email else ""
    if (local and len(local) >= 4 and local in lowered) or (email and lowered == email.lower()):
        return _("The password must not contain your e-mail address.")
    if name and lowered == name.lower():
        return _("The password must not be your name.")
    return None


def set_password(user: User, password: str) -> None:
    problem = password_problem(password, email=user.email, name=user.name)
    if problem:
        raise WeakPassword(problem)
    user.password_hash = hash_password(password)
