"""Courses (Program 2): authoring on the web and as files, studying, progress."""

from flask import Blueprint

bp = Blueprint("courses", __name__, url_prefix="/courses")

from app.courses import kinds, revision  # noqa: E402

kinds.register()
revision.register()  # a change to an outline's rows moves its course's revision

from app.courses import views  # noqa: E402,F401  (registers the routes)
