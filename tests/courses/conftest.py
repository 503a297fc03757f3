"""Factories for the courses tests."""

from __future__ import annotations

import io
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import event

from app.courses import services
from app.courses.models import PUBLISHED
from app.extensions import db

FIXTURES = Path(__file__).parent / "fixtures"


def png_bytes(size=(8, 6), color=(200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return buffer.getvalue()


PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def make_course(make_user):
    """make_course(modules=1, lessons=2, status="published", author=None, **fields)."""
    counter = {"n": 0}

    def factory(*, modules: int = 1, lessons: int = 2, status: str = PUBLISHED, author=None,
                **fields):
        counter["n"] += 1
        author = author or make_user("trainer")
        fields.setdefault("title", f"Course {counter['n']}")
        course = services.create_course(author, **fields)
        for m in range(modules):
            module = services.create_module(course, title=f"Module {m + 1}")
            for n in range(lessons):
                services.create_lesson(module, title=f"Lesson {m + 1}.{n + 1}", minutes=10,
                                       body=f"## Part\n\nText of lesson {m + 1}.{n + 1}.")
        if status != "draft":
            services.set_status(course, status)
        db.session.commit()
        return course

    return factory


@pytest.fixture
def example_package(tmp_path) -> Path:
    """A writable copy of tests/courses/fixtures/example-course."""
    target = tmp_path / "packages" / "example-course"
    shutil.copytree(FIXTURES / "example-course", target)
    return target


@contextmanager
def count_queries():
    statements: list[str] = []

    def listener(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)


def lesson_items(course):
    return [item for module in course.modules for item in module.items if item.kind == "lesson"]
