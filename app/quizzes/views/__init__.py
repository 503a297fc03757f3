"""The quizzes pages: banks and questions, quiz settings, attempts, grading, results."""

from markupsafe import Markup

from app.i18n import formatted
from app.markdown import render_markdown
from app.quizzes import bp
from app.quizzes.types.numerical import describe_numeric


@bp.app_template_filter("points")
def _points(value) -> str:
    return formatted("number", round(value, 2)) if value is not None else ""


@bp.app_template_filter("quiz_markdown")
def _markdown(text: str) -> Markup:
    return Markup(render_markdown(text))  # noqa: S704 - sanitised by nh3


@bp.app_template_filter("numeric_answer")
def _numeric_answer(answer: dict) -> str:
    return describe_numeric(answer)


from app.quizzes.views import (  # noqa: E402,F401
    grading,
    questions,
    results,
    settings,
    taking,
    translations,
)
