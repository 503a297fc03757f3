"""The courses domain's registrations: the "lesson" item kind."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.courses.items import ItemKind, register_item_kind
from app.courses.models import LESSON
from app.courses.progress import lessons_completed


class LessonKind(ItemKind):
    """Lessons live in this domain (a Lesson row per item; a .md file in packages)."""

    name = LESSON
    label = _l("Lesson")

    def url(self, item) -> str:
        return url_for("courses.lesson", slug=item.module.course.slug, item_id=item.id)

    def completed(self, user, items: list) -> set[int]:
        return lessons_completed(user, items)

    def minutes(self, item) -> int:
        return item.lesson.minutes if item.lesson is not None else 0

    def add_label(self) -> str:
        return _("Add a lesson")

    def create_url(self, module) -> str:
        return url_for("courses.create_lesson", slug=module.course.slug, module_id=module.id)

    def edit_url(self, item) -> str:
        return url_for("courses.edit_lesson", slug=item.module.course.slug, item_id=item.id)

    def delete_url(self, item) -> str:
        return url_for("courses.delete_lesson", slug=item.module.course.slug, item_id=item.id)


def register() -> None:
    register_item_kind(LessonKind)
