"""Quizzes (Program 2): question banks, GIFT, quizzes, attempts, grading, item analysis."""

from flask import Blueprint

bp = Blueprint("quizzes", __name__, url_prefix="/quizzes")

from app.quizzes import kinds  # noqa: E402

kinds.register()

from app.quizzes import views  # noqa: E402,F401  (registers the routes)
