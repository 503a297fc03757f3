"""Reference data shared by every domain: countries, languages, time zones."""

from __future__ import annotations

import functools
from zoneinfo import available_timezones

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

# The 11 ASEAN Member States and Korea, in ISO 3166-1 alpha-2.
NETWORK_COUNTRIES: dict[str, object] = {
    "BN": _l("Brunei Darussalam"),
    "KH": _l("Cambodia"),
    "ID": _l("Indonesia"),
    "LA": _l("Lao PDR"),
    "MY": _l("Malaysia"),
    "MM": _l("Myanmar"),
    "PH": _l("Philippines"),
    "SG": _l("Singapore"),
    "TH": _l("Thailand"),
    "TL": _l("Timor-Leste"),
    "VN": _l("Viet Nam"),
    "KR": _l("Republic of Korea"),
}
ASEAN_COUNTRIES = [code for code in NETWORK_COUNTRIES if code != "KR"]
OTHER_COUNTRY = "XX"
COUNTRIES: dict[str, object] = {**NETWORK_COUNTRIES, OTHER_COUNTRY: _l("Other")}

# BCP 47 codes of the network's languages, with their names in that language.
LANGUAGES: dict[str, str] = {
    "en": "English",
    "ko": "한국어",
    "id": "Bahasa Indonesia",
    "ms": "Bahasa Melayu",
    "th": "ไทย",
    "vi": "Tiếng Việt",
    "fil": "Filipino",
    "km": "ខ្មែរ",
    "lo": "ລາວ",
    "my": "မြန်မာ",
    "tet": "Tetun",
    "pt": "Português",
}

# Time zones offered first (the region), then every IANA zone.
REGION_TIMEZONES = [
    "Asia/Seoul",
    "Asia/Bangkok",
    "Asia/Brunei",
    "Asia/Dili",
    "Asia/Ho_Chi_Minh",
    "Asia/Jakarta",
    "Asia/Jayapura",
    "Asia/Kuala_Lumpur",
    "Asia/Makassar",
    "Asia/Manila",
    "Asia/Phnom_Penh",
    "Asia/Singapore",
    "Asia/Vientiane",
    "Asia/Yangon",
    "UTC",
]
ALL_TIMEZONES = frozenset(available_timezones()) | {"UTC"}


@functools.cache
def _country_names(locale: str) -> dict[str, str]:
    # Called with the locale gettext uses: the names are a function of it (and the code).
    return {code: str(name) for code, name in COUNTRIES.items()}


def country_names() -> dict[str, str]:
    """{code: name} of COUNTRIES in the interface language, built once per language (pages
    name a country per row: one gettext each cost more than the row). Shared: read only."""
    return _country_names(str(get_locale()))


def country_name(code: str | None) -> str:
    if not code:
        return ""
    return country_names().get(code, code)


def language_name(code: str | None) -> str:
    if not code:
        return ""
    return LANGUAGES.get(code, code)


def country_choices(include_other: bool = True) -> list[tuple[str, str]]:
    names = country_names()
    items = COUNTRIES if include_other else NETWORK_COUNTRIES
    return [(code, names[code]) for code in items]


def language_choices() -> list[tuple[str, str]]:
    return list(LANGUAGES.items())


def timezone_choices() -> list[tuple[str, str]]:
    rest = sorted(ALL_TIMEZONES - set(REGION_TIMEZONES))
    return [(tz, tz) for tz in REGION_TIMEZONES + rest]
