"""Home page, /healthz and the language switcher."""

from __future__ import annotations

import time

from flask import current_app, jsonify, redirect, render_template, request, session, url_for
from flask_login import current_user
from sqlalchemy import text

from app.extensions import csrf, db, limiter
from app.main import bp
from app.web import safe_redirect_target


@bp.route("/")
def index():
    return render_template("main/index.html")


@bp.route("/healthz")
@limiter.exempt
@csrf.exempt
def healthz():
    started = time.perf_counter()
    try:
        db.session.execute(text("SELECT 1")).scalar_one()
    except Exception as exc:
        db.session.rollback()
        return jsonify(status="error", database="unavailable", error=type(exc).__name__), 503
    elapsed = round((time.perf_counter() - started) * 1000, 2)
    return jsonify(status="ok", database="ok", database_ms=elapsed,
                   dialect=db.engine.dialect.name)


@bp.route("/language", methods=["POST"])
def set_language():
    lang = request.form.get("lang", "")
    if lang in current_app.config["INTERFACE_LANGUAGES"]:
        session["lang"] = lang
        if current_user.is_authenticated:
            current_user.language = lang
    return redirect(safe_redirect_target(request.form.get("next")) or url_for("main.index"))
