"""Demo experts: fictional people of every country of the network, names in their scripts.

The people are data, in demo_experts.yaml; the meetings and pilots demos take theirs from it
through `demo_expert(name)`. Idempotent (keyed by e-mail). Organisations end with "(demo)";
every record is_demo. KIM Minji is linked to trainer@demo.test, so the trainer can edit
"their" profile.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import sqlalchemy as sa

from app.auth.models import User
from app.experts import services, taxonomy
from app.experts.models import Expert
from app.extensions import db
from app.yamlsafe import safe_load

CONSENT = date(2025, 3, 14)

DEMO_FILE = Path(__file__).with_name("demo_experts.yaml")
DEMO_EXPERTS: list[dict] = safe_load(DEMO_FILE.read_text(encoding="utf-8"))


def load() -> None:
    taxonomy.ensure_default_areas()
    organiser = _organiser()
    for item in DEMO_EXPERTS:
        _create(item, organiser)
    db.session.flush()


def demo_expert(name: str) -> Expert:
    """The demo directory's expert `name` (the meetings' speakers, the pilots' mentors): the
    record in the database, created from DEMO_EXPERTS when the directory's demo has not run."""
    found = db.session.scalar(sa.select(Expert).where(
        sa.func.lower(Expert.name) == name.lower()).limit(1))
    if found is None:
        taxonomy.ensure_default_areas()
        found = _create(next(item for item in DEMO_EXPERTS if item["name"] == name),
                        _organiser())
    return found


def _organiser() -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == "organiser@demo.test"))


def _create(item: dict, organiser: User | None) -> Expert | None:
    """One demo expert, unless one with the same e-mail exists (then None)."""
    data = {k: v for k, v in item.items() if k != "consent"}
    if item.get("consent", True):
        data["consent_date"] = CONSENT
    exists = db.session.scalar(sa.select(Expert.id).where(
        Expert.is_demo, sa.func.lower(Expert.email) == data["email"].lower()))
    if exists is not None:
        return None
    if data.get("account_email") and not db.session.scalar(
            sa.select(User.id).where(User.email == data["account_email"])):
        data.pop("account_email")
    return services.create_expert(data, actor=organiser, is_demo=True, audit=False)
