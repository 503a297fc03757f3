"""Interface catalogues: the Korean catalogue is complete and safe to format, and the
interface switches to Korean from the footer, for visitors and signed-in users."""

from __future__ import annotations

import os
import re
from datetime import date, datetime
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po
from flask import render_template_string
from flask_babel import (
    force_locale,
    format_date,
    format_decimal,
    get_locale,
    gettext,
    ngettext,
)

from app import create_app
from app.extensions import db
from app.i18n import (
    compile_catalogues,
    force_language,
    interface_languages,
    iter_catalogues,
    plural_forms,
    read_catalogue,
)
from app.reference import LANGUAGES
from tests.conftest import login

TRANSLATIONS = Path(__file__).resolve().parent.parent / "app" / "translations"
# Every catalogue in the repository must be complete (the rule: offered = complete).
CATALOGUES = [code for code, _path in iter_catalogues(TRANSLATIONS)]
# Catalogues that must exist on this branch (the integrator adds ms, fil, pt, tet, km, lo, my).
REQUIRED_CATALOGUES = ["ko", "vi", "th", "id"]
COMPLETE_LANGUAGES = CATALOGUES
# a string of the home page (tagline) and of the login page (button) in each language
HOME_AND_LOGIN = {
    "ko": ("아세안과 한국의 이주와 개발을 위한 학습", ">로그인<"),
    "vi": ("Học tập vì di cư và phát triển giữa ASEAN và Hàn Quốc", ">Đăng nhập<"),
    "th": ("การเรียนรู้เพื่อการย้ายถิ่นและการพัฒนาในอาเซียนและเกาหลี", ">เข้าสู่ระบบ<"),
    "id": ("Pembelajaran untuk migrasi dan pembangunan di ASEAN dan Korea", ">Masuk<"),
}

# printf conversions as Python %-formatting reads them, including the literal "%%"
PLACEHOLDER = re.compile(r"%(?:\([A-Za-z_]\w*\))?[-#0 +]*\d*(?:\.\d+)?[sdrifxX%]")
HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")


def _catalogue(lang: str):
    return read_catalogue(TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po")


def _messages(lang: str):
    return [m for m in _catalogue(lang) if m.id]


def _pairs(message):
    """(source, translation) for each form: the plural source pairs with every msgstr."""
    ids = message.id if isinstance(message.id, tuple) else (message.id,)
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return [(source, text) for source in ids for text in strings]


def _pairs_text(message):
    return [text for _source, text in _pairs(message)]


def test_required_catalogues_exist():
    assert set(REQUIRED_CATALOGUES) <= set(CATALOGUES)


@pytest.mark.parametrize("lang", COMPLETE_LANGUAGES)
def test_catalogue_has_every_message_translated_and_none_fuzzy(lang):
    catalogue = _catalogue(lang)
    messages = _messages(lang)
    assert len(messages) > 500
    untranslated = [m.id for m in messages if not all(_pairs_text(m))]
    fuzzy = [m.id for m in messages if m.fuzzy]
    assert untranslated == []
    assert fuzzy == []
    assert not catalogue.fuzzy  # the header is not fuzzy either


def test_catalogue_has_every_message_of_the_template():
    with open(TRANSLATIONS / "messages.pot", "rb") as fh:
        template_ids = {m.id for m in read_po(fh) if m.id}
    for lang in COMPLETE_LANGUAGES:
        assert template_ids <= {m.id for m in _messages(lang)}, lang


def test_every_message_of_the_source_is_in_the_template_and_translated():
    """Extracted afresh from app/ with babel.cfg and the keywords of `make extract-messages`: a
    string changed in the code but not in the catalogues (a rename that reached into a
    sentence once turned "Optional, e.g. …" into "v.Optional, e.g. …") shows in English."""
    import warnings

    from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    root = TRANSLATIONS.parent.parent
    with open(root / "babel.cfg") as fh:
        method_map, options_map = parse_mapping_cfg(fh)
    keywords = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None, "_n": (1, 2)}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # f-strings given as arguments, not as messages
        source_ids = {message if isinstance(message, str) else message[0]
                      for _file, _line, message, _comments, _context
                      in extract_from_dir(str(root), method_map, options_map,
                                          keywords=keywords) if message}
    assert len(source_ids) > 500
    with open(TRANSLATIONS / "messages.pot", "rb") as fh:
        template_ids = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(fh) if m.id}
    assert sorted(source_ids - template_ids) == []
    for lang in COMPLETE_LANGUAGES:
        translated = {m.id if isinstance(m.id, str) else m.id[0] for m in _messages(lang)
                      if all(_pairs_text(m))}
        assert sorted(source_ids - translated) == [], lang


