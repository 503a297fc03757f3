"""Merging duplicates: every link to the duplicate, in any table, moves to the kept record."""

from __future__ import annotations

import io
import json

import pytest
import sqlalchemy as sa

from app.auth.models import AuditEntry
from app.experts import merge, photos
from app.experts.models import Expert, ExpertPublication, expert_areas
from app.extensions import db
from app.files.models import StoredFile
from tests.experts.conftest import image_bytes


@pytest.fixture
def later_domain_table(app):
    """A table another domain might add later (e.g. meeting speakers), unknown to experts."""
    table = sa.Table(
        "test_session_speakers", db.metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("session", sa.String(20), nullable=False),
        sa.Column("expert_id", sa.ForeignKey("experts.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("chair_id", sa.ForeignKey("experts.id", ondelete="SET NULL")),
        sa.UniqueConstraint("session", "expert_id"),
    )
    table.create(db.session.connection())
    db.session.commit()
    yield table
    db.session.rollback()
    table.drop(db.session.connection())
    db.session.commit()
    db.metadata.remove(table)


def test_merge_moves_every_link_and_fills_gaps(app, make_expert, make_user,
                                               later_domain_table):
    organiser = make_user("organiser")
    account = make_user("trainer")
    keep = make_expert("KIM Minji", area_slugs=["gender"], languages=["ko"],
                       keywords=["EPS"], email="", position="")
    dup = make_expert("Minji KIM", native_name="김민지", area_slugs=["gender", "diaspora"],
                      languages=["en", "ko"], keywords=["eps", "care work"],
                      email="minji@x.test", email_visibility="members",
                      position="Senior Researcher", account_email=account.email,
                      publications=[{"title": "A report", "url": "", "year": 2020}])
    speakers = later_domain_table
    db.session.execute(sa.insert(speakers), [
        {"session": "opening", "expert_id": keep.id, "chair_id": dup.id},
        {"session": "opening", "expert_id": dup.id, "chair_id": None},  # both: one stays
        {"session": "panel", "expert_id": dup.id, "chair_id": dup.id},
    ])
    db.session.commit()

    preview = merge.preview_merge(keep, dup)
    assert preview.references["test_session_speakers"] == 4
    assert "native_name" in preview.filled
    assert "account" in preview.filled

    moved = merge.merge_experts(keep, dup, actor=organiser)
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(Expert, dup.id) is None
    keep = db.session.get(Expert, keep.id)
    assert keep.native_name == "김민지"
    assert keep.position == "Senior Researcher"
    assert keep.email == "minji@x.test"
    assert keep.email_visibility == "members"
    assert keep.user_id == account.id
    assert keep.keyword_list == ["EPS", "care work"]
    assert sorted(a.slug for a in keep.areas) == ["diaspora", "gender"]
    assert sorted(keep.languages) == ["en", "ko"]
    assert [p.title for p in keep.publications] == ["A report"]
    rows = db.session.execute(sa.select(speakers.c.session, speakers.c.expert_id,
                                        speakers.c.chair_id).order_by(speakers.c.session))
    assert [tuple(r) for r in rows] == [("opening", keep.id, keep.id),
                                        ("panel", keep.id, keep.id)]
    assert moved["test_session_speakers.chair_id"] == 2
    assert db.session.scalar(sa.select(sa.func.count()).select_from(expert_areas).where(
        expert_areas.c.expert_id == dup.id)) == 0
    audit = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "expert.merge"))
    assert audit.target == f"expert:{keep.id}"
    details = json.loads(audit.details)
    assert details["merged"]["name"] == "Minji KIM"
    assert details["merged"]["email"] == "minji@x.test"


def test_merge_keeps_one_photo(app, make_expert, make_user):
    from werkzeug.datastructures import FileStorage


    organiser = make_user("organiser")
    keep, dup = make_expert("A Person"), make_expert("A PERSON")
    photos.set_photo(dup, FileStorage(io.BytesIO(image_bytes()), "d.jpg"), actor=organiser)
    db.session.commit()
    merge.merge_experts(keep, dup, actor=organiser)
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(Expert, keep.id).photo is not None
    both = make_expert("B Person")
    other = make_expert("B PERSON")
    for expert in (both, other):
        photos.set_photo(expert, FileStorage(io.BytesIO(image_bytes()), "p.jpg"),
                           actor=organiser)
    db.session.commit()
    kept_file = both.photo.id
    merge.merge_experts(both, other, actor=organiser)
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(Expert, both.id).photo.id == kept_file
    assert db.session.scalar(sa.select(sa.func.count()).select_from(StoredFile)) == 2


def test_merge_pages(app, client, make_expert, login_as):
    keep = make_expert("NGUYEN Thi Lan", country="VN", email="lan@x.test")
    dup = make_expert("Nguyen Thi LAN", country="VN", email="LAN@x.test",
                      publications=[{"title": "Paper", "url": "", "year": None}])
    unrelated = make_expert("SOMEONE Else", country="TH")
    login_as("organiser")
    page = client.get(f"/experts/{keep.id}/merge").get_data(as_text=True)
    assert "Nguyen Thi LAN" in page  # same e-mail and family name: suggested
    assert "SOMEONE Else" not in page
    page = client.get(f"/experts/{keep.id}/merge?q=someone").get_data(as_text=True)
    assert "SOMEONE Else" in page
    page = client.post(f"/experts/{keep.id}/merge",
                       data={"duplicate": str(dup.id)}).get_data(as_text=True)
    assert "Check before merging" in page
    assert "expert publications: 1" in page
    assert db.session.get(Expert, dup.id) is not None  # nothing merged yet
    page = client.post(f"/experts/{keep.id}/merge",
                       data={"other_id": str(keep.id)}).get_data(as_text=True)
    assert "Choose another record" in page
    response = client.post(f"/experts/{keep.id}/merge",
                           data={"other_id": str(dup.id), "confirm": "y"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Expert, dup.id) is None
    assert db.session.scalar(sa.select(ExpertPublication.expert_id)) == keep.id
    assert db.session.get(Expert, unrelated.id) is not None


def test_merge_generic_references_include_the_domains_own_tables(app):
    tables = {table.name for table, _column in merge.expert_references()}
    assert {"expert_areas", "expert_languages", "expert_publications",
            "expert_photos"} <= tables
    assert "experts" not in tables
