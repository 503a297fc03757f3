"""Journey 1b (issue #16): the cohort's learner journey on a phone, with a prerequisite and a
dropped connection.

A fresh organiser builds a workshop on a course that has a prerequisite outside the workshop
(warned, not refused); a fresh learner enrols on a 390 px phone, opens the course (the
prerequisite is advice for them), studies every item, loses the connection during the timed
quiz and presses Save and Finish while offline, reconnects, passes, and downloads the
certificate. And every lesson of the shipped courses fits 320 px and 390 px.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
import textwrap

import pytest
from playwright.sync_api import expect

from tests.e2e.server import ROOT
from tests.e2e.steps import DEMO, DEMO_PASSWORD, open_menu, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

HELD = "You are offline. Your answers are kept on this device"
HEADER_MAX_PX = 70
LONG_URL = ("https://www.example.org/labour-migration/asean-korea/employment-permit-system/"
            "memoranda-of-understanding/2024/annex-recruitment-costs-and-social-protection.pdf")
GIFT = """\
::mou:: Korea's Employment Permit System admits workers under bilateral agreements. {T}

::remit:: Money that migrants send home is called…
{=remittances ~tariffs ~subsidies}
"""


def _package(root, tag: str) -> tuple[str, str]:
    """A small course package with a prerequisite, a wide table, a long URL and a timed
    quiz: (slug, title)."""
    slug, title = f"return-skills-{tag}", f"Return and Skills {tag}"
    course = root / slug
    module = course / "modules" / "01-return"
    module.mkdir(parents=True)
    (course / "course.yaml").write_text(textwrap.dedent(f"""\
        slug: {slug}
        title: "{title}"
        summary: "Returning officials' skills, a short course for the phone journey."
        language: en
        level: intermediate
        hours: 1
        topics: [return-reintegration]
        prerequisites: [migration-development-foundations]
        resource_persons: []
        """), encoding="utf-8")
    (module / "module.yaml").write_text(textwrap.dedent("""\
        title: "Return and reintegration"
        summary: "Skills gained abroad and how they are used at home."
        quiz:
          title: "Return quiz"
          questions: questions.gift
          pass_mark: 60
          attempts: 3
          time_limit: 15
          shuffle_questions: false
          shuffle_answers: false
          grading: highest
          feedback: after_submit
        """), encoding="utf-8")
    (module / "questions.gift").write_text(GIFT, encoding="utf-8")
    columns = ["Country", "Returnees 2022", "Returnees 2023", "Returnees 2024",
               "Main sector", "Recognition of prior learning", "Reintegration office"]
    rows = "\n".join("| " + " | ".join([country, "1,200", "1,350", "1,410",
                                         "Manufacturing and shipbuilding", "Partial",
                                         "Overseas Employment Administration"]) + " |"
                     for country in ("Viet Nam", "Cambodia", "Lao PDR"))
    (module / "01-returning-home.md").write_text(
        "---\ntitle: \"Returning home with skills\"\nminutes: 5\n---\n"
        "## Who comes back\n\n| " + " | ".join(columns) + " |\n|" + "---|" * len(columns)
        + "\n" + rows + "\n\nThe memorandum is at " + LONG_URL + " (annex "
        "Recruitmentcostsandsocialprotectionforreturningworkersinthemanufacturingsector).\n",
        encoding="utf-8")
    (module / "02-using-skills.md").write_text(
        "---\ntitle: \"Using the skills at home\"\nminutes: 5\n---\n"
        "## Recognition\n\nSkills gained in Korea are recognised through **RPL**.\n",
        encoding="utf-8")
    return slug, title


def _header_height(page) -> float:
    return page.locator(".site-header").bounding_box()["height"]


def test_cohort_learner_on_a_phone_with_a_prerequisite_and_a_dropped_connection(
        journey, live_server, tmp_path):
    tag = secrets.token_hex(2)
    _slug, course_title = _package(tmp_path / "packages", tag)
    live_server.flask("courses", "import", str(tmp_path / "packages"), "--publish",
                      "--author", DEMO["trainer"])
    organiser = {"email": f"organiser-{tag}@example.test", "name": "RAHMAN Aisyah",
                 "password": f"e2e-organiser-{secrets.token_hex(6)}"}
    learner = {"email": f"learner-{tag}@example.test", "name": "PHOMMACHANH Noy",
               "password": f"e2e-learner-{secrets.token_hex(6)}"}
    live_server.flask("users", "create", "--email", organiser["email"], "--name",
                      organiser["name"], "--role", "organiser", "--password",
                      organiser["password"])
    live_server.flask("users", "create", "--email", learner["email"], "--name",
                      learner["name"], "--password", learner["password"])
    j = journey("1b-cohort-phone")

    # A fresh organiser builds the workshop on the course with a prerequisite.
    page = j.page()
    sign_in(j, page, organiser["email"], organiser["password"], name="organiser sign in")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Workshops").click()
    j.check(page, "workshops")
    page.get_by_role("link", name="New workshop").click()
    j.check(page, "new workshop")
    title = f"Return Workshop, Vientiane {tag}"
    today = dt.date.today()
    page.get_by_label("Title").fill(title)
    page.get_by_role("group", name="Courses").get_by_label(course_title).check()
    page.get_by_label("Start date").fill(today.isoformat())
    page.get_by_label("End date").fill((today + dt.timedelta(days=30)).isoformat())
    page.get_by_label("Mode").select_option(label="Online")
    page.get_by_label("Enrolment", exact=True).select_option(
        label="Open: officials enrol themselves")
    page.get_by_label("All lessons of the courses done").check()
    page.get_by_label("All quizzes of the courses passed").check()
    page.get_by_role("main").get_by_role("button", name=re.compile("^(Save|Create)")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(title)
    expect(page.locator(".flashes")).to_contain_text(
        f"{course_title} has a prerequisite that is not a course of this workshop")
    expect(page.get_by_role("main")).to_contain_text(
        "Prerequisite (recommended; enrolment opens the course)")
    j.check(page, "workshop created with a warning")
    page.get_by_role("button", name="Open for enrolment").click()
    expect(page.get_by_role("button", name="Open for enrolment")).to_have_count(0)
    j.check(page, "workshop open")
    workshop_url = page.url
    workshop_id = re.search(r"/workshops/(\d+)", workshop_url).group(1)

    # A fresh learner on a 390 px phone: a short header, the menu folded.
    phone = j.page(phone=True)
    sign_in(j, phone, learner["email"], learner["password"], name="learner sign in")
    phone.goto("/")
    assert _header_height(phone) <= HEADER_MAX_PX, _header_height(phone)
    expect(phone.get_by_role("navigation", name="Main")).to_be_hidden()
    j.check(phone, "home on a phone")
    open_menu(phone)
    j.check(phone, "menu open")
    phone.get_by_role("navigation", name="Main").get_by_role("link", name="Workshops").click()
    j.check(phone, "workshops")
    phone.get_by_role("link", name=title).click()
    phone.get_by_role("button", name="Enrol").click()
    expect(phone.get_by_role("main")).to_contain_text("You are enrolled.")
    j.check(phone, "enrolled")

    phone.get_by_role("main").get_by_role("link", name=course_title).click()
    expect(phone.get_by_role("main")).to_contain_text("Recommended before this course:")
    expect(phone.get_by_role("main")).to_contain_text(f"Your enrolment in the workshop {title}")
    j.check(phone, "course with its prerequisite as advice")
    phone.get_by_role("button", name="Start the course").click()
    for number, lesson in enumerate(("Returning home with skills", "Using the skills at home"),
                                    start=1):
        expect(phone.get_by_role("heading", level=1)).to_contain_text(lesson)
        j.check(phone, f"lesson {number}")  # at 390 px: no horizontal scrolling
        phone.get_by_role("button", name=re.compile("^Mark as done")).click()
    expect(phone.get_by_role("heading", level=1)).to_contain_text("Return quiz")
    j.check(phone, "quiz")
    phone.get_by_role("button", name="Start the quiz").click()
    expect(phone.locator("#quiz-attempt")).to_be_visible()
    expect(phone.locator("#quiz-timer")).to_contain_text("Time left:")
    j.check(phone, "attempt")

    # The connection drops during the timed quiz; Save, then Finish, are pressed offline.
    status = phone.locator("#save-status")
    phone.get_by_role("radio", name="True", exact=True).check()
    expect(status).to_contain_text("Saved")
    j.allow_console(r"ERR_INTERNET_DISCONNECTED|Failed to fetch|net::ERR")
    phone.context.set_offline(True)
    phone.get_by_role("radio", name="remittances").check()
    expect(status).to_contain_text("Offline")
    phone.get_by_role("button", name="Save", exact=True).click()
    expect(status).to_contain_text(HELD)
    phone.get_by_role("button", name="Finish attempt…").click()
    expect(status).to_contain_text(HELD)
    expect(phone.locator("#quiz-attempt")).to_be_visible()  # still on the page, answers kept
    kept = phone.evaluate("() => Object.keys(localStorage).filter(k => k.startsWith("
                          "'akmn-quiz-')).length")
    assert kept == 1, "the answers changed offline are not kept on the device"
    j.check(phone, "held offline")
    phone.context.set_offline(False)
    # Back online: the held Finish is sent (the answers first), then its page follows.
    expect(phone.get_by_role("heading", level=1)).to_contain_text("summary of your attempt",
                                                                   timeout=30_000)
    expect(phone.get_by_role("main")).not_to_contain_text("Not answered yet")
    j.check(phone, "summary after reconnecting")
    phone.get_by_role("button", name="Submit all and finish").click()
    expect(phone.get_by_role("main")).to_contain_text("(100%)")
    j.check(phone, "passed")

    phone.goto(workshop_url)
    expect(phone.get_by_role("main")).to_contain_text(
        "Congratulations: you have met every requirement of this workshop.")
    expect(phone.get_by_role("main")).not_to_contain_text("Withdraw from the workshop")
    j.check(phone, "completed")
    live_server.flask("certificates", "issue", "--workshop", workshop_id)
    open_menu(phone)
    phone.get_by_role("navigation", name="Main").get_by_role(
        "link", name="My certificates", exact=True).click()
    download = phone.get_by_role("link", name="Download PDF").first
    expect(download).to_be_visible(timeout=30_000)
    j.check(phone, "my certificates")
    with phone.expect_download() as info:
        download.click()
    pdf = tmp_path / "certificate.pdf"
    info.value.save_as(pdf)
    from pypdf import PdfReader

    assert learner["name"] in PdfReader(pdf).pages[0].extract_text()


@pytest.mark.parametrize("width", [320, 390])
def test_every_shipped_lesson_fits_a_phone(browser, live_server, width):
    """Each lesson of the courses in courses/ loads without horizontal scrolling."""
    context = browser.new_context(base_url=live_server.url,
                                  viewport={"width": width, "height": 800},
                                  device_scale_factor=2, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.goto("/login")
        page.get_by_label("E-mail").fill(DEMO["organiser"])  # an editor: no prerequisite lock
        page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
        page.get_by_role("main").get_by_role("button", name="Sign in").click()
        page.wait_for_url(re.compile(r"^(?!.*/login)"))
        slugs = sorted(p.name for p in (ROOT / "courses").iterdir()
                       if (p / "course.yaml").is_file())
        lessons = []
        for slug in slugs:
            page.goto(f"/courses/{slug}/")
            lessons += sorted(set(page.eval_on_selector_all(
                f"a[href*='/courses/{slug}/lessons/']", "els => els.map(e => e.pathname)")))
        assert len(lessons) >= 40, lessons  # the shipped courses: 47 lessons
        wide = []
        for path in lessons:
            page.goto(path)
            scroll, inner = page.evaluate(
                "() => [document.documentElement.scrollWidth, window.innerWidth]")
            if scroll > inner:
                wide.append(f"{path}: {scroll} px")
        assert not wide, f"lessons wider than {width} px:\n" + "\n".join(wide)
    finally:
        context.close()
