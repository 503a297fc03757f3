"""The workshop pages, one module per thing they serve: ``workshops`` (lists, one workshop,
the organisers' form), ``enrolment``, ``roster`` and ``attendance`` (sessions, QR check-in)."""

from app.workshops.views import attendance, enrolment, roster, workshops

__all__ = ["attendance", "enrolment", "roster", "workshops"]
