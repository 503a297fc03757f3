"""Journeys on accounts: demo accounts and their navigation, an admin creating a user and
assigning roles, the login rate limit, signing in without JavaScript."""

from __future__ import annotations

import os
import secrets

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import AXE_PATH
from tests.e2e.steps import DEMO, expected_navigation, nav_links, sign_in, sign_out

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.mark.skipif(os.environ.get("AKMN_E2E_WITHOUT_AXE") == "1",
                    reason="AKMN_E2E_WITHOUT_AXE=1: accessibility checks opted out")
def test_axe_core_available(browser):
    """The journeys' accessibility checks need axe-core: it is installed and runs in the
    browser (opt out explicitly with AKMN_E2E_WITHOUT_AXE=1)."""
    assert AXE_PATH.exists(), ("axe-core is not installed: `cd tests/e2e && npm ci` (`make "
                               "test` does it when npm exists)")
    page = browser.new_page()
    try:
        page.set_content("<!doctype html><html lang='en'><title>t</title><p>hi</p></html>")
        page.add_script_tag(content=AXE_PATH.read_text(encoding="utf-8"))
        assert page.evaluate("typeof axe.run") == "function"
    finally:
        page.close()


def test_course_packages_import(live_server):
    """The server was set up like `make load`: the packages in courses/ must import."""
    report = live_server.course_import_report.read_text(encoding="utf-8")
    assert not report, report


# Pages every role's navigation leads to are visited by the learner (public and personal
# pages) and by each role for the pages only that role sees.
ROLE_PAGES = {
    "learner": None,  # every link
    "trainer": {"Authoring"},
    "organiser": {"Pilot projects", "Reports"},
    "admin": {"Administration"},
}


