"""Fixtures of the expert directory tests."""

from __future__ import annotations

import io
from contextlib import contextmanager
from datetime import date

import pytest
from PIL import Image
from sqlalchemy import event

from app.experts import services, taxonomy
from app.extensions import db

CONSENT = date(2024, 5, 1)


@pytest.fixture
def areas(app):
    taxonomy.ensure_default_areas()
    db.session.commit()


@pytest.fixture
def make_expert(app, areas):
    """make_expert(name, **profile) → a saved, listed (consented) expert."""

    def factory(name: str = "TEST Expert", **data):
        data.setdefault("consent_date", CONSENT)
        data.setdefault("country", "TH")
        expert = services.create_expert({"name": name, **data}, actor=None)
        db.session.commit()
        return expert

    return factory


class QueryCounter:
    def __init__(self):
        self.statements: list[str] = []

    @property
    def count(self) -> int:
        return len(self.statements)


@contextmanager
def count_queries():
    counter = QueryCounter()

    def listener(conn, cursor, statement, parameters, context, executemany):
        if not statement.lstrip().upper().startswith(("BEGIN", "SAVEPOINT", "RELEASE")):
            counter.statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        yield counter
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)


def image_bytes(fmt: str = "JPEG", size=(1200, 900), exif: bool = True, mode="RGB",
                orientation: int | None = None) -> bytes:
    image = Image.new(mode, size, (200, 30, 30) if mode == "RGB" else (200, 30, 30, 128))
    out = io.BytesIO()
    kwargs = {}
    if exif:
        data = Image.Exif()
        data[0x010F] = "SecretCam"  # Make
        data[0x0131] = "Editor 1.0"  # Software
        data[0x8825] = {1: "N", 2: (13.0, 45.0, 0.0)}  # GPS latitude
        if orientation:
            data[0x0112] = orientation
        kwargs["exif"] = data.tobytes()
    image.save(out, format=fmt, **kwargs)
    return out.getvalue()
