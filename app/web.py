"""Shared web layer: navigation by role, error pages, static file URLs, template helpers, and
the create/edit page every domain's records share (`form_page`)."""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from flask import (
    Flask,
    Response,
    abort,
    current_app,
    flash,
    g,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from markupsafe import Markup
from sqlalchemy import exc as sa_exc
from werkzeug.exceptions import SecurityError

from app.extensions import db
from app.reference import LANGUAGES
from app.urls import base_url, external_url  # noqa: F401  (re-exported)


def form_page(form, template: str, save: Callable, message, done: Callable, *,
              rejects: tuple[type[Exception], ...] = (), field: str = "", **context):
    """A record's create or edit page (post/redirect/get). On a valid POST: `save(form)` (one
    service call), flash `message` (or `message(result)`), return `done(result)` (a
    redirect). A save refused with
    one of the domain errors `rejects` keeps nothing (rollback) and is shown by
    `show_refusal`. Otherwise the page `template` with `form` and `context`."""
    if form.validate_on_submit():
        try:
            result = save(form)
        except rejects as exc:
            db.session.rollback()
            show_refusal(form, exc, field)
        else:
            flash(message(result) if callable(message) else message, "success")
            return done(result)
    return render_template(template, form=form, **context)


def show_refusal(form, exc: Exception, field: str = "") -> None:
    """A domain error on the form: under the field it names (`exc.field`, else `field`), or
    flashed when the form has no such field."""
    name = getattr(exc, "field", None) or field
    if name and name in form:
        form[name].errors = [*form[name].errors, str(exc)]
    else:
        flash(str(exc), "error")


# Navigation: (endpoint, label, roles or None for everybody, signed-in only).
NAV_ITEMS = [
    ("courses.index", _l("Courses"), None, False),
    ("courses.my_learning", _l("My learning"), None, True),
    ("workshops.index", _l("Workshops"), None, False),
    ("certificates.mine", _l("My certificates"), None, True),
    ("experts.index", _l("Experts"), None, False),
    ("meetings.index", _l("Meetings"), None, False),
    ("pilots.public_index", _l("Pilot projects"), None, False),
    ("pilots.index", _l("Pilot projects"), ("organiser",), True),
    ("courses.manage", _l("Authoring"), ("trainer",), True),
    ("quizzes.banks_index", _l("Question banks"), ("trainer", "organiser"), True),
    ("quizzes.grading", _l("Essays to grade"), ("trainer", "organiser"), True),
    ("reports.index", _l("Reports"), ("organiser",), True),
    ("admin.users", _l("Administration"), ("admin",), True),
]


def essays_waiting_count() -> int:
    """The signed-in user's essays to grade, counted once per request (the navigation and
    the trainer's home both show it)."""
    if "akmn_essays_waiting" not in g:
        from app.quizzes.attempts import essays_waiting

        g.akmn_essays_waiting = essays_waiting(current_user)
    return g.akmn_essays_waiting


# Entries that give way to another for these roles (organisers manage every pilot project).
NAV_REPLACED_FOR = {"pilots.public_index": ("organiser",)}

# Entries that show a number beside their label (one cheap query each, only when shown).
NAV_COUNTS = {"quizzes.grading": essays_waiting_count}


def _nav_entries() -> list[tuple[str, object]]:
    """(endpoint, label) of the entries the current user sees (no URL built)."""
    entries = []
    signed_in = current_user.is_authenticated
    for endpoint, label, roles, needs_login in NAV_ITEMS:
        if needs_login and not signed_in:
            continue
        if roles and not (signed_in and current_user.has_role(*roles)):
            continue
        if (endpoint in NAV_REPLACED_FOR and signed_in
                and current_user.has_role(*NAV_REPLACED_FOR[endpoint])):
            continue
        entries.append((endpoint, label))
    return entries


def navigation() -> list[dict]:
    items = []
    for endpoint, label in _nav_entries():
        prefix = endpoint.split(".")[0]
        count = NAV_COUNTS[endpoint]() if endpoint in NAV_COUNTS else None
        items.append(
            {
                "url": url_for(endpoint),
                "label": label,
                "count": count,
                "current": request.blueprint == prefix
                and (request.endpoint == endpoint or endpoint.endswith(".index")),
            }
        )
    return items


HEADER_CSRF_MARK = "@@header-csrf-token@@"


def cached_site_header(render) -> Markup:
    """The site header (`render`: the `site_header` macro). Signed in, it is cached under all
    it shows: language, site root, page (the current entry), the user (id and name), roles
    (which entries), the entries' counts and the figures loaded with the user; the sign-out form's
    CSRF token is stored as a mark and put back. The unread count comes from the user's
    `session_figures` (loaded with the user); without them, and signed out (the sign-in link
    carries the page's own address), the header is rendered each time."""
    figures = current_user.session_figures if current_user.is_authenticated else None
    if figures is None:
        return render()
    from flask_babel import get_locale
    from flask_wtf.csrf import generate_csrf

    from app.cache import cached_fragment

    counts = tuple(NAV_COUNTS[endpoint]() for endpoint, _label in _nav_entries()
                   if endpoint in NAV_COUNTS)
    key = ("site-header", str(get_locale()), request.script_root, request.blueprint or "",
           request.endpoint or "", current_user.id, current_user.name,
           tuple(sorted(current_user.roles)), counts, tuple(sorted(figures.items())))
    token = generate_csrf()
    html = cached_fragment(key, lambda: str(render()).replace(token, HEADER_CSRF_MARK))
    return Markup(str(html).replace(HEADER_CSRF_MARK, token))  # noqa: S704 - our own HTML


# ASCII control characters (CR, LF, NUL …): never part of a redirect target or a header.
CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")
# The database went away (dropped connection, a session left needing a rollback, a full pool).
DATABASE_ERRORS = (sa_exc.PendingRollbackError, sa_exc.OperationalError,
                   sa_exc.InterfaceError, sa_exc.DisconnectionError, sa_exc.TimeoutError)
log = logging.getLogger("akmn.web")


def refuse_control_characters(*values: str | None) -> None:
    """400 when a value meant for a URL or a header holds CR, LF, NUL or another control."""
    if any(value and CONTROL_RE.search(value) for value in values):
        abort(400)


# Links that leave the site: built from PUBLIC_BASE_URL (app/urls.py), never the request.
public_base_url = base_url


def safe_redirect_target(target: str | None) -> str | None:
    if not target or CONTROL_RE.search(target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


@cache
def static_hash(path: str) -> str:
    file = Path(current_app.static_folder) / path
    try:
        return hashlib.sha256(file.read_bytes()).hexdigest()[:12]
    except OSError:
        return "0"


def static_url(filename: str) -> str:
    """A cache-busting URL: static files are cached for a year and change name with content.
    Built once per file and site root (every page names the same six files)."""
    built = current_app.extensions.setdefault("akmn_static_urls", {})
    key = (request.script_root if request else "", filename)
    url = built.get(key)
    if url is None:
        url = built[key] = url_for("static", filename=filename, v=static_hash(filename))
    return url


def _current_language_name() -> str:
    from flask_babel import get_locale

    locale = get_locale()
    return LANGUAGES.get(str(locale) if locale else "en", "English")


def init_app(app: Flask) -> None:
    app.config.setdefault("SEND_FILE_MAX_AGE_DEFAULT", 31536000)
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.globals.update(
        navigation=navigation,
        cached_site_header=cached_site_header,
        essays_waiting_count=essays_waiting_count,
        static_url=static_url,
        interface_languages=lambda: [
            (code, LANGUAGES.get(code, code)) for code in app.config["INTERFACE_LANGUAGES"]
        ],
        platform_name=lambda: app.config["PLATFORM_NAME"],
        current_language_name=_current_language_name,
    )

    @app.context_processor
    def _locale():
        from flask_babel import get_locale

        locale = get_locale()
        return {"current_locale": str(locale) if locale else "en"}

    def _error(code: int, title, message):
        def handler(error):
            original = getattr(error, "original_exception", None)
            if code == 500 and isinstance(original, DATABASE_ERRORS):
                return _database_unavailable(original)
            try:
                return render_template("errors/error.html", code=code, title=title,
                                       message=message, error=error), code
            except DATABASE_ERRORS as exc:  # the page itself needed the database
                return _database_unavailable(exc)

        return handler

    app.register_error_handler(SecurityError, _untrusted_host)
    for database_error in DATABASE_ERRORS:
        app.register_error_handler(database_error, _database_unavailable)

    for code, title, message in (
        (400, _l("Bad request"), _l("The request could not be understood.")),
        (403, _l("Not allowed"), _l("You do not have access to this page.")),
        (404, _l("Page not found"), _l("There is no page at this address.")),
        (405, _l("Not allowed"), _l("This action is not possible here.")),
        (413, _l("File too large"), _l("The file is larger than the upload limit.")),
        (429, _l("Too many attempts"), _l("Please wait a minute before trying again.")),
        (500, _l("Something went wrong"),
         _l("The error has been logged. Please try again later.")),
    ):
        app.register_error_handler(code, _error(code, title, message))

    @app.errorhandler(CSRFError)
    def _csrf(error):
        return render_template(
            "errors/error.html", code=400, title=_l("Form expired"),
            message=_l("The form was not accepted because its security token is missing or "
                       "has expired. Go back, reload the page and submit again."),
            error=error,
        ), 400


def csv_download(text: str, filename: str) -> Response:
    """A CSV file to download, starting with a UTF-8 byte order mark so that Excel reads
    Khmer, Thai, Korean… names as UTF-8 (added once: some producers write it already)."""
    body = text if text.startswith("\ufeff") else "\ufeff" + text
    return Response(body, mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


# Pages that render without the database, url_for or the signed-in user ------------------

def bare_page(code: int, title, message, *, home: bool = True):
    """An error page from the template alone: no context processors (Flask-Login's loads the
    user), no url_for (no URL adapter for an untrusted host), the locale from the session."""
    lang = session.get("lang") if session else None
    if lang not in current_app.config.get("INTERFACE_LANGUAGES", ["en"]):
        lang = "en"
    with force_locale(lang):
        html = current_app.jinja_env.get_template("errors/bare.html").render(
            code=code, title=title, message=message, lang=lang, home=home,
            root=request.script_root or "", platform_name=current_app.config["PLATFORM_NAME"])
    headers = {"Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store"}
    if code == 503:
        headers["Retry-After"] = "30"
    return html, code, headers


def _untrusted_host(error):
    return bare_page(400, _l("Bad request"),
                     _l("This site is not served at the address in the request."), home=False)


def _database_unavailable(error):
    from app.extensions import db

    log.error("database unavailable: %s: %s", type(error).__name__, error)
    try:
        db.session.rollback()
    except Exception:  # the connection is already gone; the page still shows
        log.debug("rollback after a database error failed", exc_info=True)
    return bare_page(503, _l("Temporarily unavailable"),
                     _l("The database cannot be reached at the moment. Please try again in "
                        "a minute."))
