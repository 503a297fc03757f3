"""Steps shared by the journeys (signing in and out, reading the navigation)."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.journey import Journey

DEMO_PASSWORD = "akmn-demo"
MENU_BREAKPOINT_PX = 768  # app.css folds the header's navigation at max-width 48rem
DEMO = {role: f"{role}@demo.test" for role in ("learner", "trainer", "organiser", "admin")}


def sign_in(journey: Journey, page: Page, email: str, password: str = DEMO_PASSWORD,
            *, name: str = "sign in") -> None:
    page.goto("/login")
    journey.check(page, name)
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("main").get_by_role("button", name="Sign in").click()
    open_menu(page)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def open_menu(page: Page) -> None:
    """On a phone the navigation and the account are folded behind "Menu": unfold them."""
    if (page.viewport_size or {}).get("width", 1280) > MENU_BREAKPOINT_PX:
        return
    page.wait_for_load_state("load")  # an unstyled page in the middle of loading shows it
    toggle = page.locator("#menu-toggle")
    if page.locator(".menu-button").is_visible() and not toggle.is_checked():
        page.locator(".menu-button").click()
        expect(page.locator("#site-menu")).to_be_visible()


def sign_out(page: Page) -> None:
    open_menu(page)
    # exact: the profile page also has "Sign out other sessions" when there are some
    page.get_by_role("button", name="Sign out", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("You have signed out.")


def nav_links(page: Page, name: str = "Main") -> list[str]:
    open_menu(page)
    nav = page.get_by_role("navigation", name=name)
    return [text.strip() for text in nav.get_by_role("link").all_inner_texts()]


def expected_navigation(roles: set[str]) -> list[str]:
    """The navigation labels (English) a user with these roles should see (no roles: a visitor)."""
    from app.web import NAV_ITEMS, NAV_REPLACED_FOR

    def has(needed) -> bool:
        return bool(roles) and ("admin" in roles or bool(set(needed) & roles))

    labels = []
    for endpoint, label, needed, signed_in in NAV_ITEMS:
        if signed_in and not roles:
            continue
        if needed and not has(needed):
            continue
        if endpoint in NAV_REPLACED_FOR and has(NAV_REPLACED_FOR[endpoint]):
            continue
        labels.append(str(label))
    return labels


def flash(page: Page):
    return page.locator(".flashes")


def text_of(page: Page) -> str:
    return re.sub(r"\s+", " ", page.locator("body").inner_text())


def switch_language(journey: Journey, page: Page, code: str) -> None:
    """The footer's language link, then the language's button on /language (the endonyms
    are only there, so other pages download no script font); back on the same page."""
    before = page.url
    page.locator("#language-link").click()
    expect(page.locator("form.language-choices")).to_be_visible()
    journey.check(page, f"language page, to {code}")
    page.locator(f"form.language-choices button[value='{code}']").click()
    expect(page.locator("html")).to_have_attribute("lang", code)
    assert page.url == before, (page.url, before)
