"""Interface catalogues: the Korean catalogue is complete and safe to format, and the
interface switches to Korean from the footer, for visitors and signed-in users."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask_babel import force_locale, gettext, ngettext

from app.extensions import db
from tests.conftest import login

TRANSLATIONS = Path(__file__).resolve().parent.parent / "app" / "translations"
COMPLETE_LANGUAGES = ["ko", "vi", "th"]  # catalogues that must be 100 % translated
# a string of the home page (tagline) and of the login page (button) in each language
HOME_AND_LOGIN = {
    "ko": ("아세안과 한국의 이주와 개발을 위한 학습", ">로그인<"),
    "vi": ("Học tập vì di cư và phát triển giữa ASEAN và Hàn Quốc", ">Đăng nhập<"),
    "th": ("การเรียนรู้เพื่อการย้ายถิ่นและการพัฒนาในอาเซียนและเกาหลี", ">เข้าสู่ระบบ<"),
}

# printf conversions as Python %-formatting reads them, including the literal "%%"
PLACEHOLDER = re.compile(r"%(?:\([A-Za-z_]\w*\))?[-#0 +]*\d*(?:\.\d+)?[sdrifxX%]")
HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")


def _catalogue(lang: str):
    with open(TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po", "rb") as fh:
        return read_po(fh, locale=lang)


def _messages(lang: str):
    return [m for m in _catalogue(lang) if m.id]


def _pairs(message):
    """(source, translation) for each form: the plural source pairs with every msgstr."""
    ids = message.id if isinstance(message.id, tuple) else (message.id,)
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return [(source, text) for source in ids for text in strings]


def _pairs_text(message):
    return [text for _source, text in _pairs(message)]


@pytest.fixture(autouse=True, scope="module")
def compiled_catalogues():
    """What `make translations` does, so the suite also runs straight from a checkout."""
    for lang in COMPLETE_LANGUAGES:
        po = TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po"
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            with open(mo, "wb") as fh:
                write_mo(fh, _catalogue(lang))


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


def test_footer_offers_korean(client):
    page = client.get("/").get_data(as_text=True)
    assert '<option value="ko" lang="ko"' in page


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
