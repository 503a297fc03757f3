"""Merging duplicate records: two records of one person become one.

Every row of any table that refers to `experts.id` is moved from the duplicate to the kept
record. The references are found in the metadata (foreign keys), so links added later by
other domains (speakers, mentors, resource persons…) move too without changes here. Where
a unique constraint would be broken (both records were already speakers of the same
session), the duplicate's row is dropped: the kept record already has the link.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import sqlalchemy as sa

from app import signals
from app.auth.audit import record_audit
from app.experts.models import Expert
from app.experts.services import PROFILE_FIELDS, parse_keywords
from app.extensions import db

# Filled from the duplicate when empty on the kept record.
FILLED_FIELDS = ("native_name", "honorific", "position", "organisation", "organisation_type",
                 "bio")


class MergeError(Exception):
    pass


def expert_references() -> list[tuple[sa.Table, sa.Column]]:
    """(table, column) of every foreign key to experts.id, except the experts table itself."""
    experts_id = Expert.__table__.c.id
    found = []
    for table in db.metadata.sorted_tables:
        if table is Expert.__table__:
            continue
        for fk in table.foreign_keys:
            if fk.column is experts_id:
                found.append((table, fk.parent))
    return found


def _unique_sets(table: sa.Table) -> list[set[str]]:
    sets = []
    for constraint in table.constraints:
        if isinstance(constraint, sa.UniqueConstraint | sa.PrimaryKeyConstraint):
            sets.append({c.name for c in constraint.columns})
    sets.extend({c.name for c in index.columns} for index in table.indexes if index.unique)
    return [s for s in sets if s]


@dataclass
class MergePreview:
    keep: Expert
    duplicate: Expert
    filled: list[str] = field(default_factory=list)
    references: dict[str, int] = field(default_factory=dict)


def _filled_fields(keep: Expert, duplicate: Expert) -> list[str]:
    filled = [f for f in FILLED_FIELDS if not getattr(keep, f) and getattr(duplicate, f)]
    if not keep.email and duplicate.email:
        filled.append("email")
    if not keep.phone and duplicate.phone:
        filled.append("phone")
    if keep.consent_date is None and duplicate.consent_date is not None:
        filled.append("consent_date")
    if keep.user_id is None and duplicate.user_id is not None:
        filled.append("account")
    if keep.photo_row is None and duplicate.photo_row is not None:
        filled.append("photo")
    new_keywords = {k.lower() for k in duplicate.keyword_list} - {
        k.lower() for k in keep.keyword_list}
    if new_keywords:
        filled.append("keywords")
    return filled


def _check(keep: Expert, duplicate: Expert) -> None:
    if keep.id == duplicate.id:
        raise MergeError("a record cannot be merged with itself")


def preview_merge(keep: Expert, duplicate: Expert) -> MergePreview:
    _check(keep, duplicate)
    preview = MergePreview(keep, duplicate, _filled_fields(keep, duplicate))
    for table, column in expert_references():
        count = db.session.scalar(
            sa.select(sa.func.count()).select_from(table).where(column == duplicate.id))
        if count:
            preview.references[table.name] = preview.references.get(table.name, 0) + count
    return preview


def _move_references(keep_id: int, duplicate_id: int) -> dict[str, int]:
    moved: dict[str, int] = {}
    for table, column in expert_references():
        for unique in _unique_sets(table):
            if column.name not in unique:
                continue
            others = unique - {column.name}
            twin = table.alias("twin")
            same = [twin.c[column.name] == keep_id,
                    *(twin.c[name] == table.c[name] for name in sorted(others))]
            db.session.execute(sa.delete(table).where(
                column == duplicate_id, sa.exists().where(*same)))
        result = db.session.execute(
            sa.update(table).where(column == duplicate_id).values({column.name: keep_id}))
        if result.rowcount:
            key = f"{table.name}.{column.name}"
            moved[key] = moved.get(key, 0) + result.rowcount
    return moved


def _renumber(keep: Expert) -> None:
    for position, row in enumerate(keep.language_rows):
        row.position = position
    for position, row in enumerate(keep.publications):
        row.position = position


def merge_experts(keep: Expert, duplicate: Expert, *, actor) -> dict[str, int]:
    """Merge `duplicate` into `keep`; `duplicate` is deleted. Returns rows moved per column."""
    _check(keep, duplicate)
    keep_id, duplicate_id = keep.id, duplicate.id
    snapshot = {f: getattr(duplicate, f) for f in ("name", *PROFILE_FIELDS)}
    snapshot.update(id=duplicate_id, keywords=duplicate.keywords,
                    consent_date=duplicate.consent_date, user_id=duplicate.user_id,
                    created_at=duplicate.created_at)
    filled = _filled_fields(keep, duplicate)
    # The duplicate's photo moves with the generic references (expert_photos) when the
    # kept record has none; otherwise its file is deleted.
    stale_photo = duplicate.photo if "photo" not in filled else None
    if stale_photo is not None:
        duplicate.photo_row = None
    db.session.flush()
    if stale_photo is not None:
        db.session.delete(stale_photo)
        db.session.flush()
    moved = _move_references(keep_id, duplicate_id)
    db.session.expire_all()
    keep = db.session.get(Expert, keep_id)
    duplicate = db.session.get(Expert, duplicate_id)
    for name in FILLED_FIELDS:
        if name in filled:
            setattr(keep, name, getattr(duplicate, name))
    if "email" in filled:
        keep.email, keep.email_visibility = duplicate.email, duplicate.email_visibility
    if "phone" in filled:
        keep.phone, keep.phone_visibility = duplicate.phone, duplicate.phone_visibility
    if "consent_date" in filled:
        keep.consent_date = duplicate.consent_date
        keep.consent_recorded_by_id = duplicate.consent_recorded_by_id
    if "account" in filled:
        keep.user_id, duplicate.user_id = duplicate.user_id, None
    if "keywords" in filled:
        keep.keywords = "; ".join(parse_keywords(keep.keywords + ";" + duplicate.keywords,
                                                 ";"))
    keep.created_at = min(keep.created_at, duplicate.created_at)
    _renumber(keep)
    db.session.flush()
    db.session.delete(duplicate)
    db.session.flush()
    # The kept record now stands where the duplicate did (agendas), perhaps with more filled.
    signals.expert_profile_changed.send(keep, fields=sorted({"merged", *filled}))
    record_audit("expert.merge", actor=actor, target=f"expert:{keep_id}",
                 details=json.dumps({"merged": snapshot, "moved": moved, "filled": filled},
                                    default=str, ensure_ascii=False))
    return moved
