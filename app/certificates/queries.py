"""Reads for the home page: a holder's certificates, the renderings that failed."""

from __future__ import annotations

from functools import cache

from sqlalchemy import bindparam, func, select

from app.certificates.models import Certificate
from app.extensions import db


def latest_of(user, n: int = 5) -> tuple[list, int]:
    """The holder's `n` newest certificates and how many they hold in all (one query: the
    total is a window count, taken before the limit), as rows of what the home shows of each
    (id, title, serial, issued_at; status, render_error and is_rendered for status_badge)."""
    rows = db.session.execute(_latest_statement(), {"user_id": user.id, "n": n}).all()
    return rows, rows[0].total if rows else 0


@cache
def _latest_statement():
    return (select(Certificate.id, Certificate.title, Certificate.serial, Certificate.issued_at,
                   Certificate.status, Certificate.render_error,
                   Certificate.rendered_at.is_not(None).label("is_rendered"),
                   func.count().over().label("total"))
            .where(Certificate.user_id == bindparam("user_id"))
            .order_by(Certificate.issued_at.desc(), Certificate.id.desc())
            .limit(bindparam("n")))


def failed_rendering() -> tuple:
    """The conditions on a certificate whose PDF rendering failed (not rendered, an error
    kept), for counts in other domains' reads."""
    return Certificate.rendered_at.is_(None), Certificate.render_error.is_not(None)
