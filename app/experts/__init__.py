"""The expert directory (Program 1): the network's migration experts, searchable, with
privacy (visibility levels of contact details, consent to be listed)."""

from flask import Blueprint

bp = Blueprint("experts", __name__, url_prefix="/experts")

from app.experts import views  # noqa: E402,F401
