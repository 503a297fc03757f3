"""Journey 8: a learner whose preferred language is Korean studies the Foundations course in
Korean, takes its five quizzes in Korean, and an English learner takes the first quiz in
English; the trainer's results page shows both attempts in one item analysis (one row per
question, whatever the language it was answered in)."""

from __future__ import annotations

import re
import secrets

import pytest
from playwright.sync_api import expect

from tests.e2e.steps import DEMO, sign_in, switch_language

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

FOUNDATIONS = "/courses/migration-development-foundations/"
KO_TITLE = "국제이주와 개발: 기초"
HANGUL = re.compile(r"[\uac00-\ud7a3]")

# Answer whatever is on the page (the journey is about language, not about scores): the
# first choice of each single-choice group, each box of a multiple choice, the first option of
# each matching row, a word in each text field.
ANSWER_ALL = """() => {
  const form = document.querySelector('#quiz-attempt');
  const seen = new Set();
  for (const radio of form.querySelectorAll('input[type=radio]')) {
    if (!seen.has(radio.name)) { radio.checked = true; seen.add(radio.name); }
  }
  for (const box of form.querySelectorAll('input[type=checkbox]')) box.checked = true;
  for (const select of form.querySelectorAll('select')) {
    if (select.options.length > 1) select.selectedIndex = 1;
  }
  for (const input of form.querySelectorAll('input[type=text], textarea')) input.value = '1';
  return form.querySelectorAll('fieldset, .question').length;
}"""


def _account(live_server, tag: str, name: str) -> tuple[str, str]:
    email = f"{tag}-{secrets.token_hex(3)}@example.test"
    password = f"e2e-{secrets.token_hex(8)}"
    live_server.flask("users", "create", "--email", email, "--name", name,
                      "--password", password)
    return email, password


def _take_quiz(j, page, name: str) -> int:
    """From the quiz page: start, answer, finish, submit; the number of questions."""
    page.locator("form[action$='/start'] button[type=submit]").click()
    expect(page.locator("#quiz-attempt")).to_be_visible()
    j.check(page, f"{name} attempt")
    page.evaluate(ANSWER_ALL)
    page.locator("#quiz-attempt button[name=nav][value=summary]").click()
    expect(page.locator("form[action$='/finish']")).to_be_visible()
    j.check(page, f"{name} summary")
    questions = page.locator("main table tbody tr").count()
    page.locator("form[action$='/finish'] button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/quizzes/attempts/\d+/review$"))
    j.check(page, f"{name} review")
    return questions


def _item_analysis(page) -> dict[str, int]:
    """Question name → number of graded attempts, from the results page's item analysis."""
    table = page.locator("table").nth(0)
    rows = table.locator("tbody tr").all()
    counts: dict[str, int] = {}
    for row in rows:
        cells = row.locator("td").all_inner_texts()
        if len(cells) == 5:
            assert cells[0] not in counts, f"question {cells[0]!r} has two rows"
            counts[cells[0]] = int(cells[2])
    return counts


def test_korean_learner_studies_foundations_in_korean(journey, live_server):
    korean_email, korean_password = _account(live_server, "ko-learner", "KIM Seoyeon")
    english_email, english_password = _account(live_server, "en-learner", "Maria SANTOS")
    j = journey("foundations-in-korean")

    # The organiser's results page of the first quiz before (the demo may have attempts).
    staff = j.page()
    sign_in(j, staff, DEMO["organiser"], name="organiser sign in")
    staff.goto(FOUNDATIONS)
    j.check(staff, "foundations for the organiser")
    quiz_urls = staff.locator(".outline-module a[href*='/quizzes/']").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))")
    assert len(quiz_urls) == 5, quiz_urls
    staff.goto(quiz_urls[0])  # an outline link: /quizzes/items/N → the quiz page
    j.check(staff, "first quiz for the organiser")
    results_url = re.sub(r"\?.*", "", staff.url).rstrip("/") + "/results"
    staff.goto(results_url)
    j.check(staff, "results before")
    before = _item_analysis(staff)

    # The Korean learner: Korean chosen once (saved as the preferred language).
    page = j.page()
    sign_in(j, page, korean_email, korean_password, name="korean sign in")
    switch_language(j, page, "ko")
    j.check(page, "home in Korean")
    page.goto(FOUNDATIONS)
    expect(page.get_by_role("heading", level=1)).to_have_text(KO_TITLE)
    j.check(page, "course in Korean")
    steps = page.locator(".outline-module .outline a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))")
    page.locator(".study-box form button[type=submit]").click()  # start the course
    lessons = quizzes = 0
    for number, url in enumerate(steps):
        expect(page).to_have_url(re.compile(re.escape(url) + "$" if "/lessons/" in url
                                            else r"/quizzes/\d+$"))
        expect(page.locator("html")).to_have_attribute("lang", "ko")
        heading = page.get_by_role("heading", level=1).first.inner_text()
        assert HANGUL.search(heading), f"{page.url}: {heading!r} is not in Korean"
        if "/lessons/" in url:
            lessons += 1
            expect(page.locator("article.lesson")).to_have_attribute("lang", "ko")
            expect(page.locator("nav.breadcrumb")).to_contain_text(KO_TITLE)
            outline = page.locator("aside.lesson-outline .outline a").all_inner_texts()
            assert all(HANGUL.search(title) for title in outline), outline
            j.check(page, f"lesson {lessons}")
            page.locator(".lesson-done button[type=submit]").click()  # on to the next step
            continue
        quizzes += 1
        j.check(page, f"quiz {quizzes}")
        counted = _take_quiz(j, page, f"quiz {quizzes}")
        if quizzes == 1:
            korean_questions = counted
        text = page.locator(".review-q .question-text").first.inner_text()
        assert HANGUL.search(text), f"the review of quiz {quizzes} is not in Korean: {text!r}"
        if number + 1 < len(steps):
            page.goto(steps[number + 1])
    assert quizzes == 5, quizzes
    assert lessons == 17, lessons
    page.goto("/courses/my")
    expect(page.get_by_role("main")).to_contain_text(KO_TITLE)
    j.check(page, "my learning in Korean")

    # An English learner takes the first quiz in English.
    english = j.page()
    sign_in(j, english, english_email, english_password, name="english sign in")
    english.goto(quiz_urls[0])
    expect(english.get_by_role("heading", level=1)).to_have_text("Module 1 quiz")
    j.check(english, "english quiz")
    english_questions = _take_quiz(j, english, "english quiz 1")

    # One item analysis: each question answered in either language counts in its one row.
    staff.goto(results_url)
    j.check(staff, "results after")
    after = _item_analysis(staff)
    assert set(before) <= set(after)
    added = sum(after.values()) - sum(before.values())
    attempts = staff.locator("table").nth(1)
    expect(attempts).to_contain_text("KIM Seoyeon")
    expect(attempts).to_contain_text("Maria SANTOS")
    # every question of the Korean and of the English attempt, in the same rows
    assert added == korean_questions + english_questions, (before, after)
    assert all(not HANGUL.search(name) for name in after), after  # the source's names