def test_korean_catalogue_has_a_single_plural_form():
    catalogue = _catalogue("ko")
    assert catalogue.num_plurals == 1
    for message in _messages("ko"):
        if isinstance(message.id, tuple):
            assert len(message.string) == 1, message.id


@pytest.mark.parametrize("lang", COMPLETE_LANGUAGES)
def test_translations_keep_placeholders_and_markup(lang):
    problems = []
    for message in _messages(lang):
        for source, text in _pairs(message):
            if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(text)):
                problems.append(("placeholders", source, text))
            # a lone "%" would break the formatting of template strings
            if "%" in PLACEHOLDER.sub("", text) and "%" not in PLACEHOLDER.sub("", source):
                problems.append(("stray %", source, text))
            if sorted(HTML_TAG.findall(source)) != sorted(HTML_TAG.findall(text)):
                problems.append(("markup", source, text))
            if source.count("\n\n") != text.count("\n\n"):
                problems.append(("paragraphs", source, text))
    assert problems == []


def test_korean_formatting_works_with_the_real_arguments(app):
    with force_locale("ko"):
        assert gettext("Welcome, %(name)s.", name="김민준") == "김민준 님, 환영합니다."
        assert ngettext("%(num)d user", "%(num)d users", 1) == "사용자 1명"
        assert ngettext("%(num)d user", "%(num)d users", 12) == "사용자 12명"
        progress = gettext("Progress toward the target: %(pct)s %%", pct="40")
        assert progress == "목표 대비 진척도: 40%"


def _switch_to_korean(client):
    response = client.post("/language", data={"lang": "ko", "next": "/"})
    assert response.status_code == 302


def test_footer_links_the_language_page_which_offers_korean(client):
    page = client.get("/courses/?page=1").get_data(as_text=True)
    footer = page[page.index('<footer'):]
    link = re.search(r'<a href="([^"]+)" id="language-link">(.*?)</a>', footer, re.S)
    assert link.group(1) == "/language?next=/courses/?page%3D1"
    assert "Language: <span lang=\"en\">English</span>" in link.group(2)
    choices = client.get(link.group(1)).get_data(as_text=True)
    assert '<input type="hidden" name="next" value="/courses/?page=1">' in choices
    button = '<button type="submit" name="lang" value="%s" lang="%s"%s>%s</button>'
    assert button % ("ko", "ko", ' class="secondary"', "한국어") in choices
    assert button % ("en", "en", ' aria-current="true"', "English") in choices


def test_language_page_switches_without_javascript_and_returns_to_the_page(client):
    choices = client.get("/language?next=/login").get_data(as_text=True)
    assert 'action="/language"' in choices
    assert 'name="csrf_token"' in choices
    response = client.post("/language", data={"lang": "km", "next": "/login"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/login"
    page = client.get("/login").get_data(as_text=True)
    footer = page[page.index('<footer'):]
    # The current language by its own name, and the English word for whoever cannot read it.
    assert '<span lang="km">ខ្មែរ</span> <span lang="en">(Language)</span>' in footer


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "javascript:x"])
def test_language_page_ignores_an_outside_next(client, target):
    page = client.get("/language", query_string={"next": target}).get_data(as_text=True)
    form = re.search(r'<form[^>]*class="language-choices".*?</form>', page, re.S).group(0)
    assert 'name="next"' not in form
    assert "evil" not in form


def test_language_page_refuses_control_characters_in_next(client):
    assert client.get("/language?next=/%0d%0aSet-Cookie:x").status_code == 400


def test_visitor_switches_the_home_and_login_pages_to_korean(client):
    assert '<html lang="en">' in client.get("/").get_data(as_text=True)
    _switch_to_korean(client)
    home = client.get("/").get_data(as_text=True)
    assert '<html lang="ko">' in home
    assert "아세안과 한국의 이주와 개발을 위한 학습" in home
    assert "본문 바로가기" in home
    login_page = client.get("/login").get_data(as_text=True)
    assert '<html lang="ko">' in login_page
    assert "비밀번호" in login_page
    assert ">로그인<" in login_page


@pytest.mark.parametrize("lang", COMPLETE_LANGUAGES)
def test_home_and_login_pages_in_every_complete_language(client, lang):
    if lang not in HOME_AND_LOGIN:  # a catalogue merged later: its tagline from the catalogue
        strings = {m.id: m.string for m in _messages(lang) if isinstance(m.id, str)}
        HOME_AND_LOGIN[lang] = (
            strings["Learning for migration and development across ASEAN and Korea"],
            f">{strings['Sign in']}<")
    home_text, login_text = HOME_AND_LOGIN[lang]
    assert client.post("/language", data={"lang": lang}).status_code == 302
    home = client.get("/").get_data(as_text=True)
    assert f'<html lang="{lang}">' in home
    assert home_text in home
    login_page = client.get("/login").get_data(as_text=True)
    assert f'<html lang="{lang}">' in login_page
    assert login_text in login_page


