"""The "quiz" module item kind (app.courses.items): a learner's URL, completion (the quiz is
passed), the package hooks of the `quiz:` block and the authoring links."""

from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l

from app.courses.items import ItemKind, PackageHooks, register_item_kind
from app.quizzes import package, services


def quiz_url(item) -> str:
    return url_for("quizzes.item", item_id=item.id)


def quiz_completed(user, items: list) -> set[int]:
    return services.passed_item_ids(user, [item.id for item in items])


QUIZ = ItemKind(
    name="quiz", label=_l("Quiz"), url=quiz_url, completed=quiz_completed,
    package_key="quiz",
    package=PackageHooks(check=package.check, load=package.load, dump=package.dump),
    extra={"create_url": lambda module: url_for("quizzes.create", module=module.id),
           "edit_url": lambda item: url_for("quizzes.item", item_id=item.id, to="edit")},
)


def register() -> None:
    register_item_kind(QUIZ)
