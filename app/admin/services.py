"""Queries for the admin pages."""

from __future__ import annotations

from sqlalchemy import or_, select

from app.auth.models import AuditEntry, User, UserRole
from app.extensions import db

PAGE_SIZE = 50


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
