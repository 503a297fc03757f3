"""AKMN Learn: the training platform of the ASEAN-Korea Migration Network."""

from __future__ import annotations

import logging

import email_validator
from flask import Flask, g, request
from werkzeug.middleware.proxy_fix import ProxyFix

from app import db as dbsetup
from app import fastlocals
from app.extensions import compress, csrf, db, limiter, login_manager, migrate
from config import INSTANCE_DIR, load_config

# Demo and test accounts use the reserved .test domain (RFC 2606); accept it in forms.
if "test" in email_validator.SPECIAL_USE_DOMAIN_NAMES:
    email_validator.SPECIAL_USE_DOMAIN_NAMES.remove("test")


def register_blueprints(app: Flask) -> None:
    """Every domain's blueprint (``bp`` in its package), and the public verification pages."""
    from app import (
        admin,
        api,
        auth,
        certificates,
        courses,
        credentials,
        experts,
        gradebook,
        imports,
        main,
        meetings,
        notifications,
        pilots,
        quizzes,
        reports,
        workshops,
    )

    for domain in (main, auth, admin, courses, quizzes, workshops, certificates, credentials,
                   experts, meetings, pilots, reports, notifications, gradebook, imports, api):
        app.register_blueprint(domain.bp)
    app.register_blueprint(certificates.verification_bp)
    app.register_blueprint(meetings.feed_bp)  # /meetings.ics, outside the meetings' prefix


def create_app(config: dict | None = None) -> Flask:
    fastlocals.install()
    app = Flask(__name__, instance_path=str(INSTANCE_DIR), instance_relative_config=False)
    app.config.update(load_config(config))
    app.config.setdefault(
        "SQLALCHEMY_ENGINE_OPTIONS", dbsetup.engine_options(app.config["SQLALCHEMY_DATABASE_URI"])
    )
    if app.config["REDIS_URL"] and not app.config.get("RATELIMIT_STORAGE_URI"):
        app.config["RATELIMIT_STORAGE_URI"] = app.config["REDIS_URL"]
    app.config.setdefault("RATELIMIT_STORAGE_URI", "memory://")
    if app.config["PROXY_FIX_HOPS"]:
        hops = app.config["PROXY_FIX_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///"):
        INSTANCE_DIR.mkdir(parents=True, exist_ok=True)

    logging.basicConfig(level=logging.INFO if not app.testing else logging.WARNING)

    db.init_app(app)
    migrate.init_app(app, db, render_as_batch=True, compare_type=True)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    app.config.setdefault("COMPRESS_MIMETYPES", ["text/html", "text/css", "text/javascript",
                                                 "application/javascript", "application/json",
                                                 "image/svg+xml", "text/calendar", "text/csv"])
    compress.init_app(app)

    from app import i18n

    i18n.init_app(app)  # Flask-Babel, with the catalogues compiled at start-up

    from app import cache, security, web

    security.init_app(app)
    web.init_app(app)
    cache.init_app(app)  # shared rendered fragments (Redis at scale, memory embedded)

    from app.cli import register_cli

    register_blueprints(app)
    register_cli(app)

    from app import jobs
    from app.auth import tasks as _auth_tasks  # noqa: F401  (prunes sign-in attempts)
    from app.mail import tasks as _mail_tasks  # noqa: F401  (declares the mail tasks)

    jobs.init_app(app)

    @app.before_request
    def _mark_read_only():
        view = app.view_functions.get(request.endpoint)
        dbsetup.set_read_only_request(request.method in {"GET", "HEAD", "OPTIONS"},
                                      read_first=getattr(view, "read_first", False))

    if app.testing:
        # Tests keep one app context open across requests; give each request a fresh `g`
        # (signed-in user, locale) as production does. Runs before every other hook.
        def _fresh_globals():
            g.__dict__.clear()

        app.before_request_funcs.setdefault(None, []).insert(0, _fresh_globals)

    @app.after_request
    def _commit(response):
        # One commit per request: handlers add and flush; the request commits here, and a
        # failed request (4xx/5xx or an exception) leaves nothing half-written.
        if response.status_code < 400:
            db.session.commit()
        else:
            db.session.rollback()
        return response

    @app.teardown_request
    def _rollback(exc):
        if exc is not None:
            db.session.rollback()
        # What runs after in this thread (a command, a test's own session) writes as usual.
        dbsetup.set_read_only_request(False)

    return app