def test_wrong_password_message_is_korean(client, make_user):
    user = make_user()
    _switch_to_korean(client)
    response = client.post("/login", data={"email": user.email, "password": "wrong-password"})
    assert "이메일 주소 또는 비밀번호가 올바르지 않습니다." in response.get_data(as_text=True)


def test_browser_language_selects_korean(client):
    page = client.get("/", headers={"Accept-Language": "ko-KR,ko;q=0.9,en;q=0.5"})
    assert '<html lang="ko">' in page.get_data(as_text=True)


def test_signed_in_user_keeps_korean_as_preferred_language(client, make_user):
    user = make_user(name="Kim Minjun")
    login(client, user)
    _switch_to_korean(client)
    db.session.refresh(user)
    assert user.language == "ko"
    home = client.get("/").get_data(as_text=True)
    assert '<html lang="ko">' in home
    assert "Kim Minjun 님으로 로그인되어 있습니다." in home
    assert "로그아웃" in home
    profile = client.get("/account").get_data(as_text=True)
    assert '<html lang="ko">' in profile
    assert "나의 프로필" in profile


# --- plural forms --------------------------------------------------------------------------

def _normalised(expression: str) -> str:
    expression = expression.replace(" ", "")
    while expression.startswith("(") and expression.endswith(")"):
        expression = expression[1:-1]
    return expression


@pytest.mark.parametrize("lang", COMPLETE_LANGUAGES)
def test_catalogue_declares_the_plural_rule_of_its_language(lang):
    """Babel's rule (CLDR) for every language but Tetum, whose rule app.i18n defines."""
    expected_count, expected_rule = plural_forms(lang).rstrip(";").split("; ")
    with open(TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po", "rb") as fh:
        header = read_po(fh).mime_headers
    declared = dict(header)["Plural-Forms"].rstrip(";").split(";")
    assert declared[0].strip() == expected_count
    assert _normalised(declared[1].strip().removeprefix("plural=")) == _normalised(
        expected_rule.removeprefix("plural="))
    count = int(expected_count.removeprefix("nplurals="))
    plurals = [m for m in _messages(lang) if isinstance(m.id, tuple)]
    assert plurals, "the catalogue has plural entries"
    assert [m.id for m in plurals if len(m.string) != count] == []


def test_tetum_plural_rule_is_defined_and_others_come_from_babel():
    assert plural_forms("tet") == "nplurals=2; plural=(n != 1);"
    assert plural_forms("id").startswith("nplurals=1;")
    assert plural_forms("km").startswith("nplurals=1;")
    assert plural_forms("pt").startswith("nplurals=3;")  # CLDR: one, many (millions), other


# --- offered = complete ----------------------------------------------------------------------

def _copy_catalogue(lang: str, root: Path, edit=None) -> Path:
    catalogue = _catalogue(lang)
    if edit:
        edit(catalogue)
    target = root / lang / "LC_MESSAGES" / "messages.po"
    target.parent.mkdir(parents=True)
    with open(target, "wb") as fh:
        write_po(fh, catalogue)
    return target


def test_only_complete_catalogues_are_offered(tmp_path):
    def blank_one(catalogue):
        message = next(m for m in catalogue if m.id == "Sign in")
        message.string = ""

    def fuzzy_one(catalogue):
        next(m for m in catalogue if m.id == "Sign in").flags.add("fuzzy")

    _copy_catalogue("ko", tmp_path)
    _copy_catalogue("th", tmp_path, blank_one)
    _copy_catalogue("vi", tmp_path, fuzzy_one)
    assert interface_languages(tmp_path) == ["en", "ko"]


def test_switcher_and_profile_offer_exactly_the_complete_languages(client, make_user):
    offered = ["en", *(code for code in LANGUAGES if code in CATALOGUES)]
    assert client.application.config["INTERFACE_LANGUAGES"] == offered
    page = client.get("/language").get_data(as_text=True)
    switcher = re.search(r'<form[^>]*class="language-choices".*?</form>', page, re.S).group(0)
    options = re.findall(r'<button type="submit" name="lang" value="([^"]+)" lang="([^"]+)"'
                         r'[^>]*>([^<]+)</button>', switcher)
    assert options == [(code, code, LANGUAGES[code]) for code in offered]
    login(client, make_user())
    profile = client.get("/account").get_data(as_text=True)
    select = re.search(r'<select[^>]*name="language".*?</select>', profile, re.S).group(0)
    assert re.findall(r'<option[^>]*value="([^"]+)"', select) == offered
    # named in the interface's language: an English profile page shows no other script
    assert re.findall(r'<option[^>]*>([^<]+)</option>', select)[:3] == [
        "English", "Korean", "Indonesian"]
    client.post("/language", data={"lang": "ko"})
    profile = client.get("/account").get_data(as_text=True)
    select = re.search(r'<select[^>]*name="language".*?</select>', profile, re.S).group(0)
    assert re.findall(r'<option[^>]*>([^<]+)</option>', select)[:3] == [
        "영어", "한국어", "인도네시아어"]
    assert "Tetun" not in select or "tet" in CATALOGUES


# --- catalogues served without a build step ---------------------------------------------------

def test_fresh_app_without_compiled_catalogues_serves_korean(tmp_path):
    build = tmp_path / "translations"
    assert not build.exists()
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://",
                      "TRANSLATIONS_BUILD_DIR": str(build)})
    mo = build / "ko" / "LC_MESSAGES" / "messages.mo"
    assert mo.exists()
    page = app.test_client().get("/", headers={"Accept-Language": "ko"}).get_data(as_text=True)
    assert '<html lang="ko">' in page
    assert "아세안과 한국의 이주와 개발을 위한 학습" in page


