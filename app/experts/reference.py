"""Reference data of the expert directory: the starting taxonomy, the languages offered,
labels of organisation types and visibility levels, and the language of a native name."""

from __future__ import annotations

import functools
import re

from babel import Locale
from flask_babel import get_locale, gettext
from flask_babel import lazy_gettext as _l

from app.experts.models import MEMBERS, ORGANISATION_TYPES, ORGANISERS, PUBLIC
from app.reference import LANGUAGES, country_names


def _n(text: str) -> str:
    """Marks a string for the catalogue without translating it: the migration stores the
    English, and `area_name`/`area_description` translate it on display."""
    return text


# The taxonomy the network starts with (DESIGN.md); seeded by the migration. Organisers
# rename, describe and retire areas later on the "Expertise areas" page.
DEFAULT_AREAS: list[tuple[str, str, str]] = [
    ("labour-migration", _n("Labour migration"),
     _n("Recruitment, employment permit schemes, labour rights and bilateral agreements.")),
    ("marriage-migration", _n("Marriage migration and multicultural families"),
     _n("International marriage, family visas, integration and support of multicultural "
        "families.")),
    ("international-students", _n("International students"),
     _n("Student mobility, scholarships, study-to-work pathways.")),
    ("remittances", _n("Remittances and financial inclusion"),
     _n("Remittance costs and channels, financial literacy, savings and investment.")),
    ("diaspora", _n("Diaspora and brain circulation"),
     _n("Diaspora engagement, skills transfer and the return of talent.")),
    ("return-reintegration", _n("Return and reintegration"),
     _n("Return migration, reintegration programmes, recognition of skills.")),
    ("trafficking-irregular", _n("Trafficking and irregular migration"),
     _n("Trafficking in persons, smuggling, irregular migration and protection of "
        "victims.")),
    ("governance-policy", _n("Migration governance and policy"),
     _n("Migration law, institutions, regional and global frameworks.")),
    ("data-statistics", _n("Migration data and statistics"),
     _n("Censuses, surveys, administrative data and migration indicators.")),
    ("social-protection-health", _n("Social protection and health"),
     _n("Social security, insurance, portability of benefits and migrant health.")),
    ("gender", _n("Gender and migration"),
     _n("Women migrant workers, gender-responsive policies, care work.")),
    ("climate", _n("Climate change and migration"),
     _n("Environmental migration, disaster displacement and planned relocation.")),
]
_DEFAULT_AREA_TEXTS = {slug: (name, description) for slug, name, description in DEFAULT_AREAS}


def area_name(area) -> str:
    """The area's name in the interface language, unless organisers have renamed it."""
    return directory_names().area(area)


def area_description(area) -> str:
    default = _DEFAULT_AREA_TEXTS.get(area.slug)
    if default and area.description == default[1]:
        return gettext(area.description)
    return area.description


ORGANISATION_TYPE_LABELS = {
    "government": _l("Government"),
    "academia": _l("Academia and research"),
    "international": _l("International organisation"),
    "civil-society": _l("Civil society"),
    "private": _l("Private sector"),
}
assert set(ORGANISATION_TYPE_LABELS) == set(ORGANISATION_TYPES)

VISIBILITY_LABELS = {
    PUBLIC: _l("Everyone (public)"),
    MEMBERS: _l("Signed-in members"),
    ORGANISERS: _l("Organisers only"),
}

# Languages offered on the profile form and in the directory filter: the network's
# languages, then others often spoken by experts of the region. CSV files may use any
# BCP 47 language known to Babel (its CLDR data).
SPOKEN_LANGUAGES: list[str] = [*LANGUAGES, "zh", "ja", "ta", "ar", "fr", "es", "de", "ru",
                               "hi", "bn", "ne", "ur"]
_KNOWN = Locale("en").languages
_TAG_RE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")


