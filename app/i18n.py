"""Interface language and time zone of the current user.

Which languages the interface offers, and how their catalogues are served:

- A language is offered (footer switcher, profile) only when its catalogue is complete:
  every entry translated and none fuzzy (`interface_languages`).
- The app compiles the catalogues of `TRANSLATIONS_SOURCE_DIR` (default: `app/translations`)
  itself at start-up (`compile_catalogues`) into `TRANSLATIONS_BUILD_DIR` (default:
  `<instance>/translations`), when a `.mo` is missing or
  older than its `.po`. Each write goes to a temporary file renamed into place, so several
  workers starting together never read a half-written catalogue. No `make` step is needed:
  `flask db upgrade && gunicorn wsgi:app` serves every complete language.
- CLDR has no data for some languages of the network. For those, `FORMAT_FALLBACKS` names the
  neighbour whose dates, numbers and plural rules Babel uses, while strings still come from the
  language's own catalogue (`locale_for`): Tetum (`tet`) is formatted as Portuguese (`pt`),
  the other official language of Timor-Leste. `PLURAL_FORMS` holds the gettext plural rule
  such a catalogue must declare, since Babel cannot derive it.
"""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po
from flask import Flask, current_app, has_request_context, request, session
from flask_babel import (
    Domain,
    force_locale,
    format_date,
    format_datetime,
    format_decimal,
    format_time,
)
from flask_login import current_user
from jinja2 import pass_context
from markupsafe import Markup

from app.fastlocals import babel_context as _get_current_context
from app.reference import ALL_TIMEZONES, LANGUAGES, country_name, language_name

log = logging.getLogger(__name__)

TRANSLATIONS_DIR = Path(__file__).parent / "translations"
DOMAIN = "messages"

# Languages CLDR does not describe → the language Babel formats them as (one place, on purpose).
# Tetum → Portuguese as written in Timor-Leste (pt_TL: "5 de março de 2026", "12 345,5").
FORMAT_FALLBACKS: dict[str, str] = {"tet": "pt_TL"}
# gettext plural rules of those languages (Babel derives the others from CLDR). Tetum marks the
# plural with "sira" rather than inflecting, but a count still reads "one" or "several": two
# forms, one and everything else (gettext's classic rule for Portuguese; CLDR's newer
# Portuguese rule adds a third form for millions, which Tetum catalogues need not carry).
PLURAL_FORMS: dict[str, str] = {"tet": "nplurals=2; plural=(n != 1);"}


class FallbackLocale(Locale):
    """A language without CLDR data: named after itself (catalogue lookup, `<html lang>`), with
    the data of `formats_as` for dates, numbers and plural rules."""

    def __init__(self, language: str, formats_as: str) -> None:
        self._formats = Locale.parse(formats_as)
        super().__init__(self._formats.language, self._formats.territory, self._formats.script)
        self.language, self.territory, self.script = language, None, None  # str(self) == "tet"
        self.formats_as = formats_as

    @property
    def _data(self):  # every CLDR lookup of Babel goes through here
        return self._formats._data


def locale_for(code: str | None) -> Locale:
    """The Babel locale of an interface language, Tetum included (see FORMAT_FALLBACKS)."""
    code = code or "en"
    if code in FORMAT_FALLBACKS:
        return FallbackLocale(code, FORMAT_FALLBACKS[code])
    return Locale.parse(code)


def force_language(code: str | None):
    """`flask_babel.force_locale` for any interface language (e-mails in the user's language)."""
    return force_locale(locale_for(code))


def plural_forms(code: str) -> str:
    """The gettext Plural-Forms header a catalogue of this language must declare."""
    if code in PLURAL_FORMS:
        return PLURAL_FORMS[code]
    rule = get_plural(code)
    return f"nplurals={rule.num_plurals}; plural={rule.plural_expr};"


def po_path(code: str, root: Path = TRANSLATIONS_DIR) -> Path:
    return root / code / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalogue(path: Path):
    """The catalogue of a .po file (Tetum too: Babel leaves its locale unset)."""
    with path.open("rb") as fh:
        return read_po(fh, locale=path.parent.parent.name)


def _catalogue_is_complete(catalogue) -> bool:
    if catalogue.fuzzy:
        return False
    for message in catalogue:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not strings or not all(strings):
            return False
    return True


