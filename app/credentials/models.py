"""Open Badges 3.0 credentials (one per certificate, frozen at issue) and the Bitstring
Status Lists that say which are revoked."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.certificates.models import Certificate
from app.extensions import db
from app.timeutil import utcnow

REVOCATION = "revocation"
# The spec's minimum list size (16 KiB uncompressed): a holder cannot be singled out.
LIST_SIZE = 131072


class StatusList(db.Model):
    """One Bitstring Status List (bit i set: the credential at index i is revoked)."""

    __tablename__ = "credential_status_lists"

    id: Mapped[int] = mapped_column(primary_key=True)
    purpose: Mapped[str] = mapped_column(String(20), default=REVOCATION)
    size: Mapped[int] = mapped_column(Integer, default=LIST_SIZE)
    next_index: Mapped[int] = mapped_column(Integer, default=0)
    bits: Mapped[bytes] = mapped_column(LargeBinary)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class IssuedCredential(db.Model):
    """The signed credential JSON of one certificate, stored exactly as issued."""

    __tablename__ = "issued_credentials"
    __table_args__ = (UniqueConstraint("status_list_id", "status_index"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    certificate_id: Mapped[int] = mapped_column(
        ForeignKey("certificates.id", ondelete="CASCADE"), unique=True)
    status_list_id: Mapped[int] = mapped_column(
        ForeignKey("credential_status_lists.id", ondelete="RESTRICT"), index=True)
    status_index: Mapped[int] = mapped_column(Integer)
    document: Mapped[dict] = mapped_column(JSON)
    signing_key_id: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    certificate: Mapped[Certificate] = relationship()
    status_list: Mapped[StatusList] = relationship()
