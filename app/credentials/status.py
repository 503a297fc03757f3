"""Bitstring Status Lists (W3C Bitstring Status List v1.0): bit i of a list is set when the
credential holding index i is revoked. Bit 0 is the most significant bit of the first byte;
the list is published GZIP-compressed, in base64url multibase, inside a signed credential."""

from __future__ import annotations

import gzip

from sqlalchemy import select

from app.credentials import multibase
from app.credentials.models import LIST_SIZE, REVOCATION, StatusList
from app.extensions import db
from app.timeutil import utcnow


def _new_list() -> StatusList:
    status_list = StatusList(purpose=REVOCATION, size=LIST_SIZE, next_index=0,
                             bits=bytes(LIST_SIZE // 8), updated_at=utcnow())
    db.session.add(status_list)
    db.session.flush()
    return status_list


def allocate() -> tuple[StatusList, int]:
    """The next free index of the current list (a new list when it is full); the row lock
    keeps two issuers from taking the same index."""
    status_list = db.session.scalars(
        select(StatusList).where(StatusList.purpose == REVOCATION)
        .order_by(StatusList.id.desc()).limit(1).with_for_update()).first()
    if status_list is None or status_list.next_index >= status_list.size:
        status_list = _new_list()
    index = status_list.next_index
    status_list.next_index = index + 1
    db.session.flush()
    return status_list, index


def is_set(bits: bytes, index: int) -> bool:
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def set_bit(status_list: StatusList, index: int, value: bool = True) -> bool:
    """Set (or clear) one bit; True when it changed."""
    if is_set(status_list.bits, index) == value:
        return False
    bits = bytearray(status_list.bits)
    if value:
        bits[index // 8] |= 0x80 >> (index % 8)
    else:
        bits[index // 8] &= ~(0x80 >> (index % 8)) & 0xFF
    status_list.bits = bytes(bits)
    status_list.updated_at = utcnow()
    return True


def encode(bits: bytes) -> str:
    return multibase.encode_base64url(gzip.compress(bits, mtime=0))


def decode(encoded: str) -> bytes:
    return gzip.decompress(multibase.decode_base64url(encoded))
