"""Demo experts: fictional, in the network's scripts, idempotent, one linked to the trainer."""

from __future__ import annotations

import sqlalchemy as sa

from app.auth import demo as auth_demo
from app.experts import demo
from app.experts.models import Expert
from app.experts.reference import name_language
from app.extensions import db


def test_demo_load_is_idempotent_and_covers_the_network(app):
    auth_demo.load()
    demo.load()
    db.session.commit()
    demo.load()
    db.session.commit()
    experts = list(db.session.scalars(sa.select(Expert)))
    assert len(experts) == len(demo.DEMO_EXPERTS) >= 12
    assert all(e.is_demo and e.organisation.endswith("(demo)") for e in experts)
    assert {e.country for e in experts} == {"BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG",
                                            "TH", "TL", "VN", "KR"}
    scripts = {name_language(e.native_name, e.country) for e in experts if e.native_name}
    assert {"th", "km", "lo", "my", "vi", "ko", "ms-Arab", "ta"} <= scripts
    trainer = next(e for e in experts if e.user is not None)
    assert trainer.user.email == "trainer@demo.test"
    assert any(e.consent_date is None for e in experts)  # shows "no consent" to organisers


def test_name_language():
    assert name_language("สมชาย", "TH") == "th"
    assert name_language("김민지", "KR") == "ko"
    assert name_language("نور", "MY") == "ms-Arab"
    assert name_language("نور", "XX") == "ar"
    assert name_language("Nguyễn Thị Lan", "VN") == "vi"
    assert name_language("Jane Doe", "XX") == ""
