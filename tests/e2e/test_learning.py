"""Journeys 2 and 1.

(2) A trainer authors a course — a module, a lesson and a quiz whose questions are imported
    from GIFT — and publishes it; an organiser opens a workshop on it.
(1) An official signs in, enrols in that workshop, studies every lesson, takes the quiz
    (losing the connection in the middle and finishing after coming back), reaches
    completion and downloads the certificate — at desktop size with JavaScript, and again
    at 390×844 with JavaScript disabled.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import secrets

import pytest
from playwright.sync_api import expect

from tests.e2e.journey import Journey
from tests.e2e.steps import DEMO, open_menu, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

LEARNING = ("workshops.create", "workshops.enrol", "certificates.mine")

GIFT = """\
// Questions of the e2e journey (answers: True, Employment Permit System, remittances).
::eps-mou:: Korea's Employment Permit System admits workers under bilateral agreements. {T}

::eps-name:: What does EPS stand for?
{=Employment Permit System ~Economic Partnership Scheme ~Emigration Processing Service}

::remit:: Money that migrants send home is called…
{=remittances ~tariffs ~subsidies}
"""
ANSWERS = ["True", "Employment Permit System", "remittances"]
LESSONS = [
    ("How the EPS works", "## Admission\n\nWorkers come through **bilateral MOUs**.\n\n"
                          "- Language test\n- Job matching\n"),
    ("Returning home with skills", "Returnees bring *skills* and savings.\n\n"
                                   "| Year | Returnees |\n|---|---|\n| 2024 | 1,200 |\n"),
]


@pytest.fixture(scope="session")
def authored_course(browser, live_server, axe_source, auditor, audited):
    """Journey 2 (journey 1 builds on its course): the course's title."""
    return _run(Journey("2-trainer-authors-course", browser, live_server.url, axe_source,
                        auditor, audited), _author_course)


@pytest.fixture(scope="session")
def workshop(authored_course, browser, live_server, axe_source, auditor, audited):
    """An open workshop on the authored course: {title, course, url, id}."""
    return _run(Journey("1-organiser-opens-workshop", browser, live_server.url, axe_source,
                        auditor, audited), lambda j: _open_workshop(j, authored_course))


def _run(j: Journey, steps):
    try:
        result = steps(j)
        j.finish()
    finally:
        j.close()
        if os.environ.get("AKMN_E2E_TIMING"):
            print("\n" + j.timing_report())
    return result


def _author_course(j: Journey) -> dict:
    tag = secrets.token_hex(2)
    title = f"Labour Mobility Essentials {tag}"
    page = j.page()
    sign_in(j, page, DEMO["trainer"])
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Authoring").click()
    j.check(page, "authoring")
    page.get_by_role("link", name="New course").click()
    j.check(page, "new course")
    page.get_by_label("Title").fill(title)
    page.get_by_label("Slug").fill(f"labour-mobility-{tag}") if page.get_by_label(
        "Slug").count() else None
    page.get_by_label("Summary").fill("A short course on admission channels and return.")
    page.get_by_role("button", name="Create the course").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(title)
    j.check(page, "course created")

    page.get_by_role("link", name="Add a module").click()
    j.check(page, "new module")
    page.get_by_label("Title").fill("Admission and return")
    page.get_by_role("main").get_by_role("button", name="Save").click()
    j.check(page, "module added")
    for lesson_title, body in LESSONS:
        page.get_by_role("link", name="Add a lesson").first.click()
        j.check(page, f"new lesson {lesson_title}")
        page.get_by_label("Title").fill(lesson_title)
        page.get_by_label("Minutes").fill("10") if page.get_by_label("Minutes").count() else None
        page.locator("textarea").first.fill(body)
        page.get_by_role("button", name="Save", exact=True).click()
        j.check(page, f"lesson saved {lesson_title}")
        if not page.get_by_role("link", name="Add a lesson").count():
            page.get_by_role("navigation", name="Breadcrumb").get_by_role(
                "link", name=title).click()
            j.check(page, "back to the course")

    # The quiz, its questions imported from GIFT into the course's bank.
    page.get_by_role("link", name="Add: Quiz").first.click()
    j.check(page, "new quiz")
    page.get_by_label("Pass mark").fill("60")
    page.get_by_role("main").get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Questions of")
    j.check(page, "quiz questions")
    questions_url = page.url
    page.locator("#main").get_by_role("link", name="Question banks").click()
    j.check(page, "question banks")
    page.get_by_role("row").filter(has_text=title).get_by_role("link").first.click()
    j.check(page, "bank")
    page.get_by_role("link", name="Import GIFT").click()
    j.check(page, "import gift")
    page.get_by_label("Or paste GIFT text").fill(GIFT)
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_role("status").first).to_contain_text("Imported 3 questions")
    j.check(page, "gift imported")
    page.goto(questions_url)
    j.check(page, "quiz questions before adding")
    page.get_by_role("button", name="Show").click()
    j.check(page, "questions of the category")
    for box in page.get_by_role("group", name="Questions").get_by_role("checkbox").all():
        box.check()
    page.get_by_role("button", name="Add the ticked questions").click()
    expect(page.get_by_role("main")).to_contain_text("Each attempt has 3 questions.")
    j.check(page, "questions added")

    page.goto("/courses/manage")
    page.get_by_role("link", name=title).click()
    j.check(page, "course outline")
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".status-box")).to_contain_text("Published")
    j.check(page, "published")

    visitor = j.page()
    visitor.goto("/courses/")
    expect(visitor.get_by_role("link", name=title)).to_be_visible()
    j.check(visitor, "catalogue")
    return title


