"""Fixtures for the courses tests (the factories are in tests/factories.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests import factories
from tests.factories import PDF_BYTES, count_queries, lesson_items, png_bytes  # noqa: F401

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def make_course(make_user):
    """make_course(modules=1, lessons=2, status="published", author=None, **fields): a
    course by a new trainer unless `author` is given (tests.factories.make_course)."""

    def factory(*, author=None, **fields):
        return factories.make_course(author or make_user("trainer"), **fields)

    return factory


@pytest.fixture
def example_package(tmp_path) -> Path:
    """A writable copy of tests/courses/fixtures/example-course."""
    target = tmp_path / "packages" / "example-course"
    shutil.copytree(FIXTURES / "example-course", target)
    return target
