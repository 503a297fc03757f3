"""Learners read a course in their language: the lesson, the "Read in" switch, the note
when a lesson is not translated, the catalogue's languages, and quizzes in Korean graded
and analysed together with the English attempts."""

from __future__ import annotations

import re

import pytest
from flask_babel import force_locale, gettext
from sqlalchemy import select

from app.courses import services
from app.extensions import db
from app.quizzes import analysis, attempts
from app.quizzes import services as quiz_services
from app.quizzes.models import Attempt
from tests.conftest import login
from tests.courses.conftest import FIXTURES, count_queries
from tests.factories import answer_every_slot, right_answers, row_counts


@pytest.fixture
def course(runner):
    result = runner.invoke(args=["courses", "import", "--publish",
                                 str(FIXTURES / "translated-course")])
    assert result.exit_code == 0, result.output
    return services.get_course("translated-course", outline=True)


def _items(course):
    module = course.modules[0]
    return module.items[0], module.items[1], module.items[2]


def _lesson_url(course, item, **query):
    suffix = "".join(f"?lang={v}" for v in query.values())
    return f"/courses/{course.slug}/lessons/{item.id}{suffix}"


def _heading(html: str) -> str:
    return re.search(r'<h1 id="lesson-title">([^<]+)</h1>', html).group(1)


def test_a_korean_learner_reads_the_lesson_in_korean(client, course, make_user):
    login(client, make_user(language="ko"))
    first, _second, _quiz = _items(course)
    page = client.get(_lesson_url(course, first)).get_data(as_text=True)
    assert _heading(page) == "이주민 저량이란 무엇인가?"
    assert "자신의 출생국이 아닌 나라에 사는 사람의 수입니다" in page
    assert "The migrant stock is the number" not in page
    assert "핵심 용어" in page  # the module's title in the breadcrumb
    assert 'lang="ko"' in page
    # The switch offers every language of the course, the current one not as a link.
    switch = re.search(r'<nav class="read-in small".*?</nav>', page, re.S).group(0)
    assert re.search(r"English.*한국어.*Tiếng Việt", switch, re.S)  # labels in the interface's
    # language ("Read in:" is translated like every label)
    assert f'href="/courses/{course.slug}/lessons/{first.id}?lang=en"' in page
    assert f'href="/courses/{course.slug}/lessons/{first.id}?lang=ko"' not in page


def test_the_switch_keeps_the_place_and_is_remembered_for_the_course(client, course,
                                                                     make_user):
    login(client, make_user(language="ko"))
    first, second, _quiz = _items(course)
    before = row_counts()
    page = client.get(_lesson_url(course, first, lang="en")).get_data(as_text=True)
    assert _heading(page) == "What is a migrant stock?"  # the same lesson, in English
    assert row_counts() == before  # the choice is kept in the session, nothing written
    page = client.get(_lesson_url(course, second)).get_data(as_text=True)
    assert _heading(page) == "Remittances"
    assert "not yet available" not in page


def test_an_untranslated_lesson_is_shown_in_the_source_with_a_note(client, course,
                                                                   make_user):
    login(client, make_user(language="vi"))
    first, second, _quiz = _items(course)
    page = client.get(_lesson_url(course, first)).get_data(as_text=True)
    assert _heading(page) == "Số lượng người di cư là gì?"
    page = client.get(_lesson_url(course, second)).get_data(as_text=True)
    assert _heading(page) == "Remittances"
    # the note, in the learner's interface language (Vietnamese): "not yet available in …"
    note = re.search(r'<p class="notice" role="note"[^>]*>([^<]+)</p>', page)
    assert note is not None
    with force_locale("vi"):
        expected = gettext("This lesson is not yet available in %(language)s; shown in "
                           "%(source)s.", language="@@", source="@@")
    head, _sep, _rest = expected.partition("@@")
    assert note.group(1).startswith(head)


def test_a_learner_in_a_language_the_course_lacks_reads_the_source(client, course,
                                                                   make_user):
    login(client, make_user(language="th"))
    first, _second, _quiz = _items(course)
    page = client.get(_lesson_url(course, first)).get_data(as_text=True)
    assert _heading(page) == "What is a migrant stock?"
    assert "not yet available" not in page


def test_a_changed_source_is_flagged_on_the_translation(client, course, make_user):
    first, _second, _quiz = _items(course)
    services.set_lesson_body(first.lesson, first.lesson.body + "\n\nA new paragraph.")
    db.session.commit()
    login(client, make_user(language="ko"))
    page = client.get(_lesson_url(course, first)).get_data(as_text=True)
    assert _heading(page) == "이주민 저량이란 무엇인가?"
    note = re.search(r'<p class="notice" role="note"[^>]*>([^<]+)</p>', page)
    assert note is not None
    with force_locale("ko"):
        expected = gettext("The %(source)s version of this lesson has changed since this "
                           "translation was made.", source="@@")
    assert note.group(1).replace("&#39;", "'").startswith(expected.partition("@@")[0])


