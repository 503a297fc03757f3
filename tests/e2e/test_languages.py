"""Journey 7: every interface language, and every script drawn with the self-hosted fonts.

(1) A learner switches to each language the footer's language page offers (English plus each
complete catalogue): the home page, a lesson and a quiz page of Foundations are in that
language, at desktop size and on a 390 px phone, screenshotted and checked with axe-core.
(2) On a Chromium that sees no system Noto font (fontconfig limited to DejaVu), Latin pages
download no font file; a profile whose native name mixes Khmer, Lao and Burmese script, and
the interface in Korean, Khmer, Lao and Burmese, are drawn with the self-hosted subsets — of
the Korean slices, an English page showing a Korean name fetches the names slice only, and
a Korean page of the interface the interface slice besides.
"""

from __future__ import annotations

import os
import re
import secrets

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import CHROMIUM_ARGS, find_chromium
from tests.e2e.server import TRANSLATIONS
from tests.e2e.steps import switch_language

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

NATIVE_NAME = "សុខ ដារា ສົມພອນ မောင်မောင် முருகன்"
SCRIPT_FACES = {"Noto Sans Khmer", "Noto Sans Lao", "Noto Sans Myanmar", "Noto Sans Tamil"}


def _strings(code: str) -> dict[str, str]:
    from babel.messages.pofile import read_po

    with (TRANSLATIONS / code / "LC_MESSAGES" / "messages.po").open("rb") as file:
        return {m.id: m.string for m in read_po(file) if isinstance(m.id, str) and m.string}


FOUNDATIONS = "/courses/migration-development-foundations/"


def _learner(live_server, tag: str) -> tuple[str, str]:
    email = f"{tag}-{secrets.token_hex(3)}@example.test"
    password = f"e2e-{secrets.token_hex(8)}"
    live_server.flask("users", "create", "--email", email, "--name", "PHAN Sokha",
                      "--password", password)
    return email, password