@pytest.mark.parametrize("role", list(ROLE_PAGES))
def test_demo_account_sees_its_navigation(journey, role):
    j = journey(f"demo-{role}")
    page = j.page()
    page.goto("/")
    j.check(page, "home anonymous")
    anonymous = nav_links(page)
    assert "Administration" not in anonymous

    sign_in(j, page, DEMO[role])
    expect(page.get_by_role("status").first).to_contain_text("Welcome,")
    j.check(page, f"home as {role}")
    expected = expected_navigation({role})
    assert nav_links(page) == expected

    visit = ROLE_PAGES[role]
    for label in expected:
        if visit is not None and label not in visit:
            continue
        page.get_by_role("navigation", name="Main").get_by_role("link", name=label,
                                                                exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        link = page.get_by_role("navigation", name="Main").get_by_role("link", name=label,
                                                                       exact=True)
        expect(link).to_have_attribute("aria-current", "page")
        j.check(page, label)

    page.get_by_role("banner").locator(".account-name").click()
    expect(page.get_by_role("heading", name="My profile")).to_be_visible()
    expect(page.locator(".tag", has_text=role)).to_be_visible()
    j.check(page, "profile")
    sign_out(page)
    j.check(page, "signed out")
    assert nav_links(page) == anonymous


def test_admin_creates_user_and_assigns_roles(journey, live_server):
    j = journey("admin-creates-user")
    admin = j.page()
    sign_in(j, admin, DEMO["admin"])
    admin.get_by_role("navigation", name="Main").get_by_role("link",
                                                             name="Administration").click()
    expect(admin.get_by_role("heading", name="Users", level=1)).to_be_visible()
    j.check(admin, "users")

    admin.get_by_role("link", name="New user").click()
    j.check(admin, "new user form")
    # Submitting an empty form shows the problems next to the fields.
    admin.get_by_role("button", name="Save").click()
    expect(admin.get_by_role("alert")).to_contain_text("Please correct the following")
    j.check(admin, "new user errors")

    email = f"somchai-{secrets.token_hex(3)}@example.test"
    admin.get_by_label("E-mail").fill(email)
    admin.get_by_label("Name in Latin script").fill("Somchai PRASERT")
    admin.get_by_label("Name in native script").fill("สมชาย ประเสริฐ")
    admin.get_by_label("Country").select_option("TH")
    admin.get_by_label("Agency or ministry").fill("Department of Employment")
    admin.get_by_label("Position").fill("Labour Officer")
    admin.get_by_label("Preferred language").select_option("en")
    admin.get_by_label("Time zone").select_option("Asia/Bangkok")
    roles = admin.get_by_role("group", name="Roles")
    roles.get_by_label("trainer").check()
    roles.get_by_label("organiser").check()
    admin.get_by_role("button", name="Save").click()
    expect(admin.get_by_role("status").first).to_contain_text(
        "The account of Somchai PRASERT has been created")
    row = admin.get_by_role("row").filter(has_text=email)
    expect(row).to_contain_text("Thailand")
    expect(row).to_contain_text("Organiser")  # role labels, translated like every label
    expect(row).to_contain_text("Trainer")
    j.check(admin, "user created")

    # The new user chooses a password through the invitation and sees both roles' pages.
    link = live_server.last_mail_link(email, "/welcome/")
    user = j.page()
    user.goto(link)
    expect(user.get_by_role("heading", level=1)).to_be_visible()
    j.check(user, "invitation")
    password = "a-long-passphrase-" + secrets.token_hex(4)
    user.get_by_label("New password", exact=True).fill(password)
    user.get_by_label("Repeat the new password").fill(password)
    user.get_by_role("main").get_by_role("button").click()
    expect(user.get_by_role("status").first).to_contain_text("Your password has been set")
    # Choosing the password from the invitation signs the official in.
    j.check(user, "new user home")
    assert nav_links(user) == expected_navigation({"learner", "trainer", "organiser"})

    # The admin takes the trainer role away; the user's next page no longer shows it.
    admin.get_by_role("link", name="Somchai PRASERT").click()
    j.check(admin, "edit user")
    admin.get_by_role("group", name="Roles").get_by_label("trainer").uncheck()
    admin.get_by_role("button", name="Save").click()
    expect(admin.get_by_role("status").first).to_contain_text("Saved.")
    expect(admin.get_by_role("group", name="Roles").get_by_label("trainer")).not_to_be_checked()
    j.check(admin, "user saved")
    user.reload()
    j.check(user, "new user after role change")
    assert nav_links(user) == expected_navigation({"learner", "organiser"})

    admin.get_by_role("link", name="← Users").click()
    j.check(admin, "users after edit")
    admin.get_by_role("link", name="Audit log").click()
    expect(admin.get_by_role("main")).to_contain_text(email)
    j.check(admin, "audit log")


def test_login_rate_limit(journey):
    j = journey("login-rate-limit")
    # Its own client address (the server trusts one proxy hop), so that these failures
    # do not lock the other journeys out.
    page = j.page(headers={"X-Forwarded-For": f"203.0.113.{secrets.randbelow(250) + 1}"})
    email = f"nobody-{secrets.token_hex(3)}@example.test"
    page.goto("/login")
    j.check(page, "sign in")
    for attempt in range(1, 11):
        page.get_by_label("E-mail").fill(email)
        page.get_by_label("Password", exact=True).fill(f"wrong-{attempt}")
        page.get_by_role("main").get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("main")).to_contain_text(
            "The e-mail address or the password is not correct.")
        if attempt in (1, 10):
            j.check(page, f"wrong password {attempt}")
        else:
            j.seen(page)  # the same page as attempt 1
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password", exact=True).fill("wrong-11")
    page.get_by_role("main").get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Too many attempts")
    expect(page.get_by_role("main")).to_contain_text("Please wait a minute")
    j.check(page, "too many attempts")


def test_sign_in_without_javascript(journey):
    j = journey("no-javascript-sign-in")
    page = j.page(javascript=False)
    page.goto("/")
    j.check(page, "home")
    page.get_by_role("banner").get_by_role("link", name="Sign in").click()
    j.check(page, "sign in")
    page.get_by_label("E-mail").fill(DEMO["learner"])
    page.get_by_label("Password", exact=True).fill("not the password")
    page.get_by_role("main").get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("main")).to_contain_text(
        "The e-mail address or the password is not correct.")
    j.check(page, "wrong password")
    page.get_by_label("Password", exact=True).fill("akmn-demo")
    page.get_by_role("main").get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("main")).to_contain_text("Signed in as Sokha CHAN")
    j.check(page, "signed in")
    assert nav_links(page) == expected_navigation({"learner"})
    sign_out(page)
    j.check(page, "signed out")