@lru_cache(maxsize=64)
def _complete(path: str, mtime_ns: int, size: int) -> bool:
    return _catalogue_is_complete(read_catalogue(Path(path)))


def catalogue_is_complete(path: Path) -> bool:
    """Every entry translated and none fuzzy (cached per file version: apps start per test)."""
    try:
        stat = path.stat()
    except OSError:
        return False
    return _complete(str(path), stat.st_mtime_ns, stat.st_size)


def interface_languages(root: Path = TRANSLATIONS_DIR) -> list[str]:
    """English plus every network language whose catalogue is complete, in LANGUAGES order."""
    return ["en", *(code for code in LANGUAGES
                    if code != "en" and catalogue_is_complete(po_path(code, root)))]


def language_in_interface(code: str | None) -> str:
    """A language named in the interface's language (CLDR: "Korean" on an English page,
    "영어" for English on a Korean one), the current language by its own name. Pages that list
    languages use this rather than endonyms, which would make a Latin page download the fonts
    of every script it names; the footer's /language page lists the endonyms."""
    from flask_babel import get_locale

    if not code:
        return ""
    locale = get_locale()
    current = str(locale) if locale else "en"
    if code == current:
        return LANGUAGES.get(code, code)
    name = (locale.languages.get(code) if locale else None) or LANGUAGES.get(code, code)
    return name[:1].upper() + name[1:]


def interface_language_choices() -> list[tuple[str, str]]:
    """(code, name) of the languages the interface offers, for the profile's select: each
    named in the interface's language (a select lays out all its options, so endonyms would
    download every script's font)."""
    return [(code, language_in_interface(code))
            for code in current_app.config["INTERFACE_LANGUAGES"]]


def _write_atomically(target: Path, catalogue) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            write_mo(fh, catalogue)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def compile_catalogues(languages: list[str], target: Path,
                       root: Path = TRANSLATIONS_DIR) -> list[str]:
    """Compile each language's .po into `target` when its .mo is missing or older.

    Returns the languages compiled now. Safe with several processes: each writes its own
    temporary file and renames it over the .mo (the same bytes whoever wins)."""
    compiled = []
    for code in languages:
        if code == "en":
            continue
        source = po_path(code, root)
        mo = target / code / "LC_MESSAGES" / f"{DOMAIN}.mo"
        if mo.exists() and mo.stat().st_mtime_ns >= source.stat().st_mtime_ns:
            continue
        _write_atomically(mo, read_catalogue(source))
        compiled.append(code)
    return compiled


def select_locale() -> Locale:
    if not has_request_context():
        return locale_for("en")  # command line output
    available = current_app.config["INTERFACE_LANGUAGES"]
    if current_user and current_user.is_authenticated and current_user.language in available:
        return locale_for(current_user.language)
    chosen = session.get("lang")
    if chosen in available:
        return locale_for(chosen)
    return locale_for(request.accept_languages.best_match(available) or "en")


def select_timezone() -> str:
    if not has_request_context():
        return "UTC"
    if current_user and current_user.is_authenticated and current_user.timezone in ALL_TIMEZONES:
        return current_user.timezone
    return current_app.config["DEFAULT_TIMEZONE"]


def _build_dir(app: Flask) -> Path:
    return Path(app.config.get("TRANSLATIONS_BUILD_DIR")
                or Path(app.instance_path) / "translations")


class RequestDomain(Domain):
    """Flask-Babel's message domain, remembering the request's translations with the locale
    they are for: a page's hundred messages find their catalogue once, not each through the
    locale selector, its identifier and the cache (force_locale sets another locale object:
    a new lookup, and the old one again after it)."""

    def get_translations(self):
        ctx = _get_current_context()
        if ctx is None:
            return super().get_translations()
        locale = getattr(ctx, "babel_locale", None)
        found = getattr(ctx, "akmn_translations", None)
        if locale is not None and found is not None and found[0] is locale:
            return found[1]
        translations = super().get_translations()
        ctx.akmn_translations = (ctx.babel_locale, translations)
        return translations


