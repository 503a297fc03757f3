"""Reads for the administrators' home: accounts awaiting action, recent sensitive actions."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from app.auth.models import AuditEntry, User
from app.extensions import db

# Logged for the record, but routine: not what an administrator needs to look at first.
ROUTINE_ACTIONS = ("login.success", "api.use")


@dataclass
class AccountsAwaiting:
    not_accepted: list[User] = field(default_factory=list)  # the first few, oldest first
    not_accepted_count: int = 0  # active, no password yet: the invitation is not accepted
    deactivated_count: int = 0

    @property
    def total(self) -> int:
        return self.not_accepted_count + self.deactivated_count


def accounts_awaiting_action(n: int = 5) -> AccountsAwaiting:
    """Active accounts without a password (invited, never signed in) and deactivated
    accounts (two queries whatever the number of accounts)."""
    counts = dict(db.session.execute(
        select(User.active, func.count(User.id))
        .where((User.password_hash.is_(None)) | (User.active.is_(False)))
        .group_by(User.active)).all())
    waiting = list(db.session.scalars(
        select(User).where(User.active, User.password_hash.is_(None))
        .order_by(User.created_at, User.id).limit(n)))
    return AccountsAwaiting(waiting, counts.get(True, 0), counts.get(False, 0))


def recent_sensitive_actions(n: int = 8) -> list[AuditEntry]:
    """The `n` newest audit entries that are not routine sign-ins or API calls (one query)."""
    return list(db.session.scalars(
        select(AuditEntry).where(AuditEntry.action.not_in(ROUTINE_ACTIONS))
        .options(joinedload(AuditEntry.actor).lazyload(User.role_rows))
        .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc()).limit(n)))
