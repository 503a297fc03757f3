"""The fixed set of variables a certificate template sees, built from plain values.

Templates get only these names (all values are strings, numbers, lists or dicts of them):

``lang``            main language of the page ("en")
``language``        the official's language on bilingual certificates, or None:
                    {code, name, dir}
``holder``          {name, native_name, native_lang, native_dir}
``workshop``        {title, title_native, courses, dates, dates_native, venue, country,
                    country_native, place, place_native, hours}
``issuer``          who issues the certificate
``certificate``     {serial, code, url, short_url, issued_on, issued_on_native, qr}
``text``            the template's texts in English (after organisers' edits)
``text_native``     the same texts in the official's language ({} if none)
``signatories``     [{name, title, image}] (image: a URL the fetcher serves, or None)
``logos``           [URL, ...]
``specimen``        True for previews and samples (the template prints a SPECIMEN mark)
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_interval

from app.certificates.data import CertificateData
from app.i18n import locale_for
from app.reference import COUNTRIES, LANGUAGES

RTL_LANGUAGES = {"ar", "fa", "he", "ur", "ms-Arab"}

# Script of the first strong letter → BCP 47 tag for the `lang` attribute (it selects
# the right CJK glyph forms and line breaking) and the direction.
SCRIPT_LANGS = [
    ("HANGUL", "ko", "ltr"),
    ("CJK", "zh", "ltr"),
    ("THAI", "th", "ltr"),
    ("LAO", "lo", "ltr"),
    ("KHMER", "km", "ltr"),
    ("MYANMAR", "my", "ltr"),
    ("TAMIL", "ta", "ltr"),
    ("ARABIC", "ms-Arab", "rtl"),
]


def script_of(text: str) -> tuple[str, str]:
    """(lang, dir) guessed from the script of `text`; ("", "ltr") for Latin or empty."""
    for char in text:
        if not char.isalpha():
            continue
        name = unicodedata.name(char, "")
        for marker, lang, direction in SCRIPT_LANGS:
            if name.startswith(marker) or f" {marker} " in f" {name} ":
                return lang, direction
        if "LATIN" in name:
            return "", "ltr"
    return "", "ltr"


def _locale(code: str) -> Locale | None:
    try:
        return locale_for(code.replace("-", "_"))  # Tetum: Portuguese of Timor-Leste
    except (UnknownLocaleError, ValueError):
        return None


def format_day(day: date | None, language: str) -> str:
    if day is None:
        return ""
    locale = _locale(language)
    if locale is None or language == "en":
        return f"{day.day} {format_date(day, 'MMMM y', locale='en')}"
    return format_date(day, "long", locale=locale)


def format_dates(start: date | None, end: date | None, language: str) -> str:
    """A date range: "9–13 March 2026" in English, the locale's own pattern otherwise."""
    if start is None:
        return format_day(end, language)
    if end is None or end == start:
        return format_day(start, language)
    locale = _locale(language)
    if locale is None or language == "en":
        if (start.year, start.month) == (end.year, end.month):
            return f"{start.day}–{end.day} {format_date(end, 'MMMM y', locale='en')}"
        if start.year == end.year:
            month = format_date(start, "MMMM", locale="en")
            return f"{start.day} {month} – {format_day(end, 'en')}"
        return f"{format_day(start, 'en')} – {format_day(end, 'en')}"
    return format_interval(start, end, "yMMMMd", locale=locale)


def country_in(code: str, language: str) -> str:
    if not code or code == "XX":
        return ""
    if language == "en":
        return str(COUNTRIES.get(code, code))
    locale = _locale(language)
    if locale is not None and code in locale.territories:
        return locale.territories[code]
    return str(COUNTRIES.get(code, code))


def _place(venue: str, country: str) -> str:
    if venue and country and country.lower() not in venue.lower():
        return f"{venue}, {country}"
    return venue or country


@dataclass
class RenderJob:
    """Everything one rendering needs, as plain values (no database access while rendering)."""

    data: CertificateData
    serial: str
    code: str
    verify_url: str
    short_url: str
    issued_on: date
    language: str = ""  # the official's language on a bilingual certificate, "" otherwise
    texts: dict[str, str] = field(default_factory=dict)
    texts_native: dict[str, str] = field(default_factory=dict)
    # (name, title, image asset name or None)
    signatories: list[tuple[str, str, str | None]] = field(default_factory=list)
    logos: list[str] = field(default_factory=list)  # template file names or asset names
    # in-memory assets: name → (bytes, mime type)
    assets: dict[str, tuple[bytes, str]] = field(default_factory=dict)
    specimen: bool = False


def asset_url(name: str, assets: dict) -> str:
    return f"akmn-asset:{name}" if name in assets else name


def build_context(job: RenderJob) -> dict:
    data, lang = job.data, job.language
    native_lang, native_dir = script_of(data.holder_native_name)
    country = country_in(data.host_country, "en")
    country_native = country_in(data.host_country, lang) if lang else ""
    language = None
    if lang:
        language = {"code": lang, "name": LANGUAGES.get(lang, lang),
                    "dir": "rtl" if lang in RTL_LANGUAGES else "ltr"}
    return {
        "lang": "en",
        "language": language,
        "holder": {"name": data.holder_name, "native_name": data.holder_native_name,
                   "native_lang": native_lang or lang or "und", "native_dir": native_dir},
        "workshop": {
            "title": data.title,
            "title_native": data.title_native,
            "courses": list(data.course_titles),
            "dates": format_dates(data.start_date, data.end_date, "en"),
            "dates_native": format_dates(data.start_date, data.end_date, lang) if lang else "",
            "venue": data.venue,
            "country": country,
            "country_native": country_native,
            "place": _place(data.venue, country),
            "place_native": _place(data.venue, country_native) if lang else "",
            "hours": (int(data.hours) if data.hours and float(data.hours).is_integer()
                      else data.hours),
        },
        "issuer": data.issuer,
        "certificate": {
            "serial": job.serial,
            "code": job.code,
            "url": job.verify_url,
            "short_url": job.short_url,
            "issued_on": format_day(job.issued_on, "en"),
            "issued_on_native": format_day(job.issued_on, lang) if lang else "",
            "qr": "akmn-asset:qr.png",
        },
        "text": dict(job.texts),
        "text_native": dict(job.texts_native),
        "signatories": [
            {"name": name, "title": title,
             "image": asset_url(image, job.assets) if image else None}
            for name, title, image in job.signatories
        ],
        "logos": [asset_url(name, job.assets) for name in job.logos],
        "specimen": job.specimen,
    }