def _open_workshop(j: Journey, course: str) -> dict:
    title = f"Workshop on {course}"
    page = j.page()
    sign_in(j, page, DEMO["organiser"], name="organiser sign in")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Workshops").click()
    j.check(page, "workshops")
    page.get_by_role("link", name="New workshop").click()
    j.check(page, "new workshop")
    today = dt.date.today()
    page.get_by_label("Title").fill(title)
    page.get_by_role("group", name="Courses").get_by_label(course).check()
    page.get_by_label("Start date").fill(today.isoformat())
    page.get_by_label("End date").fill((today + dt.timedelta(days=30)).isoformat())
    page.get_by_label("Mode").select_option(label="Online")
    page.get_by_label("Enrolment", exact=True).select_option(
        label="Open: officials enrol themselves")
    page.get_by_label("All lessons of the courses done").check()
    page.get_by_label("All quizzes of the courses passed").check()
    attendance = page.get_by_label(re.compile("attendance", re.I))
    if attendance.count():
        attendance.first.fill("0")
    page.get_by_role("main").get_by_role("button", name=re.compile("^(Save|Create)")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(title)
    j.check(page, "workshop created")
    page.get_by_role("button", name="Open for enrolment").click()
    expect(page.get_by_role("button", name="Open for enrolment")).to_have_count(0)
    j.check(page, "workshop open")
    return {"title": title, "course": course, "url": page.url,
            "id": int(re.search(r"/workshops/(\d+)", page.url).group(1))}


def test_trainer_authors_course_and_publishes_it(authored_course):
    """Journey 2 runs in the `authored_course` fixture (journey 1 builds on its course)."""
    assert authored_course.startswith("Labour Mobility Essentials")


@pytest.mark.parametrize("variant", ["desktop", "phone-no-js"])
def test_official_completes_workshop_and_downloads_certificate(journey, live_server, workshop,
                                                               variant, tmp_path):
    phone = variant == "phone-no-js"
    j = journey(f"1-official-{variant}")
    account = live_server.account("official-phone" if phone else "official-desktop")
    email, password = account["email"], account["password"]

    page = j.page(javascript=not phone, phone=phone)
    sign_in(j, page, email, password)
    j.check(page, "home")
    _open_nav(page, "Workshops", phone)
    j.check(page, "workshops")
    page.get_by_role("link", name=workshop["title"]).click()
    j.check(page, "workshop")
    page.get_by_role("button", name="Enrol").click()
    expect(page.get_by_role("main")).to_contain_text("You are enrolled.")
    j.check(page, "enrolled")

    page.get_by_role("main").get_by_role("link", name=workshop["course"]).click()
    j.check(page, "course")
    page.get_by_role("button", name="Start the course").click()
    for number, (lesson_title, _body) in enumerate(LESSONS, start=1):
        expect(page.get_by_role("heading", level=1)).to_contain_text(lesson_title)
        j.check(page, f"lesson {number}")
        page.get_by_role("button", name=re.compile("^Mark as done")).click()
    # After the last lesson: the quiz.
    expect(page.get_by_role("heading", level=1)).to_contain_text("quiz")
    j.check(page, "quiz")
    page.get_by_role("button", name="Start the quiz").click()
    expect(page.locator("#quiz-attempt")).to_be_visible()
    j.check(page, "attempt")
    _answer(page, ANSWERS[0])
    if not phone:
        status = page.locator("#save-status")
        expect(status).to_contain_text("Saved")
        # The connection drops: the answer waits in the browser and is sent on return.
        j.allow_console(r"ERR_INTERNET_DISCONNECTED|Failed to fetch|net::ERR")
        page.context.set_offline(True)
        _answer(page, ANSWERS[1])
        expect(status).to_contain_text("Offline")
        j.check(page, "offline")
        page.context.set_offline(False)
        expect(status).to_contain_text("Saved", timeout=30_000)
    else:
        _answer(page, ANSWERS[1])
    _answer(page, ANSWERS[2])
    page.get_by_role("button", name="Finish attempt…").click()
    # Wait for the summary itself: the attempt page already lacks "Not answered yet", and
    # checking it while the browser navigates away failed ("the page is navigating").
    expect(page).to_have_url(re.compile(r"/summary$"))
    expect(page.get_by_role("main")).not_to_contain_text("Not answered yet")
    j.check(page, "summary")
    page.get_by_role("button", name="Submit all and finish").click()
    expect(page).to_have_url(re.compile(r"/review$"))
    expect(page.get_by_role("main")).to_contain_text("100")
    j.check(page, "result")

    page.goto(workshop["url"])
    expect(page.get_by_role("main")).to_contain_text(
        "Congratulations: you have met every requirement of this workshop.")
    j.check(page, "completed")

    live_server.flask("certificates", "issue", "--workshop", str(workshop["id"]))
    _open_nav(page, "My certificates", phone)
    expect(page.get_by_role("main")).to_contain_text(workshop["title"])
    j.check(page, "my certificates")
    download_link = page.get_by_role("link", name="Download PDF").first
    expect(download_link).to_be_visible(timeout=30_000)
    with page.expect_download() as info:
        download_link.click()
    pdf = tmp_path / "certificate.pdf"
    info.value.save_as(pdf)
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-"), "the certificate is not a PDF"
    from pypdf import PdfReader

    text = PdfReader(pdf).pages[0].extract_text()
    assert account["name"] in text, text


def _open_nav(page, label: str, phone: bool) -> None:
    if phone:
        open_menu(page)  # the header folds its navigation on a phone (without JS too)
    page.get_by_role("navigation", name="Main").get_by_role("link", name=label,
                                                            exact=True).click()


def _answer(page, text: str) -> None:
    if text in ("True", "False"):
        page.get_by_role("radio", name=text, exact=True).check()
    else:
        page.get_by_role("radio", name=text).check()