def _install_request_domain(app: Flask, babel) -> None:
    """The RequestDomain for Python's gettext (flask_babel.gettext…) and the templates'."""
    domain = RequestDomain(domain=app.extensions["babel"].default_domain)
    babel.__dict__["domain_instance"] = domain  # Babel.domain_instance is a cached_property
    # Jinja's callables (its gettext is then replaced by the one-call version below).
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: domain.get_translations().ugettext(s),
        ngettext=lambda s, p, n: domain.get_translations().ungettext(s, p, n),
        pgettext=lambda c, s: domain.get_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: domain.get_translations().unpgettext(c, s, p, n),
        newstyle=True,
    )

    @pass_context
    def gettext(__context, __string: str, **variables):
        """Jinja's newstyle gettext in one call (its `_` is an alias that resolves
        `gettext` and calls it through the context, which calls our function): the same
        result — marked safe under autoescape, always %-formatted."""
        rv = domain.get_translations().ugettext(__string)
        if __context.eval_ctx.autoescape:
            rv = Markup(rv)  # noqa: S704 - our catalogue, as Jinja marks it
        return rv % variables

    app.jinja_env.globals.update(gettext=gettext, _=gettext)


def init_app(app: Flask) -> None:
    """Offer the complete languages, compile their catalogues, wire Flask-Babel and filters."""
    from app.auth.audit import action_label
    from app.auth.models import role_label
    from app.extensions import babel

    root = Path(app.config.get("TRANSLATIONS_SOURCE_DIR") or TRANSLATIONS_DIR)
    languages = interface_languages(root)
    build = _build_dir(app)
    try:
        compile_catalogues(languages, build, root)
    except OSError:
        log.exception("Cannot compile the catalogues into %s: the interface stays in English",
                      build)
        languages = ["en"]
    app.config["INTERFACE_LANGUAGES"] = languages
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(build)
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    _install_request_domain(app, babel)
    app.jinja_env.filters.update(
        datetime=lambda value, fmt="medium": formatted("datetime", value, fmt) if value
        else "",
        date=lambda value, fmt="medium": formatted("date", value, fmt) if value else "",
        time=lambda value, fmt="short": formatted("time", value, fmt) if value else "",
        number=lambda value: formatted("number", value) if value is not None else "",
        country=country_name,
        language=language_name,
        language_here=language_in_interface,  # named in the interface's language
        role=role_label,  # labels defined by their domain, shown in the interface language
        audit_action=action_label,
    )


_FORMATTERS = {
    "datetime": lambda value, fmt: _datetime(value, fmt),
    "date": lambda value, fmt: format_date(value, _no_short_year(fmt)),
    "time": lambda value, fmt: format_time(value, fmt),
    "number": lambda value, _fmt: format_decimal(value),
}


def formatted(kind: str, value, fmt: str = "") -> str:
    """`value` formatted for the reader ("datetime", "date", "time" with a Babel width, or
    "number"), remembered per locale and time zone: a roster's scores and a page's dates
    are formatted once, not through Babel's pattern machinery each time (~80 calls)."""
    from flask_babel import get_locale, get_timezone

    return _formatted(kind, type(value), value, fmt, get_locale(), get_timezone())


@lru_cache(maxsize=8192)
def _formatted(kind: str, _type: type, value, fmt: str, _locale: Locale, _zone) -> str:
    # The key holds everything the result depends on (the type: 1 and 1.0 hash alike); the
    # formatter reads the same locale and zone from the request.
    return _FORMATTERS[kind](value, fmt)


def _no_short_year(fmt: str) -> str:
    """Babel's "short" dates have two-digit years (1/12/26): "medium" everywhere instead."""
    return "medium" if fmt == "short" else fmt


def _datetime(value, fmt: str) -> str:
    """A date and time; "short" is the medium date (four-digit year) with the short time,
    joined by the locale's own pattern (in the user's time zone, as format_datetime)."""
    if fmt != "short":
        return format_datetime(value, fmt)
    from flask_babel import get_locale

    pattern = get_locale().datetime_formats.get("short", "{1} {0}")
    return str(pattern).replace("{1}", format_date(value, "medium")).replace(
        "{0}", format_time(value, "short"))


def iter_catalogues(root: Path = TRANSLATIONS_DIR) -> Iterator[tuple[str, Path]]:
    """(code, .po path) of every catalogue present, complete or not."""
    for code in LANGUAGES:
        path = po_path(code, root)
        if path.exists():
            yield code, path
