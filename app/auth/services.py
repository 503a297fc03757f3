"""Account operations: passwords, sessions, reset tokens, roles, roster import."""

from __future__ import annotations

import contextlib
import csv
import io
import secrets
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select, update

from app.auth.audit import record_audit
from app.auth.models import LEARNER, ROLES, User, UserRole, UserSession
from app.extensions import db
from app.reference import ALL_TIMEZONES, COUNTRIES, LANGUAGES
from app.timeutil import utcnow

MIN_PASSWORD_LENGTH = 8
RESET_TOKEN_MAX_AGE = 60 * 60 * 2  # two hours
INVITE_TOKEN_MAX_AGE = 60 * 60 * 24 * 14  # two weeks


class AccountError(Exception):
    """A domain error with a message for the user."""


class WeakPassword(AccountError):
    pass


class InvalidToken(AccountError):
    pass


class DuplicateEmail(AccountError):
    pass


# ---------------------------------------------------------------- passwords


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
    path = Path(__file__).with_name("common-passwords.txt")
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


# ---------------------------------------------------------------- users


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


def load_session_user(session_id: str) -> User | None:
    if not session_id:
        return None
    row = db.session.execute(
        select(User)
        .join(UserSession, UserSession.user_id == User.id)
        .where(UserSession.id == session_id, UserSession.revoked_at.is_(None), User.active)
    ).scalar_one_or_none()
    if row is not None:
        row.current_session_id = session_id
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


# ---------------------------------------------------------------- roster import

USER_CSV_COLUMNS = ["email", "name", "native_name", "country", "agency", "position", "language",
                    "roles"]


@dataclass
class RowError:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass
class ParsedRoster:
    rows: list[dict] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def parse_user_csv(text: str, *, require_new: bool = True) -> ParsedRoster:
    """Validate every row of a users CSV; each bad row is reported with its line number."""
    result = ParsedRoster()
    if text.startswith("\ufeff"):
        text = text[1:]
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in ("email", "name") if c not in header]
    unknown = [c for c in header if c not in USER_CSV_COLUMNS]
    if missing or unknown:
        if missing:
            result.errors.append(RowError(1, _("missing columns: %(c)s", c=", ".join(missing))))
        if unknown:
            result.errors.append(RowError(1, _("unknown columns: %(c)s", c=", ".join(unknown))))
        return result
    reader.fieldnames = header
    seen: dict[str, int] = {}
    existing = set()
    for raw in reader:
        line = reader.line_num
        row = {k: (v or "").strip() for k, v in raw.items() if k is not None}
        if None in raw:
            result.errors.append(RowError(line, _("too many fields")))
            continue
        problems = []
        try:
            email = validate_email(row.get("email", ""), check_deliverability=False).normalized
            email = normalise_email(email)
        except EmailNotValidError:
            problems.append(_("invalid e-mail address %(e)r", e=row.get("email", "")))
            email = ""
        if not row.get("name"):
            problems.append(_("name is empty"))
        country = (row.get("country") or "XX").upper()
        if country not in COUNTRIES:
            problems.append(_("unknown country code %(c)r", c=row.get("country")))
        language = row.get("language") or "en"
        if language not in LANGUAGES:
            problems.append(_("unknown language code %(c)r", c=language))
        roles = {r.strip().lower() for r in (row.get("roles") or LEARNER).split(";") if r.strip()}
        bad_roles = roles - set(ROLES)
        if bad_roles:
            problems.append(_("unknown roles: %(r)s", r=", ".join(sorted(bad_roles))))
        if email:
            if email in seen:
                problems.append(_("duplicate of line %(n)d", n=seen[email]))
            else:
                seen[email] = line
        if problems:
            result.errors.extend(RowError(line, p) for p in problems)
            continue
        result.rows.append(
            {
                "line": line,
                "email": email,
                "name": row["name"],
                "native_name": row.get("native_name", ""),
                "country": country,
                "agency": row.get("agency", ""),
                "position": row.get("position", ""),
                "language": language,
                "roles": roles or {LEARNER},
            }
        )
    if not result.rows and not result.errors:
        result.errors.append(RowError(1, _("the file has no rows")))
    if require_new and result.rows:
        emails = [r["email"] for r in result.rows]
        existing = set(db.session.scalars(select(User.email).where(User.email.in_(emails))))
        for row in result.rows:
            if row["email"] in existing:
                result.errors.append(
                    RowError(row["line"], _("an account with %(e)s already exists", e=row["email"]))
                )
    result.errors.sort(key=lambda e: e.line)
    return result


def import_users(rows: list[dict], *, actor: User | None = None) -> list[User]:
    users = []
    for row in rows:
        data = {k: v for k, v in row.items() if k not in {"line", "roles"}}
        users.append(create_user(roles=row["roles"], actor=actor, **data))
    return users


def count_users() -> int:
    return db.session.scalar(select(func.count(User.id))) or 0


def valid_timezone(name: str) -> bool:
    return name in ALL_TIMEZONES