def _sign_in(page, email: str, password: str) -> None:
    page.goto("/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    page.get_by_role("main").get_by_role("button", name="Sign in").click()
    expect(page.locator(".account-name")).to_have_count(1)


def test_every_interface_language(journey, live_server):
    """Each offered language at desktop size and on a 390 px phone: the home page, a lesson
    and a quiz page of Foundations, screenshotted and checked with axe-core (and, on the
    phone, for horizontal scrolling), reached through the footer's language page."""
    email, password = _learner(live_server, "languages")
    j = journey("languages")
    desktop, phone = j.page(), j.page(phone=True)
    for page in (desktop, phone):
        _sign_in(page, email, password)
        j.check(page, "home")
    desktop.goto(FOUNDATIONS)
    j.check(desktop, "foundations")
    outline = desktop.locator(".outline-module a")
    lesson = outline.first.get_attribute("href")
    quiz = desktop.locator(".outline-module a[href*='/quizzes/']").first.get_attribute("href")
    assert "/lessons/" in lesson, lesson
    desktop.goto("/language")
    offered = desktop.locator("form.language-choices button").evaluate_all(
        "buttons => buttons.map(b => b.value)")
    j.check(desktop, "language page")
    assert offered[0] == "en"
    assert len(offered) == 1 + len(list(TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"))), offered
    for code in [*offered[1:], "en"]:
        strings = _strings(code) if code != "en" else {}
        for size, page in (("desktop", desktop), ("phone", phone)):
            page.goto("/")
            j.seen(page)
            switch_language(j, page, code)  # back on the home page, in that language
            if strings:  # the signed-in home (no tagline): the footer's words
                expect(page.locator("#language-link")).to_contain_text(strings["Language"])
                expect(page.get_by_role("contentinfo")).to_contain_text(strings[
                    "AKMN Learn — training platform of the ASEAN-Korea Migration Network."])
            j.check(page, f"home {code} {size}")
            page.goto(lesson)
            expect(page.locator("html")).to_have_attribute("lang", code)
            expect(page.locator("#lesson-title")).to_be_visible()
            j.check(page, f"lesson {code} {size}")
            page.goto(quiz)
            expect(page.locator("html")).to_have_attribute("lang", code)
            if strings and strings.get("Start the quiz"):
                expect(page.get_by_role("main")).to_contain_text(strings["Start the quiz"])
            j.check(page, f"quiz {code} {size}")


SAMPLES = {"Noto Sans Khmer": "ខ្មែរ", "Noto Sans Lao": "ລາວ", "Noto Sans Myanmar": "မြန်မာ",
           "Noto Sans Tamil": "முருகன்", "Noto Sans CJK KR": "김민준"}
KOREAN_INTERFACE_SLICE = "NotoSansKR-Regular.0.woff2"
KOREAN_NAMES_SLICE = "NotoSansKR-Regular.1.woff2"
INTERFACE_FACES = {"km": "Noto Sans Khmer", "lo": "Noto Sans Lao", "my": "Noto Sans Myanmar"}


def _faces_loaded(page, faces) -> None:
    page.evaluate("document.fonts.ready")
    page.wait_for_function(
        "faces => faces.every(f => [...document.fonts].some("
        "  d => d.family.replace(/\"/g, '') === f && d.status === 'loaded'))",
        arg=sorted(faces))
    # The system has no font for these scripts: only the self-hosted faces can draw them.
    for face in faces:
        assert page.evaluate("([f, s]) => document.fonts.check(`16px \"${f}\"`, s)",
                             [face, SAMPLES[face]])


def _korean(fonts: dict[str, str]) -> set[str]:
    return {name for name in fonts if name.startswith("NotoSansKR")}


def _chromium_without_script_fonts(playwright_driver, tmp_path):
    """Chromium whose fontconfig sees DejaVu only: no system font for any Asian script."""
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        "<dir>/usr/share/fonts/truetype/dejavu</dir>"
        f"<cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>", encoding="utf-8")
    return playwright_driver.chromium.launch(
        executable_path=find_chromium(), args=CHROMIUM_ARGS, headless=True,
        env={**os.environ, "FONTCONFIG_FILE": str(conf)})


def test_scripts_render_with_self_hosted_fonts(live_server, tmp_path, playwright_driver):
    email, password = _learner(live_server, "scripts")
    browser = _chromium_without_script_fonts(playwright_driver, tmp_path)
    try:
        context = browser.new_context(base_url=live_server.url)
        page = context.new_page()
        # Font files asked for (the request, not its body: a body is gone once the page has
        # navigated on, and reading it then raised inside the handler, losing the entry).
        fonts: dict[str, str] = {}
        page.on("request", lambda r: fonts.__setitem__(
            re.sub(r"\?.*", "", r.url.rsplit("/", 1)[-1]), r.url)
            if "/static/fonts/" in r.url else None)
        # Latin pages (the footer names only the current language) download no font file.
        for path in ("/", "/login", "/password/forgot"):
            page.goto(path)
            page.evaluate("document.fonts.ready")
        assert fonts == {}, f"a Latin page downloaded {sorted(fonts)}"
        page.goto("/login")
        page.locator("#email").fill(email)
        page.locator("#password").fill(password)
        page.get_by_role("main").get_by_role("button", name="Sign in").click()
        expect(page.locator(".account-name")).to_have_count(1)
        page.evaluate("document.fonts.ready")
        assert fonts == {}, f"the signed-in home page downloaded {sorted(fonts)}"

        page.goto("/account")
        page.locator("#native_name").fill(NATIVE_NAME)
        page.get_by_role("main").get_by_role("button", name="Save").first.click()
        page.goto("/account")
        expect(page.locator("#native_name")).to_have_value(NATIVE_NAME)
        assert page.locator("#native_name").get_attribute("dir") == "auto"
        _faces_loaded(page, SCRIPT_FACES | {"Noto Sans CJK KR"})  # the hint shows 김민준
        assert {"NotoSansKhmer-Regular.woff2", "NotoSansLao-Regular.woff2",
                "NotoSansMyanmar-Regular.woff2", "NotoSansTamil-Regular.woff2"} <= set(fonts)
        assert _korean(fonts) == {KOREAN_NAMES_SLICE}
        page.screenshot(path=str(tmp_path / "scripts.png"), full_page=True)

        # The profile in Korean: the interface and names slices draw it, no other slice loads.
        page.goto("/language")
        page.locator("form.language-choices button[value='ko']").click()
        expect(page.locator("html")).to_have_attribute("lang", "ko")
        page.goto("/account")
        expect(page.locator("html")).to_have_attribute("lang", "ko")
        _faces_loaded(page, {"Noto Sans CJK KR"})
        assert _korean(fonts) == {KOREAN_INTERFACE_SLICE, KOREAN_NAMES_SLICE}
        page.screenshot(path=str(tmp_path / "account-ko.png"), full_page=True)

        # The interface in Khmer, Lao and Burmese: each page draws its script with its face.
        for code, face in INTERFACE_FACES.items():
            if not (TRANSLATIONS / code / "LC_MESSAGES" / "messages.po").exists():
                continue
            page.goto("/language")
            page.locator(f"form.language-choices button[value='{code}']").click()
            expect(page.locator("html")).to_have_attribute("lang", code)
            page.goto("/courses/")
            _faces_loaded(page, {face})
            page.screenshot(path=str(tmp_path / f"courses-{code}.png"), full_page=True)
        page.goto("/language")
        page.locator("form.language-choices button[value='en']").click()
    finally:
        browser.close()


def test_a_meeting_page_draws_its_names_with_faces_cut_to_them(live_server, tmp_path,
                                                               playwright_driver):
    """The demo meeting in Bangkok lists officials and experts in Khmer, Thai, Lao and
    Burmese. On a Chromium without those fonts it must draw every name with faces cut to the
    page (app/pagefonts.py) and fetch none of the whole faces those replace."""
    from app.meetings.demo import BANGKOK_TITLE
    from tests.e2e.steps import DEMO, DEMO_PASSWORD

    browser = _chromium_without_script_fonts(playwright_driver, tmp_path)
    try:
        page = browser.new_context(base_url=live_server.url).new_page()
        _sign_in(page, DEMO["learner"], DEMO_PASSWORD)
        page.goto("/meetings/")
        page.get_by_role("link", name=BANGKOK_TITLE).first.click()
        expect(page.get_by_role("heading", name=BANGKOK_TITLE, level=1)).to_be_visible()
        # Now watch: the fonts this page asks for, once the meeting is open again.
        requested: list[str] = []
        page.on("request", lambda r: requested.append(r.url) if ".woff2" in r.url else None)
        page.reload()
        page.evaluate("document.fonts.ready")
        text = page.locator("main").inner_text()
        shown = {face: sample for face, sample in {
            "Noto Sans Khmer": "ចាន់ សុខា", "Noto Sans Thai": "สมชาย",
            "Noto Sans Lao": "ພອນສະຫວັນ", "Noto Sans Myanmar": "အောင်ကျော်"}.items()
            if sample in text}
        assert "ចាន់ សុខា" in shown.values(), "the learner's own name is not on the page"
        cut = [url for url in requested if "/fonts/page/" in url]
        whole = [url for url in requested if "/static/fonts/" in url
                 and not url.rsplit("/", 1)[-1].startswith("NotoSansKR")]
        assert cut, requested
        assert whole == [], f"whole faces fetched beside the cut ones: {whole}"
        # The system has no font for these scripts and no whole face was fetched: each is
        # drawn by its cut face, loaded (document.fonts.check would also want the whole
        # faces, which cover the same characters, loaded).
        loaded = page.evaluate(
            "[...document.fonts].filter(f => f.status === 'loaded')"
            ".map(f => f.family.replace(/\"/g, ''))")
        assert set(shown) <= set(loaded), (shown, loaded)
        page.screenshot(path=str(tmp_path / "meeting-cut-faces.png"), full_page=True)
    finally:
        browser.close()