def test_stale_compiled_catalogue_is_rebuilt(tmp_path):
    build = tmp_path / "translations"
    mo = build / "ko" / "LC_MESSAGES" / "messages.mo"
    mo.parent.mkdir(parents=True)
    mo.write_bytes(b"not a catalogue")
    os.utime(mo, ns=(0, 0))  # older than the .po
    assert compile_catalogues(["en", "ko"], build) == ["ko"]
    assert compile_catalogues(["en", "ko"], build) == []  # up to date: untouched
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://",
                      "TRANSLATIONS_BUILD_DIR": str(build)})
    page = app.test_client().get("/login", headers={"Accept-Language": "ko"})
    assert ">로그인<" in page.get_data(as_text=True)
    assert not list(mo.parent.glob("*.tmp"))


# --- Tetum: its own strings, Portuguese (Timor-Leste) formats ---------------------------------

TETUM = {"Language": "Lian", "Sign in": "Tama", "Change": "Troka", "Main": "Prinsipál"}


@pytest.fixture
def tetum_app(tmp_path):
    """An app whose sources hold a complete Tetum catalogue (Tetum words for a few strings)."""
    def tetum(catalogue):
        catalogue.locale = "tet"  # unknown to Babel: the header names it, the rule is ours
        catalogue._num_plurals, catalogue._plural_expr = 2, "(n != 1)"
        for message in catalogue:
            if not message.id:
                continue
            if isinstance(message.id, tuple):
                message.string = tuple(f"[tet] {source}" for source in message.id)
            else:
                message.string = TETUM.get(message.id, f"[tet] {message.id}")

    root = tmp_path / "src"
    target = _copy_catalogue("ko", root, tetum)
    target.parent.parent.rename(root / "tet")
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://",
                      "TRANSLATIONS_SOURCE_DIR": str(root),
                      "TRANSLATIONS_BUILD_DIR": str(tmp_path / "build")})
    return app


def test_tetum_page_shows_tetum_strings(tetum_app):
    assert tetum_app.config["INTERFACE_LANGUAGES"] == ["en", "tet"]
    client = tetum_app.test_client()
    assert client.get("/").status_code == 200  # session cookie and CSRF token
    with client.session_transaction() as session:
        session["lang"] = "tet"
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="tet">' in page
    assert 'Lian: <span lang="tet">Tetun</span> <span lang="en">(Language)</span>' in page
    assert ">Tama<" in page
    choices = client.get("/language").get_data(as_text=True)
    assert '<h1>Lian <span lang="en">(Language)</span></h1>' in choices
    assert 'value="tet" lang="tet" aria-current="true">Tetun</button>' in choices


def test_tetum_dates_and_numbers_are_portuguese_of_timor_leste(tetum_app):
    template = "{{ day|date('long') }} | {{ 12345.5|number }} | {{ _('Language') }}"
    with tetum_app.test_request_context("/"):
        from flask import session

        session["lang"] = "tet"
        text = render_template_string(template, day=date(2026, 3, 5))
    assert text == "5 de março de 2026 | 12\N{NO-BREAK SPACE}345,5 | Lian"


def test_tetum_mail_language_uses_the_tetum_catalogue(tetum_app):
    with tetum_app.test_request_context("/"), force_language("tet"):
        assert gettext("Sign in") == "Tama"
        assert str(get_locale()) == "tet"
        assert format_date(date(2026, 3, 5), "long") == "5 de março de 2026"
        # the Tetum catalogue's plural entry, chosen by Tetum's rule (nplurals=2), not English
        two = ngettext("%(num)d user", "%(num)d users", 2)
        assert "2" in two
        assert two != "2 users"


