"""Essay `{}`: the learner writes, a trainer grades with a comment.

Content: {grader_info}. Response: the text written. `grade` gives None (a person grades)
unless nothing was written.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import TextAreaField
from wtforms.validators import Length, Optional

from app.quizzes.forms import QuestionForm
from app.quizzes.types.base import QuestionType, normalise_text
from app.quizzes.types.registry import register

MAX_ESSAY = 20000


class EssayQuestionForm(QuestionForm):
    grader_info = TextAreaField(_l("Information for graders"),
                                validators=[Optional(), Length(max=20000)])


@register
class Essay(QuestionType):
    name, label, position, form_class = "essay", _l("Essay"), 7, EssayQuestionForm
    manual = True
    gift_priority = 10

    def grade(self, data: dict, response: Any) -> tuple[float | None, str]:
        if not normalise_text(response):
            return 0.0, ""  # nothing written: nothing to grade
        return None, ""

    def parse_response(self, form, name: str, order: Any) -> Any:
        return form.get(name, "")[:MAX_ESSAY].strip() or None

    def form_data(self, data: dict) -> dict:
        return {"grader_info": data.get("grader_info", "")}

    def content_from(self, form) -> dict:
        return {"grader_info": (form.grader_info.data or "").strip()}

    def from_gift(self, inner: str, at: int) -> dict | None:
        return {"grader_info": ""} if not inner else None
