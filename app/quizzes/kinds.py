"""The "quiz" module item kind (app.courses.items): a learner's URL, completion (the quiz is
passed), the authoring links and the `quiz:` block of course packages."""

from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l

from app.courses.items import PackagedItemKind, register_item_kind
from app.quizzes import package, services, translation


class QuizKind(PackagedItemKind):
    name = "quiz"
    label = _l("Quiz")
    package_key = "quiz"

    def url(self, item) -> str:
        return url_for("quizzes.item", item_id=item.id)

    def completed(self, user, items: list) -> set[int]:
        return services.passed_item_ids(user, [item.id for item in items])

    def create_url(self, module) -> str:
        return url_for("quizzes.create", module=module.id)

    def edit_url(self, item) -> str:
        return url_for("quizzes.item", item_id=item.id, to="edit")

    def check_package(self, module_dir, block, path, line):
        return package.check(module_dir, block, path, line)

    def load_package(self, item, module_dir, block) -> None:
        package.load(item, module_dir, block)

    def dump_package(self, item, module_dir):
        return package.dump(item, module_dir)

    def check_translations(self, module_dir, block, path, language, languages):
        return package.check_translations(module_dir, block, path, language, languages)

    def load_translations(self, item, module_dir, block, languages) -> None:
        package.load_translations(item, module_dir, block, languages)

    def dump_translations(self, item, module_dir, languages) -> None:
        package.dump_translations(item, module_dir, languages)

    def translation_counts(self, items, language):
        return translation.question_translation_counts(items, language)


def register() -> None:
    register_item_kind(QuizKind)
