"""The courses domain's registrations: the "lesson" item kind."""

from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l

from app.courses.items import ItemKind, register_item_kind
from app.courses.progress import lesson_completed


def lesson_url(item) -> str:
    return url_for("courses.lesson", slug=item.module.course.slug, item_id=item.id)


LESSON = ItemKind(name="lesson", label=_l("Lesson"), url=lesson_url, completed=lesson_completed)


def register() -> None:
    register_item_kind(LESSON)