def test_remembered_formats_follow_the_language_and_the_time_zone(app):
    """The filters remember what they formatted per language and time zone: the same value
    read in another language, or by someone in another zone, is formatted again."""
    from flask import g

    template = "{{ at|datetime('short') }} | {{ at|time }} | {{ n|number }} | {{ one|number }}"
    at = datetime(2026, 3, 5, 23, 30)  # stored as naive UTC

    def show(lang: str, zone: str) -> str:
        with app.test_request_context("/"):
            from flask import session
            from flask_babel import refresh

            session["lang"] = lang
            g.akmn_zone = zone
            refresh()  # the fixture's app context (and its `g`) outlives each request here
            return render_template_string(template, at=at, n=12345.5, one=1.0)

    real = app.extensions["babel"].timezone_selector
    try:
        app.extensions["babel"].timezone_selector = lambda: g.akmn_zone
        for _ in range(2):  # the second time from memory: the same
            assert show("en", "UTC") == "Mar 5, 2026, 11:30\u202fPM | 11:30\u202fPM | 12,345.5 | 1"
            assert show("id", "UTC") == "5 Mar 2026 23.30 | 23.30 | 12.345,5 | 1"
            seoul = "Mar 6, 2026, 8:30\u202fAM | 8:30\u202fAM | 12,345.5 | 1"
            assert show("en", "Asia/Seoul") == seoul
    finally:
        app.extensions["babel"].timezone_selector = real


def test_indonesian_dates_and_numbers(app):
    template = "{{ day|date('long') }} | {{ 12345.5|number }} | {{ _('Language') }}"
    with app.test_request_context("/"):
        from flask import session

        session["lang"] = "id"
        text = render_template_string(template, day=date(2026, 3, 5))
    assert text == "5 Maret 2026 | 12.345,5 | Bahasa"
    with app.test_request_context("/"), force_language("id"):
        assert format_date(date(2026, 3, 5), "long") == "5 Maret 2026"
        assert format_decimal(0.5) == "0,5"


# --- fonts ---------------------------------------------------------------------------------

STATIC = Path(__file__).resolve().parent.parent / "app" / "static"
FONT_FACE = re.compile(r"@font-face \{([^}]*)\}")
SAMPLES = {"Noto Sans Thai": "ภาษาไทย", "Noto Sans Lao": "ພາສາລາວ",
           "Noto Sans Khmer": "ភាសាខ្មែរ", "Noto Sans Myanmar": "မြန်မာဘာသာ",
           "Noto Naskh Arabic": "بهاس ملايو", "Noto Sans Tamil": "முருகன் செல்வராஜ்",
           "Noto Sans CJK KR": "한국어 김민준"}


def _faces():
    css = (STATIC / "css" / "fonts.css").read_text()
    faces = []
    for body in FONT_FACE.findall(css):
        family = re.search(r'font-family: "([^"]+)"', body).group(1)
        url = re.search(r'url\("\.\./fonts/([^"]+)"\) format\("woff2"\)', body).group(1)
        ranges = []
        for low, high in re.findall(r"U\+([0-9A-F]+)(?:-([0-9A-F]+))?",
                                    body.split("unicode-range:")[1]):
            ranges.append((int(low, 16), int(high or low, 16)))
        faces.append((family, url, ranges))
    return faces


def _covered(ranges, char):
    return any(low <= ord(char) <= high for low, high in ranges)


def _cmap(url: str) -> set[int]:
    from fontTools.ttLib import TTFont

    return set(TTFont(str(STATIC / "fonts" / url)).getBestCmap())


def test_every_script_has_a_self_hosted_face_that_draws_it():
    faces = _faces()
    assert {family for family, _url, _ranges in faces} == set(SAMPLES)
    for _family, url, _ranges in faces:
        assert (STATIC / "fonts" / url).read_bytes()[:4] == b"wOF2", url
    for family, sample in SAMPLES.items():
        for char in sample.replace(" ", ""):
            # the faces of the family whose unicode-range has the character (several weights,
            # or one Korean slice) must draw it
            drawing = [url for name, url, ranges in faces
                       if name == family and _covered(ranges, char)]
            assert drawing, (family, char)
            assert all(ord(char) in _cmap(url) for url in drawing), (family, char, drawing)
    assert (STATIC / "fonts" / "OFL.txt").read_text().count("SIL OPEN FONT LICENSE") >= 1


@pytest.mark.parametrize(("lang", "family"), [("th", "Noto Sans Thai"), ("lo", "Noto Sans Lao"),
                                              ("km", "Noto Sans Khmer"),
                                              ("my", "Noto Sans Myanmar")])
