"""Titles in the learner's language everywhere the course appears: the course page and its
outline, the lesson's outline sidebar, pager and breadcrumb, "My learning", the quiz summary,
review and results pages, the workshop page, and the certificate's course titles."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.certificates import background
from app.certificates import services as certificates
from app.courses import services
from app.extensions import db
from app.quizzes import services as quiz_services
from app.quizzes.models import Attempt
from app.workshops import services as workshops
from tests.conftest import login
from tests.courses.conftest import FIXTURES, count_queries
from tests.factories import attempt_quiz, complete_lesson, make_workshop

KO_COURSE, KO_MODULE, KO_QUIZ = "이주의 기초", "핵심 용어", "핵심 용어 퀴즈"
KO_LESSONS = ("이주민 저량이란 무엇인가?", "송금")


@pytest.fixture
def course(runner):
    result = runner.invoke(args=["courses", "import", "--publish",
                                 str(FIXTURES / "translated-course")])
    assert result.exit_code == 0, result.output
    return services.get_course("translated-course", outline=True)


def _items(course):
    return list(course.modules[0].items)


def test_the_lesson_outline_pager_and_breadcrumb_are_in_korean(client, course, make_user):
    login(client, make_user(language="ko"))
    first, _second, _quiz = _items(course)
    page = client.get(f"/courses/{course.slug}/lessons/{first.id}").get_data(as_text=True)
    sidebar = page[page.index('<aside class="lesson-outline"'):]
    assert [*KO_LESSONS, KO_QUIZ] == re.findall(
        r'<span class="item-main">\s*<a[^>]*>([^<]+)</a>', sidebar)
    assert f": {KO_MODULE}</h3>" in sidebar
    assert "Remittances" not in page
    assert "Key terms" not in page
    pager = re.search(r'<nav class="pager".*?</nav>', page, re.S).group(0)
    assert KO_LESSONS[1] in pager
    crumbs = re.search(r'<nav class="breadcrumb".*?</nav>', page, re.S).group(0)
    assert KO_COURSE in crumbs
    assert KO_MODULE in crumbs
    assert f"<title>{KO_LESSONS[0]} · {KO_COURSE} · " in page


def test_an_untranslated_lesson_keeps_its_source_title_in_the_outline(client, course,
                                                                      make_user):
    login(client, make_user(language="vi"))  # vi: the first lesson only, no quiz title
    first, _second, _quiz = _items(course)
    page = client.get(f"/courses/{course.slug}/lessons/{first.id}").get_data(as_text=True)
    sidebar = page[page.index('<aside class="lesson-outline"'):]
    assert re.findall(r'<span class="item-main">\s*<a[^>]*>([^<]+)</a>', sidebar) == [
        "Số lượng người di cư là gì?", "Remittances", "Key terms quiz"]
    assert ": Thuật ngữ chính</h3>" in sidebar


def test_the_course_page_shows_the_title_summary_and_outline_in_korean(client, course,
                                                                       make_user):
    login(client, make_user(language="ko"))
    page = client.get(f"/courses/{course.slug}/").get_data(as_text=True)
    assert f'<h1 lang="ko">{KO_COURSE}</h1>' in page
    assert "영어, 한국어, 베트남어로 된 작은 과정입니다." in page
    assert "Migration Basics" not in page
    assert re.findall(r'<span class="item-main">\s*<a[^>]*>([^<]+)</a>', page) == [
        *KO_LESSONS, KO_QUIZ]
    assert "이주민 저량과 송금." in page  # the module's summary
    english = client.application.test_client()
    page = english.get(f"/courses/{course.slug}/").get_data(as_text=True)
    assert '<h1 lang="en">Migration Basics</h1>' in page


def test_my_learning_shows_the_course_and_next_step_in_korean(client, course, make_user):
    learner = make_user(language="ko")
    login(client, learner)
    first, _second, _quiz = _items(course)
    assert client.post(f"/courses/{course.slug}/start").status_code == 302
    complete_lesson(learner, first)
    db.session.commit()
    page = client.get("/courses/my").get_data(as_text=True)
    assert f'lang="ko">{KO_COURSE}</a></h3>' in page
    assert KO_LESSONS[1] in page  # "Next: 송금"
    assert "Migration Basics" not in page


def test_my_learning_keeps_a_constant_number_of_queries(client, course, make_course,
                                                        make_user):
    learner = make_user(language="ko")
    login(client, learner)
    client.post(f"/courses/{course.slug}/start")
    client.get("/courses/my")
    db.session.expire_all()
    with count_queries() as one:
        client.get("/courses/my")
    other = make_course(title="Second course", language="en")
    other.status = "published"
    services.set_course_translation(other, "ko", title="두 번째 과정", summary="")
    db.session.commit()
    client.post(f"/courses/{other.slug}/start")
    client.get("/courses/my")  # caches warm, as for `one` (structures: once per revision)
    db.session.expire_all()
    with count_queries() as two:
        page = client.get("/courses/my").get_data(as_text=True)
    assert "두 번째 과정" in page
    assert KO_COURSE in page
    assert len(two) == len(one)


def _finish_attempt(client, quiz):
    assert client.post(f"/quizzes/{quiz.id}/start").status_code == 302
    attempt = db.session.scalar(select(Attempt).where(Attempt.quiz_id == quiz.id)
                                .order_by(Attempt.id.desc()))
    summary = client.get(f"/quizzes/attempts/{attempt.id}/summary").get_data(as_text=True)
    client.post(f"/quizzes/attempts/{attempt.id}", data={
        "sequence": "0", "page": "0", "nav": "finish",
        "slots": ",".join(str(i) for i in range(len(attempt.snapshot)))})
    review = client.get(f"/quizzes/attempts/{attempt.id}/review").get_data(as_text=True)
    return summary, review


def test_quiz_summary_review_and_results_name_the_quiz_in_korean(client, course, make_user):
    quiz = quiz_services.quiz_for_item(_items(course)[2])
    login(client, make_user(language="ko"))
    summary, review = _finish_attempt(client, quiz)
    assert f'<h1><span lang="ko">{KO_QUIZ}</span>:' in summary
    assert re.search(f"<title>[^<]+ · {KO_QUIZ} · ", review)
    assert f'lang="ko">← {KO_QUIZ}</a>' in review
    assert "Key terms quiz" not in review
    client.post("/logout")
    organiser = make_user("organiser", language="ko")  # sees every quiz's results
    login(client, organiser)
    results = client.get(f"/quizzes/{quiz.id}/results").get_data(as_text=True)
    assert f"← {KO_QUIZ}</a>" in results
    assert "Key terms quiz" not in results


def test_an_english_review_keeps_the_english_quiz_title(client, course, make_user):
    quiz = quiz_services.quiz_for_item(_items(course)[2])
    login(client, make_user(language="en"))
    _summary, review = _finish_attempt(client, quiz)
    assert "← Key terms quiz</a>" in review


def test_the_workshop_page_shows_course_and_steps_in_the_learners_language(client, course,
                                                                          make_user):
    organiser = make_user("organiser")
    workshop = make_workshop(organiser, courses=[course])
    learner = make_user(language="ko")
    workshops.enrol(workshop, learner)
    db.session.commit()
    login(client, learner)
    page = client.get(f"/workshops/{workshop.id}").get_data(as_text=True)
    assert f'lang="ko">{KO_COURSE}</a>' in page
    steps = re.search(r"<ol>(.*?)</ol>", page[page.index("<h3"):], re.S).group(1)
    assert re.findall(r'<a href="[^"]+">([^<]+)</a>', steps) == [*KO_LESSONS, KO_QUIZ]
    assert f"<li>{KO_QUIZ}:" in page  # the quiz's line in "my progress"
    assert "Migration Basics" not in page


def test_certificates_print_the_course_title_in_the_holders_language(app, course, make_user):
    organiser = make_user("organiser")
    workshop = make_workshop(organiser, courses=[course], certificate_template="classic",
                             certificate_languages=["en"])
    korean = make_user(language="ko", name="KIM Minjun", country="KR")
    english = make_user(language="en", name="Maria SANTOS")
    for user in (korean, english):
        workshops.enrol(workshop, user)
        for item in _items(course)[:2]:
            complete_lesson(user, item)
        attempt_quiz(user, _items(course)[2], 100)
    db.session.commit()
    issued = certificates.issue_for_workshop(workshop, template="classic",
                                             issued_by=organiser)
    background.render_here_instead()
    db.session.commit()
    by_user = {c.user_id: c for c in issued}
    assert by_user[korean.id].language == "ko"
    assert by_user[korean.id].course_titles == [KO_COURSE]
    assert by_user[english.id].course_titles == ["Migration Basics"]


def test_the_cached_outline_follows_the_reading_language(client, course, make_user):
    """The outline fragment cache keys on the language the course is read in, not only on
    the interface's: the "Read in" switch changes the sidebar's titles at once."""
    login(client, make_user(language="en"))
    first = _items(course)[0]
    url = f"/courses/{course.slug}/lessons/{first.id}"
    for lang, expected in (("ko", [*KO_LESSONS, KO_QUIZ]),
                           ("en", ["What is a migrant stock?", "Remittances",
                                   "Key terms quiz"]),
                           ("ko", [*KO_LESSONS, KO_QUIZ])):
        page = client.get(f"{url}?lang={lang}").get_data(as_text=True)
        sidebar = page[page.index('<aside class="lesson-outline"'):]
        assert re.findall(r'<span class="item-main">\s*<a[^>]*>([^<]+)</a>',
                          sidebar) == expected, lang
