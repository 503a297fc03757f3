"""The courses domain's registrations: the "lesson" item kind."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.courses.items import (
    MISSING,
    NEEDS_UPDATE,
    TRANSLATED,
    ItemKind,
    TranslationCounts,
    register_item_kind,
)
from app.courses.models import LESSON, LessonTranslation
from app.courses.progress import lessons_completed
from app.extensions import db


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

    def translation_counts(self, items: list, language: str) -> TranslationCounts:
        lessons = [item.lesson for item in items if item.lesson is not None]
        made = dict(db.session.execute(
            select(LessonTranslation.lesson_id, LessonTranslation.source_revision)
            .where(LessonTranslation.lesson_id.in_([lesson.id for lesson in lessons]),
                   LessonTranslation.language == language)).all()) if lessons else {}
        counts = TranslationCounts(_l("Lessons"))
        for lesson in lessons:
            state = MISSING if lesson.id not in made else \
                NEEDS_UPDATE if made[lesson.id] < lesson.revision else TRANSLATED
            counts.add(lesson.title, state, url_for(
                "courses.translate_lesson", slug=lesson.item.module.course.slug,
                item_id=lesson.item_id, language=language))
        return counts


def register() -> None:
    register_item_kind(LessonKind)