def test_each_interface_is_drawn_by_its_script_face(lang, family):
    """Every character of a script's interface (the catalogue's translations) falls in its
    self-hosted face's unicode-range and is drawn by it: the trimmed Burmese face (the Myanmar
    block's U+1000–104F, no Shan or Mon letters) still draws the whole Myanmar interface."""
    if lang not in CATALOGUES:
        pytest.skip(f"no {lang} catalogue")
    faces = [(url, ranges) for name, url, ranges in _faces() if name == family]
    assert faces
    scripts = {"th": (0x0E00, 0x0E7F), "lo": (0x0E80, 0x0EFF), "km": (0x1780, 0x17FF),
               "my": (0x1000, 0x109F)}
    low, high = scripts[lang]
    chars = {char for message in _messages(lang)
             for text in (message.string if isinstance(message.string, tuple)
                          else [message.string]) if text
             for char in text if low <= ord(char) <= high}
    assert len(chars) > 20
    for url, ranges in faces:
        drawn = _cmap(url)
        for char in chars:
            assert _covered(ranges, char), (lang, url, char)
            assert ord(char) in drawn, (lang, url, char)
    if lang == "my":  # one weight: bold Burmese is synthesised (a 23 KB download, not 79)
        assert [Path(url).name for url, _r in faces] == ["NotoSansMyanmar-Regular.woff2"]
        assert (STATIC / "fonts" / faces[0][0]).stat().st_size < 25 * 1024


def test_latin_pages_download_no_font():
    latin = [chr(code) for code in range(0x20, 0x250)] + list("–—‘’“”…€₫")
    for family, url, ranges in _faces():
        assert not any(_covered(ranges, char) for char in latin), (family, url)


def _script_faces_drawn(html: str) -> set[str]:
    return {family for family, _url, ranges in _faces()
            if any(_covered(ranges, char) for char in set(html))}


@pytest.mark.parametrize("lang", ["en", "id", "vi", "pt"])
def test_latin_interface_pages_show_no_character_of_a_script_font(client, make_user, lang):
    """The footer names only the current language: nothing on an English (or Indonesian,
    Vietnamese, Portuguese) page falls in a self-hosted face's unicode-range, so no font
    file downloads (tests/e2e/test_languages.py checks it in Chromium)."""
    if lang != "en" and lang not in CATALOGUES:
        pytest.skip(f"no {lang} catalogue")
    client.post("/language", data={"lang": lang})
    for url in ("/", "/login", "/password/forgot"):
        assert _script_faces_drawn(client.get(url).get_data(as_text=True)) == set(), url
    login(client, make_user(name="Maria Santos"))
    client.post("/language", data={"lang": lang})
    profile = client.get("/account").get_data(as_text=True)
    # The profile's language select names the languages in the interface's language; only
    # the native-name hint shows other scripts, on purpose (examples: 김민준, ສົມພອນ).
    hint = re.search(r'<p class="hint" id="native_name-hint">.*?</p>', profile, re.S).group(0)
    assert _script_faces_drawn(profile.replace(hint, "")) == set()


def test_language_page_shows_every_script_of_the_offered_languages(client):
    script = {"ko": "Noto Sans CJK KR", "th": "Noto Sans Thai", "lo": "Noto Sans Lao",
              "km": "Noto Sans Khmer", "my": "Noto Sans Myanmar"}
    expected = {script[code] for code in CATALOGUES if code in script}
    assert expected
    assert _script_faces_drawn(client.get("/language").get_data(as_text=True)) == expected


KOREAN_SLICE = re.compile(r"NotoSansKR-Regular\.(\d+)\.woff2")


def _korean_slices() -> dict[int, tuple[str, set[int]]]:
    """Slice number → (file, code points of its unicode-range)."""
    slices = {}
    for family, url, ranges in _faces():
        if family == "Noto Sans CJK KR":
            number = int(KOREAN_SLICE.fullmatch(url).group(1))
            slices[number] = (url, {code for low, high in ranges for code in range(low, high + 1)})
    return dict(sorted(slices.items()))


def _hangul(texts) -> set[int]:
    return {ord(char) for text in texts for char in text if "가" <= char <= "힣"}


def _catalogue_syllables() -> set[int]:
    texts = []
    for message in _messages("ko"):
        texts += message.string if isinstance(message.string, tuple) else [message.string]
    return _hangul(texts)


def _font_kb(urls) -> float:
    return sum((STATIC / "fonts" / Path(url).name).stat().st_size for url in urls) / 1024


