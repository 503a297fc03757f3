"""Question types: each a class (app.quizzes.types.base.QuestionType) in its own module of
this package, registered in `QUESTION_TYPES` by the `@register` decorator.

Every module of this package is imported here (base, registry and view are the
machinery), so a new type is one module here plus its template
`templates/quizzes/types/<name>.html` — see CONTRIBUTING.md.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

from app.quizzes.types.base import QuestionType, carry_ids, is_empty, new_id, parse_number
from app.quizzes.types.registry import QUESTION_TYPES, register, unregister

_MACHINERY = {"base", "registry", "view"}

for _module in sorted(m.name for m in pkgutil.iter_modules(__path__)):
    if _module not in _MACHINERY and not _module.startswith("_"):
        importlib.import_module(f"{__name__}.{_module}")


def grade(question_type: str, data: dict, response: Any) -> tuple[float | None, str]:
    """Grade a response (pure: a function of the content and the response only)."""
    return QUESTION_TYPES[question_type].grade(data, response)


__all__ = ["QUESTION_TYPES", "QuestionType", "carry_ids", "grade", "is_empty", "new_id",
           "parse_number", "register", "unregister"]
