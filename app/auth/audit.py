"""Recording sensitive actions in the audit log."""

from __future__ import annotations

from app.auth.models import AuditEntry, User
from app.extensions import db


def record_audit(
    action: str,
    *,
    actor: User | None = None,
    target: str = "",
    details: str = "",
    ip_address: str = "",
) -> AuditEntry:
    entry = AuditEntry(
        action=action,
        actor_id=actor.id if actor is not None else None,
        target=target[:200],
        details=details,
        ip_address=ip_address[:64],
    )
    db.session.add(entry)
    return entry