def test_korean_slices_draw_their_range_and_together_what_the_single_subset_drew():
    """The Korean face is one family in slices: each file draws exactly the code points of
    its unicode-range (no slice downloads for nothing, none draws a character another slice
    claims), each ≤ 40 KB, and together they draw what the single 160 KB file drew: the 2,350
    syllables of KS X 1001, the compatibility jamo and the CJK brackets."""
    ks_x_1001 = {code for code in range(0xAC00, 0xD7A4)
                 if len(chr(code).encode("euc_kr")) == 2}  # the others need 8-byte sequences
    assert len(ks_x_1001) == 2350
    single = (ks_x_1001 | set(range(0x3131, 0x318F)) | set(range(0x3001, 0x3004))
              | set(range(0x3008, 0x3012)))
    slices = _korean_slices()
    assert len(slices) >= 3
    assert list(slices) == list(range(len(slices)))
    union: set[int] = set()
    for url, points in slices.values():
        assert (STATIC / "fonts" / url).stat().st_size <= 40 * 1024, url
        assert _cmap(url) == points, url
        assert not union & points, url
        union |= points
    assert single <= union
    assert union - single <= _catalogue_syllables()  # a rarer syllable only if the UI has it
    assert not (STATIC / "fonts" / "NotoSansKR-Regular.woff2").exists()


def test_korean_stylesheet_is_built_from_the_current_catalogue():
    """`make fonts` was run after the last change of the Korean catalogue: the committed
    slices are those the build computes now."""
    from app.webfonts import KOREAN, faces

    built = [face.codepoints() for face in faces() if face.family == KOREAN]
    assert built == [sorted(points) for _url, points in _korean_slices().values()]


def test_korean_interface_pages_download_the_interface_and_names_slices_only(client):
    """A Korean page of the interface (its catalogue, its dates) needs two slices: the
    interface's syllables and the names' (~40 KB together), not the whole 160 KB subset."""
    from bench.web import css_loads

    slices = _korean_slices()
    two = {slices[0][0], slices[1][0]}
    drawn = slices[0][1] | slices[1][1]
    assert _catalogue_syllables() <= drawn
    template = "{{ day|date('full') }} {{ day|datetime('short') }} {{ day|date('long') }}"
    with client.application.test_request_context("/"):
        from flask import session

        session["lang"] = "ko"
        dates = [render_template_string(template, day=datetime(2026, 3, day, 14, 5))
                 for day in range(1, 8)]  # every weekday
    assert "2026년 3월 5일 목요일" in dates[4]
    assert _hangul(dates) <= drawn
    css = (STATIC / "css" / "fonts.css").read_text()
    client.post("/language", data={"lang": "ko"})
    for url in ("/", "/login", "/password/forgot"):
        html = client.get(url).get_data(as_text=True)
        assert '<html lang="ko">' in html
        fonts = {Path(u).name for u in css_loads(css, html) if "NotoSansKR" in u}
        assert fonts, url  # the page shows Korean
        assert fonts <= two, (url, fonts)
        assert _font_kb(fonts) <= 45, (url, fonts)


@pytest.mark.parametrize("name", ["김민준", "이서연", "박지훈", "최예린", "정하윤"])
def test_an_english_page_naming_a_korean_trainer_downloads_at_most_40_kb_of_font(name):
    """Like the course outline of the benchmark: English text and one Korean name."""
    from bench.web import css_loads

    css = (STATIC / "css" / "fonts.css").read_text()
    html = ("<main><h1>Migration and development foundations</h1><p>4 modules · 12 lessons "
            f"– trainer: {name} (Seoul)</p><p>Learn about labour migration…</p></main>")
    fonts = [url for url in css_loads(css, html) if url.endswith(".woff2")]
    assert fonts
    assert _font_kb(fonts) <= 40, fonts


def _compressed(data: bytes) -> int:
    import brotli

    return len(brotli.compress(data))


def test_khmer_page_first_visit_stays_under_150_kb(client, make_user):
    """HTML + CSS + JS (compressed as served) + the Khmer faces the page needs."""
    user = make_user(name="Sok Dara", native_name="សុខ ដារា")
    login(client, user)
    html = client.get("/account").get_data()
    assert "សុខ ដារា".encode() in html
    total = _compressed(html)
    for asset in re.findall(rb'(?:href|src)="(/static/[^"?]+\.(?:css|js))', html):
        total += _compressed((STATIC / asset.decode().removeprefix("/static/")).read_bytes())
    khmer = [url for family, url, _ranges in _faces() if family == "Noto Sans Khmer"]
    assert len(khmer) == 2  # regular and bold
    total += sum((STATIC / "fonts" / url).stat().st_size for url in khmer)
    assert total < 150 * 1024, total


def test_pages_link_the_font_faces_and_the_csp_allows_them(client):
    response = client.get("/")
    assert "font-src 'self'" in response.headers["Content-Security-Policy"]
    page = response.get_data(as_text=True)
    assert re.search(r'<link rel="stylesheet" href="/static/css/fonts\.css\?v=\w+">', page)
    font = client.get("/static/fonts/NotoSansKhmer-Regular.woff2")
    assert font.status_code == 200
    assert font.get_data()[:4] == b"wOF2"
    font.close()


