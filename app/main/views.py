"""Home page, /healthz and the language switcher."""

from __future__ import annotations

import time

from flask import abort, current_app, jsonify, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import text

from app import pagefonts
from app.auth.models import LEARNER, ORGANISER, TRAINER
from app.cache import cached_fragment
from app.courses.views.loaders import item_url
from app.extensions import csrf, db, limiter
from app.main import bp
from app.main.home import build_home, learner_key, organiser_key, section_key, trainer_key
from app.web import essays_waiting_count, refuse_control_characters, safe_redirect_target


@bp.route("/")
def index():
    """The visitors' page; a signed-in person's own home (sections by the roles they hold)."""
    if not current_user.is_authenticated:
        return render_template("main/index.html")
    home = build_home(current_user)
    return render_template("main/home.html", home=home,
                           sections=[_section(home, role) for role in home.roles])


def _section(home, role: str) -> Markup:
    """A section of the home, rendered once per state of what it shows (admin: each time)."""
    def render():
        return render_template(f"main/_home_{role}.html", home=home, item_url=item_url)

    if role == LEARNER:
        key = learner_key(home.learner)
    elif role == TRAINER:
        key = trainer_key(home.trainer, essays_waiting_count())
    elif role == ORGANISER:
        key = organiser_key(home.organiser)
    else:
        return Markup(render())  # noqa: S704 - our own template's output
    return cached_fragment(section_key(role, key, language=str(get_locale()),
                                       zone=current_user.timezone), render)


@bp.route("/healthz")
@limiter.exempt
@csrf.exempt
def healthz():
    started = time.perf_counter()
    try:
        db.session.execute(text("SELECT 1")).scalar_one()
    except Exception as exc:
        db.session.rollback()
        if not _may_see_health_details():
            return jsonify(status="error"), 503
        return jsonify(status="error", database="unavailable", error=type(exc).__name__), 503
    elapsed = round((time.perf_counter() - started) * 1000, 2)
    if not _may_see_health_details():
        return jsonify(status="ok")
    return jsonify(status="ok", database="ok", database_ms=elapsed,
                   dialect=db.engine.dialect.name)


def _may_see_health_details() -> bool:
    """Details for a monitor with HEALTHZ_TOKEN, or a check from this machine itself: the
    real peer (before ProxyFix) is loopback and no proxy forwarded the request for someone
    else (a local nginx in front makes every visitor's peer 127.0.0.1)."""
    import hmac

    token = current_app.config.get("HEALTHZ_TOKEN")
    sent = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(sent.encode(), f"Bearer {token}".encode()):
        return True
    environ = request.environ
    peer = environ.get("werkzeug.proxy_fix.orig", {}).get("REMOTE_ADDR",
                                                          environ.get("REMOTE_ADDR"))
    forwarded = "HTTP_X_FORWARDED_FOR" in environ or "HTTP_FORWARDED" in environ
    return peer in {"127.0.0.1", "::1"} and not forwarded


@bp.route("/language")
def language():
    """Every interface language by its own name (endonym), each a button of one form: the
    one page that shows all the scripts, and so the one that downloads their fonts."""
    refuse_control_characters(request.args.get("next"))
    return render_template("main/language.html",
                           next=safe_redirect_target(request.args.get("next")) or "")


@bp.route("/language", methods=["POST"])
def set_language():
    refuse_control_characters(request.form.get("next"))
    lang = request.form.get("lang", "")
    if lang in current_app.config["INTERFACE_LANGUAGES"]:
        session["lang"] = lang
        if current_user.is_authenticated:
            current_user.language = lang
    return redirect(safe_redirect_target(request.form.get("next")) or url_for("main.index"))


def _immutable(response):
    """Cut fonts and their stylesheet change URL with their content: cached for a year."""
    response.cache_control.public = True
    response.cache_control.max_age = 31536000
    response.cache_control.immutable = True
    return response


@bp.route("/fonts/page/<spec>/<signature>.css")
def page_fonts_css(spec: str, signature: str):
    """The @font-face rules of a page's faces cut to its characters (app/pagefonts.py)."""
    try:
        css = pagefonts.stylesheet(spec, signature)
    except pagefonts.BadSubset:
        abort(404)
    return _immutable(current_app.response_class(css, mimetype="text/css"))


@bp.route("/fonts/page/<stem>/<runs>/<signature>.woff2")
def page_font(stem: str, runs: str, signature: str):
    """One script's face cut to a page's characters (app/pagefonts.py)."""
    try:
        data = pagefonts.font(stem, runs, signature)
    except pagefonts.BadSubset:
        abort(404)
    return _immutable(current_app.response_class(data, mimetype="font/woff2"))
