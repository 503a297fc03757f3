"""Interface language and time zone of the current user."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app, has_request_context, request, session
from flask_babel import format_date, format_datetime, format_decimal, format_time
from flask_login import current_user

from app.reference import ALL_TIMEZONES, LANGUAGES, country_name, language_name

TRANSLATIONS_DIR = Path(__file__).parent / "translations"


def interface_languages() -> list[str]:
    """English plus every language with a compiled catalogue."""
    found = ["en"]
    if TRANSLATIONS_DIR.exists():
        for path in sorted(TRANSLATIONS_DIR.iterdir()):
            if (path / "LC_MESSAGES" / "messages.po").exists() and path.name in LANGUAGES:
                found.append(path.name)
    return found


def select_locale() -> str:
    if not has_request_context():
        return "en"  # command line output
    available = current_app.config["INTERFACE_LANGUAGES"]
    if current_user and current_user.is_authenticated and current_user.language in available:
        return current_user.language
    chosen = session.get("lang")
    if chosen in available:
        return chosen
    return request.accept_languages.best_match(available) or "en"


def select_timezone() -> str:
    if not has_request_context():
        return "UTC"
    if current_user and current_user.is_authenticated and current_user.timezone in ALL_TIMEZONES:
        return current_user.timezone
    return current_app.config["DEFAULT_TIMEZONE"]


def init_app(app: Flask) -> None:
    app.config["INTERFACE_LANGUAGES"] = interface_languages()
    app.jinja_env.filters.update(
        datetime=lambda value, fmt="medium": format_datetime(value, fmt) if value else "",
        date=lambda value, fmt="medium": format_date(value, fmt) if value else "",
        time=lambda value, fmt="short": format_time(value, fmt) if value else "",
        number=lambda value: format_decimal(value) if value is not None else "",
        country=country_name,
        language=language_name,
    )