def test_native_name_fields_follow_their_script_direction(client, make_user):
    login(client, make_user(native_name="ڤوتري"))
    profile = client.get("/account").get_data(as_text=True)
    field = re.search(r'<input[^>]*name="native_name"[^>]*>', profile).group(0)
    assert 'dir="auto"' in field
    assert 'value="ڤوتري"' in field


# --- what the Korean and Thai interfaces used to show in English ------------------------------

def _strings(lang: str) -> dict[str, str]:
    return {m.id: m.string for m in _messages(lang) if isinstance(m.id, str)}


@pytest.mark.parametrize("lang", ["ko", "th"])
def test_role_names_and_audit_actions_are_translated(client, make_user, lang):
    strings = _strings(lang)
    admin = make_user(("admin", "trainer"), language=lang)
    login(client, admin)  # records "login.success"
    profile = client.get("/account").get_data(as_text=True)
    assert f'<span class="tag">{strings["Administrator"]}</span>' in profile
    assert f'<span class="tag">{strings["Trainer"]}</span>' in profile
    assert '<span class="tag">admin</span>' not in profile
    audit = client.get("/admin/audit").get_data(as_text=True)
    assert f"{strings['Signed in']} <code>login.success</code>" in audit
    users = client.get("/admin/users").get_data(as_text=True)
    assert f'<option value="organiser">{strings["Organiser"]}</option>' in users


@pytest.mark.parametrize("lang", ["ko", "th"])
def test_expertise_areas_of_the_starting_taxonomy_are_translated(app, client, make_user, lang):
    from app.experts import taxonomy
    from app.experts.models import ExpertiseArea

    strings = _strings(lang)
    taxonomy.ensure_default_areas()
    renamed = db.session.scalars(
        db.select(ExpertiseArea).filter_by(slug="climate")).one()
    renamed.name = "Climate mobility"  # renamed by organisers: shown as they wrote it
    db.session.commit()
    login(client, make_user("organiser", language=lang))
    page = client.get("/experts/").get_data(as_text=True)
    assert f'<option value="labour-migration">{strings["Labour migration"]}</option>' in page
    assert '<option value="climate">Climate mobility</option>' in page
    areas = client.get("/experts/areas").get_data(as_text=True)
    assert strings["Censuses, surveys, administrative data and migration indicators."] in areas


@pytest.mark.parametrize("lang", ["ko", "th"])
def test_certificate_template_names_are_translated(client, make_user, lang):
    strings = _strings(lang)
    login(client, make_user("organiser", language=lang))
    page = client.get("/certificates/templates").get_data(as_text=True)
    assert f'<h2 class="h3">{strings["Classic"]}</h2>' in page
    assert f'<h2 class="h3">{strings["Bilingual"]}</h2>' in page


def test_font_stack_puts_the_script_faces_before_the_system_font():
    """Chromium does not look past system-ui for a script the system font lacks: the script
    faces (limited to their scripts by unicode-range) come first."""
    css = (STATIC / "css" / "app.css").read_text()
    stack = re.search(r"--font:([^;]+);", css).group(1)
    families = [part.strip().strip('"') for part in stack.split(",")]
    system = families.index("system-ui")
    assert set(SAMPLES) <= set(families[:system])


def test_tetum_certificate_dates_are_portuguese_of_timor_leste():
    from app.certificates.rendering.context import format_day

    assert format_day(date(2026, 3, 5), "tet") == "5 de março de 2026"
    assert format_day(date(2026, 3, 5), "id") == "5 Maret 2026"


THAI_SIGN_OUT = "ออกจากระบบ"


def test_the_request_remembers_its_translations_and_force_locale_still_switches(app):
    """app.i18n.RequestDomain: one catalogue lookup per request and locale, in Python code
    and in templates, and force_locale (mail, certificates in the holder's language) still
    switches and switches back."""
    from flask import render_template_string, session
    from flask_babel import force_locale, gettext

    with app.test_request_context("/"):
        session["lang"] = "ko"
        assert gettext("Sign out") == "로그아웃"
        assert render_template_string("{{ _('Sign out') }}") == "로그아웃"
        with force_locale("th"):
            assert gettext("Sign out") == THAI_SIGN_OUT
            assert render_template_string("{{ _('Sign out') }}") == THAI_SIGN_OUT
        assert gettext("Sign out") == "로그아웃"
        with force_locale("en"):
            assert render_template_string("{{ _('Sign out') }}") == "Sign out"
        assert render_template_string("{{ _('Sign out') }}") == "로그아웃"
