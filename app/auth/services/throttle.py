"""Limits on sign-in attempts and unknown verification codes, shared by every worker.

Each attempt is written (and committed by the caller) BEFORE the password is checked, then the
attempts in the window are counted: with N concurrent attempts the k-th to commit sees at least
k rows, so no more than the limit are ever checked, whatever the number of gunicorn workers or
instances (Flask-Limiter's ``memory://`` counted per worker; with Redis it checked before the
attempt and counted after, so a burst went through).

Sign-in is limited per account *and address* (an attacker elsewhere cannot lock the official
out), with a higher account-wide ceiling across addresses; reaching it e-mails the owner once.
"""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, func, select

from app.auth.models import LoginAttempt
from app.extensions import db
from app.timeutil import utcnow

LOGIN = "login"
VERIFY = "verify"


def _config(name: str, default: int) -> int:
    return int(current_app.config.get(name, default))


def record_attempt(scope: str, *, account: str = "", ip_address: str = "") -> None:
    """Count an attempt (add + flush; the caller commits before checking anything)."""
    db.session.add(LoginAttempt(scope=scope, account=account[:254],
                                ip_address=(ip_address or "")[:45], at=utcnow()))
    db.session.flush()


def _count(scope: str, since, **where) -> int:
    query = select(func.count(LoginAttempt.id)).where(LoginAttempt.scope == scope,
                                                      LoginAttempt.at >= since)
    for column, value in where.items():
        query = query.where(getattr(LoginAttempt, column) == value)
    return db.session.scalar(query) or 0


def login_refused(account: str, ip_address: str) -> str | None:
    """After record_attempt: None if this attempt may be checked, else why not.

    Returns "address" over the per-account-and-address limit, "account" over the
    account-wide ceiling."""
    now = utcnow()
    window = timedelta(seconds=_config("LOGIN_LIMIT_WINDOW", 15 * 60))
    if _count(LOGIN, now - window, account=account,
              ip_address=ip_address) > _config("LOGIN_LIMIT_PER_ADDRESS", 10):
        return "address"
    ceiling_window = timedelta(seconds=_config("LOGIN_CEILING_WINDOW", 3600))
    if _count(LOGIN, now - ceiling_window, account=account) > _config("LOGIN_CEILING", 100):
        return "account"
    return None


def ceiling_just_reached(account: str) -> bool:
    """True for the one attempt that first passed the account-wide ceiling in its window."""
    since = utcnow() - timedelta(seconds=_config("LOGIN_CEILING_WINDOW", 3600))
    return _count(LOGIN, since, account=account) == _config("LOGIN_CEILING", 100) + 1


def warn_owner(user) -> None:
    from app.mail import send_mail

    send_mail(user.email, _("Many attempts to sign in to your AKMN Learn account"), _(
        "There have been many attempts to sign in to your account from several addresses. "
        "Signing in is paused for a while. If it was not you, nothing is needed: your "
        "password was not accepted. You can also choose a new password with “Forgot your "
        "password?” on the sign-in page."))


def forget_login_attempts(account: str, ip_address: str) -> None:
    """After a successful sign-in: this address starts afresh for this account."""
    db.session.execute(delete(LoginAttempt).where(
        LoginAttempt.scope == LOGIN, LoginAttempt.account == account,
        LoginAttempt.ip_address == ip_address))


def verify_refused(ip_address: str) -> bool:
    """After record_attempt(VERIFY, ...): over the limit of unknown codes of this address."""
    now = utcnow()
    return (_count(VERIFY, now - timedelta(minutes=1), ip_address=ip_address)
            > _config("VERIFY_UNKNOWN_PER_MINUTE", 10)
            or _count(VERIFY, now - timedelta(days=1), ip_address=ip_address)
            > _config("VERIFY_UNKNOWN_PER_DAY", 100))


def forget_verify_attempt(ip_address: str) -> None:
    """The code was known: the lookup does not count (the newest attempt of the address)."""
    newest = db.session.scalar(select(func.max(LoginAttempt.id)).where(
        LoginAttempt.scope == VERIFY, LoginAttempt.ip_address == ip_address))
    if newest is not None:
        db.session.execute(delete(LoginAttempt).where(LoginAttempt.id == newest))


def prune(older_than: timedelta = timedelta(days=2)) -> int:
    result = db.session.execute(delete(LoginAttempt).where(
        LoginAttempt.at < utcnow() - older_than))
    return result.rowcount or 0
