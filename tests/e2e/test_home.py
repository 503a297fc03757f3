"""Journey (issue #17): each demo role signs in and lands on a home of their own — its
sections, at desktop width and on a 390 px phone — then opens the notifications, the
gradebook (trainer, organiser) and the profile's calendar feed, every page checked (axe: no
serious or critical violation, nothing off-site, no horizontal scrolling on the phone)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.steps import DEMO, sign_in, sign_out

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

DEMO_WORKSHOP = "Labour Migration Governance Workshop, Bangkok (demo)"
# role: (section heading, sub-headings, a text of the demo data in the section)
SECTIONS = {
    "learner": ("Learner", ["Continue where you left off", "Next session", "My workshops",
                            "Quizzes open or closing soon", "My certificates", "Announcements"],
                DEMO_WORKSHOP),
    "trainer": ("Trainer", ["Essays to grade", "My courses", "Question banks",
                            "Workshops I train in"], DEMO_WORKSHOP),
    "organiser": ("Organiser", ["Workshops that need action", "Upcoming meetings",
                                "Pilot milestones due"],
                  "Skills recognition and brain circulation between ASEAN and Korea (demo)"),
    # the recent sensitive actions depend on what other journeys did on the shared server
    # (failed sign-ins push the demo's "Certificate issued" entries out of the list)
    "admin": ("Administrator", ["Accounts awaiting action", "Recent sensitive actions"],
              re.compile(r"Certificate issued|Failed sign-in|Signed in|Role")),
}


def _check_home(page, role: str) -> None:
    heading, subheadings, sample = SECTIONS[role]
    expect(page.get_by_role("heading", name="My home", level=1)).to_be_visible()
    section = page.locator(f"section#{role}")
    expect(section.get_by_role("heading", name=heading, level=2)).to_be_visible()
    for name in subheadings:
        expect(section.get_by_role("heading", name=name, exact=True)).to_be_visible()
    expect(section).to_contain_text(sample)
    for other in SECTIONS.keys() - {role}:
        expect(page.locator(f"section#{other}")).to_have_count(0)
    main = page.get_by_role("main")
    expect(main.get_by_role("link", name="Notifications", exact=True)).to_be_visible()
    expect(main.get_by_role("link", name="My calendar feed", exact=True)).to_be_visible()


@pytest.mark.parametrize("role", ["learner", "trainer", "organiser", "admin"])
def test_each_demo_role_lands_on_its_own_home(journey, role):
    j = journey(f"home-{role}")

    page = j.page()
    sign_in(j, page, DEMO[role])
    expect(page).to_have_url(j.base_url + "/")
    _check_home(page, role)
    j.check(page, f"home {role}")

    if role in ("trainer", "organiser"):
        page.locator(f"section#{role}").get_by_role(
            "link", name=re.compile(r"^Gradebook")).first.click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Gradebook")
        j.check(page, f"gradebook from the {role} home")
        page.goto("/")
        j.seen(page)

    page.get_by_role("main").get_by_role("link", name="Notifications", exact=True).click()
    expect(page.get_by_role("heading", name="Notifications", level=1)).to_be_visible()
    j.check(page, "notifications")
    page.goto("/")
    j.seen(page)
    page.get_by_role("main").get_by_role("link", name="My calendar feed", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("calendar")
    j.check(page, "calendar feed")
    page.goto("/account")
    calendar = page.get_by_role("link", name="My calendar feed (create or revoke its address)")
    expect(calendar).to_be_visible()
    j.check(page, "profile with its calendar-feed section")
    sign_out(page)
    j.check(page, "signed out")

    phone = j.page(phone=True)
    sign_in(j, phone, DEMO[role], name="sign in on a phone")
    _check_home(phone, role)
    j.check(phone, f"home {role} at 390 px")

    if role in ("trainer", "organiser"):
        # The gradebook on the phone: the page keeps its width, the grid scrolls in its box
        # under the learners' names, which stay in view (issue 23/16).
        phone.locator(f"section#{role}").get_by_role(
            "link", name=re.compile(r"^Gradebook")).first.click()
        expect(phone.get_by_role("heading", level=1)).to_contain_text("Gradebook")
        j.check(phone, f"gradebook {role} at 390 px")
        grid = phone.locator(".table-wrap").filter(has=phone.locator("table.gradebook"))
        name = phone.locator("table.gradebook tbody th").first
        left = name.bounding_box()["x"]
        scrolled = grid.evaluate("box => { box.scrollLeft = box.scrollWidth; "
                                 "return box.scrollLeft; }")
        assert scrolled > 0, "the demo's gradebook fits 390 px: nothing to scroll"
        assert abs(name.bounding_box()["x"] - left) < 1