def normalise_language(code: str) -> str | None:
    """A BCP 47 tag in its usual spelling ("zh-Hant", "pt-BR"), or None when unknown."""
    code = (code or "").strip().replace("_", "-")
    if not _TAG_RE.match(code):
        return None
    language, *rest = code.split("-")
    language = language.lower()
    if language not in _KNOWN or len(rest) > 2:
        return None
    parts = [language]
    for subtag in rest:
        if len(subtag) == 4 and subtag.isalpha() and len(parts) == 1:
            parts.append(subtag.title())  # script
        elif (len(subtag) == 2 and subtag.isalpha()) or (len(subtag) == 3 and subtag.isdigit()):
            parts.append(subtag.upper())  # region
        else:
            return None
    return "-".join(parts)


def spoken_language_name(code: str) -> str:
    """The language's name in the interface language (Babel), else its own name."""
    return directory_names().language(code)


@functools.lru_cache(maxsize=4096)
def _language_name(locale: str, code: str) -> str:
    """`code`'s name in `locale` (a locale identifier, "None" outside a request)."""
    languages = Locale.parse(locale if locale != "None" else "en").languages
    key = code.replace("-", "_")
    name = languages.get(key) or languages.get(key.split("_")[0])
    if name:
        return name
    return LANGUAGES.get(code, code)


def spoken_language_choices(extra: list[str] | None = None) -> list[tuple[str, str]]:
    names = directory_names()
    codes = list(SPOKEN_LANGUAGES)
    for code in extra or []:
        if code not in codes:
            codes.append(code)
    return [(code, names.language(code)) for code in codes]


class DirectoryNames:
    """The names the directory shows in one interface language — countries, spoken
    languages, the starting taxonomy's areas — looked up in dicts built once per language
    (a directory page names up to a hundred of them: one gettext each cost more than the
    rest of the card)."""

    def __init__(self, locale: str):
        self.locale = locale
        self.countries = country_names()
        self.languages = {code: _language_name(locale, code) for code in SPOKEN_LANGUAGES}
        # slug → (the English name the migration stored, its translation)
        self.areas = {slug: (name, gettext(name)) for slug, name, _d in DEFAULT_AREAS}

    def country(self, code: str | None) -> str:
        """As app.reference.country_name."""
        if not code:
            return ""
        return self.countries.get(code, code)

    def language(self, code: str) -> str:
        """As spoken_language_name."""
        return self.languages.get(code) or _language_name(self.locale, code)

    def area(self, area) -> str:
        """As area_name: `area` has a slug and a name (a row or an ExpertiseArea)."""
        default = self.areas.get(area.slug)
        if default and area.name == default[0]:
            return default[1]
        return area.name


@functools.cache
def _directory_names(locale: str) -> DirectoryNames:
    return DirectoryNames(locale)


def directory_names() -> DirectoryNames:
    """The DirectoryNames of the current interface language (built with that language's
    catalogue: the key is the locale gettext uses)."""
    return _directory_names(str(get_locale()))


# Unicode blocks of the scripts used by the network → the language to announce, so that
# screen readers and fonts treat a native name correctly (WCAG 3.1.2, language of parts).
_SCRIPTS = [
    (0x0E00, 0x0E7F, "th"), (0x0E80, 0x0EFF, "lo"), (0x1780, 0x17FF, "km"),
    (0x1000, 0x109F, "my"), (0xAC00, 0xD7AF, "ko"), (0x1100, 0x11FF, "ko"),
    (0x3130, 0x318F, "ko"), (0x0B80, 0x0BFF, "ta"), (0x0600, 0x06FF, "ms-Arab"),
    (0x4E00, 0x9FFF, "zh"),
]
_LATIN_LANG = {"VN": "vi", "ID": "id", "MY": "ms", "BN": "ms", "PH": "fil", "TL": "tet"}


def name_language(text: str, country: str = "") -> str:
    """Best guess of the language a (native) name is written in; "" when unsure."""
    for char in text or "":
        point = ord(char)
        for start, end, lang in _SCRIPTS:
            if start <= point <= end:
                if lang == "ms-Arab" and country not in {"MY", "BN", "SG"}:
                    return "ar"
                return lang
    if text and country in _LATIN_LANG:
        return _LATIN_LANG[country]
    return ""
