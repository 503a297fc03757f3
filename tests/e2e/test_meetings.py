"""Journey 5: an organiser adds an expert to the directory and schedules an International
Experts Meeting with them as a speaker; a visitor sees the speaker on the public schedule."""

from __future__ import annotations

import secrets

import pytest
from playwright.sync_api import expect

from tests.e2e.steps import DEMO, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def test_organiser_adds_expert_and_schedules_meeting(journey):
    j = journey("expert-and-meeting")
    tag = secrets.token_hex(2).upper()
    expert_name = f"PHAM Thi Lan {tag}"
    meeting_title = f"Skills recognition for returning workers {tag}"

    page = j.page()
    sign_in(j, page, DEMO["organiser"])
    main_nav = page.get_by_role("navigation", name="Main")

    # The expert.
    main_nav.get_by_role("link", name="Experts", exact=True).click()
    j.check(page, "expert directory")
    page.get_by_role("link", name="New expert").click()
    expect(page.get_by_role("heading", name="New expert", level=1)).to_be_visible()
    j.check(page, "new expert form")
    page.get_by_label("Name in Latin script").fill(expert_name)
    page.get_by_label("Name in native script").fill("Phạm Thị Lan")
    page.get_by_label("Position", exact=True).fill("Director of Overseas Labour")
    page.get_by_label("Organisation", exact=True).fill("Ministry of Labour (demo)")
    page.get_by_label("Country", exact=True).select_option("VN")
    areas = page.get_by_role("group", name="Expertise areas")
    areas.get_by_role("checkbox").first.check()
    page.get_by_label("Consent to be listed, given on").fill("2026-01-15")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(expert_name)
    expect(page.get_by_role("status").first).to_contain_text("has been created")
    j.check(page, "expert profile")

    # The meeting, one day, one session with the expert as speaker.
    main_nav.get_by_role("link", name="Meetings", exact=True).click()
    j.check(page, "meetings")
    page.get_by_role("link", name="Schedule a meeting").click()
    j.check(page, "schedule form")
    page.get_by_label("Number in the series").fill("9")
    page.get_by_label("Title", exact=True).fill(meeting_title)
    page.get_by_label("Time zone of the venue").select_option("Asia/Ho_Chi_Minh")
    page.get_by_label("Starts (time at the venue)").fill("2031-05-12T09:00")
    page.get_by_label("Ends (time at the venue)").fill("2031-05-13T17:00")
    page.get_by_role("group", name="Format").get_by_role("radio").first.check()
    page.get_by_label("Venue", exact=True).fill("Melia Hotel, 44B Ly Thuong Kiet")
    page.get_by_label("City", exact=True).fill("Hanoi")
    page.get_by_label("Country", exact=True).select_option("VN")
    page.get_by_label("Objectives", exact=True).fill(
        "Plan the **recognition of skills** acquired in Korea.")
    page.get_by_role("button", name="Schedule the meeting").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(meeting_title)
    j.check(page, "meeting scheduled")

    # The agenda has a day for each date of the meeting already.
    page.get_by_role("link", name="Add a session").first.click()
    j.check(page, "add a session")
    page.get_by_label("Starts", exact=True).fill("09:30")
    page.get_by_label("Ends", exact=True).fill("10:30")
    page.get_by_label("Title", exact=True).fill("Recognising skills acquired abroad")
    page.get_by_role("button", name="Save the session").click()
    j.check(page, "session saved")
    if not page.get_by_role("heading", name="Chairs and speakers").count():
        page.get_by_role("link", name="Edit, chairs and speakers").first.click()
        j.check(page, "edit session")
    people = page.locator("#people")
    people.get_by_label("Role").select_option(label="Speaker")
    people.get_by_label("Expert from the directory").select_option(
        label=_option_label(people.get_by_label("Expert from the directory"), expert_name))
    people.get_by_role("button", name="Add").click()
    expect(page.locator("#people")).to_contain_text(expert_name)
    j.check(page, "speaker added")

    # A visitor finds the meeting on the public schedule, with the expert as speaker.
    visitor = j.page()
    visitor.goto("/meetings/")
    j.check(visitor, "public schedule")
    visitor.get_by_role("link", name=meeting_title).first.click()
    expect(visitor.get_by_role("heading", level=1)).to_contain_text(meeting_title)
    agenda = visitor.locator("#agenda")
    expect(agenda).to_contain_text("Recognising skills acquired abroad")
    expect(agenda).to_contain_text(expert_name)
    j.check(visitor, "public meeting")
    agenda.get_by_role("link", name=expert_name).first.click()
    expect(visitor.get_by_role("heading", level=1)).to_contain_text(expert_name)
    j.check(visitor, "public expert profile")


def _option_label(select, text: str) -> str:
    for label in select.locator("option").all_inner_texts():
        if text in label:
            return label
    raise AssertionError(f"no option containing {text!r}")
