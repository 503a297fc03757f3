"""Courses (Program 2): authoring on the web and as files, studying, progress."""

from flask import Blueprint

bp = Blueprint("courses", __name__, url_prefix="/courses")

from app.courses import kinds  # noqa: E402

kinds.register()

from app.courses import views  # noqa: E402,F401  (registers the routes)