def test_the_translated_lesson_page_keeps_a_constant_number_of_queries(client, course,
                                                                       make_user):
    login(client, make_user(language="ko"))
    first, second, _quiz = _items(course)
    counts = []
    for item in (first, second):
        client.get(_lesson_url(course, item))
        db.session.expire_all()
        with count_queries() as statements:
            assert client.get(_lesson_url(course, item)).status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1], counts
    # the source page + languages, lesson and module texts, the workshops that open the course,
    # the outline's titles in the reader's language (module and lesson translations: two)
    assert counts[0] <= 22, counts


def test_the_catalogue_shows_and_filters_by_language(client, course, make_course):
    make_course(title="Only in English", language="en")
    page = client.get("/courses/").get_data(as_text=True)
    # named in the interface's language (endonyms would load every script's font on a Latin page)
    assert re.search(r"Available in:\s*English · Korean · Vietnamese", page)
    assert "한국어" not in page
    assert '<option value="ko"' in page

    def titles(**query):
        html = client.get("/courses/", query_string=query).get_data(as_text=True)
        return set(re.findall(r'<h2><a href="[^"]+">([^<]+)</a></h2>', html))

    assert titles(language="ko") == {"Migration Basics"}
    assert titles(language="en") == {"Migration Basics", "Only in English"}
    assert titles(language="th") == set()


def test_the_catalogue_shows_the_title_in_the_learners_language(client, course, make_user):
    login(client, make_user(language="ko"))
    page = client.get("/courses/").get_data(as_text=True)
    assert "이주의 기초" in page
    assert "영어, 한국어, 베트남어로 된 작은 과정입니다." in page


def test_course_title_for_certificates(course):
    assert services.course_title(course, "ko") == "이주의 기초"
    assert services.course_title(course, "en") == "Migration Basics"
    assert services.course_title(course, None) == "Migration Basics"


# Quizzes ---------------------------------------------------------------------------------

def _quiz(course):
    return quiz_services.quiz_for_item(_items(course)[2])


def _take(client, quiz, *, correct: bool):
    assert client.post(f"/quizzes/{quiz.id}/start").status_code == 302
    attempt = db.session.scalar(select(Attempt).where(Attempt.quiz_id == quiz.id)
                                .order_by(Attempt.id.desc()))
    page = client.get(f"/quizzes/attempts/{attempt.id}").get_data(as_text=True)
    answers = right_answers(attempt) if correct else {}
    response = client.post(f"/quizzes/attempts/{attempt.id}", data={
        **answers, "sequence": "0", "page": "0", "nav": "finish",
        "slots": ",".join(str(i) for i in range(len(attempt.snapshot)))})
    assert response.status_code == 302
    db.session.expire_all()
    return db.session.get(Attempt, attempt.id), page


def test_a_korean_learner_takes_the_quiz_in_korean(client, course, make_user):
    quiz = _quiz(course)
    login(client, make_user(language="ko"))
    page = client.get(f"/quizzes/{quiz.id}").get_data(as_text=True)
    assert "핵심 용어 퀴즈" in page
    attempt, page = _take(client, quiz, correct=True)
    assert attempt.language == "ko"
    assert "이주민 저량은 무엇을 셉니까?" in page
    assert "자신의 출생국 밖에 사는 사람" in page
    assert "What does the migrant stock count?" not in page
    assert attempt.is_finished
    assert attempt.percent == 100  # "송금" is the accepted short answer in Korean


def test_korean_and_english_attempts_share_one_item_analysis(client, course, make_user):
    quiz = _quiz(course)
    korean, english = make_user(language="ko"), make_user(language="en")
    login(client, korean)
    ko_attempt, _page = _take(client, quiz, correct=True)
    client.post("/logout")
    login(client, english)
    en_attempt, page = _take(client, quiz, correct=False)
    assert "What does the migrant stock count?" in page
    assert (ko_attempt.language, en_attempt.language) == ("ko", "")
    ko_ids = [e["question_id"] for e in ko_attempt.snapshot]
    assert ko_ids == [e["question_id"] for e in en_attempt.snapshot]
    report = analysis.analyse(quiz)
    assert len(report.items) == 4  # one row per question, not per language
    by_name = {item.name: item for item in report.items}
    stock = by_name["Q1 Stock"]
    assert stock.count == 2
    assert sorted(stock.fractions) == [0.0, 1.0]
    assert stock.facility == 50


def test_a_translated_attempt_is_graded_with_the_source_key(app, course, make_user):
    quiz = _quiz(course)
    learner = make_user(language="ko")
    attempt = attempts.start_attempt(quiz, learner, language="ko")
    choice = attempt.snapshot[0]
    source = next(q for q in quiz_services.course_questions(quiz, [choice["question_id"]]))
    assert [c["id"] for c in choice["data"]["choices"]] == [c["id"]
                                                           for c in source.data["choices"]]
    assert [c["credit"] for c in choice["data"]["choices"]] == [
        c["credit"] for c in source.data["choices"]]
    answer_every_slot(attempt)
    attempts.finish(attempt)
    assert attempt.percent == 100
