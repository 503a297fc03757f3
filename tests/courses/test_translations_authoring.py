"""Trainers translate a course: the languages page (completeness), the course's texts,
the side-by-side lesson editor and the "needs update" flag."""

from __future__ import annotations

import re

import pytest

from app.courses import services
from app.courses.models import LessonTranslation
from app.extensions import db
from tests.conftest import login
from tests.courses.conftest import FIXTURES


@pytest.fixture
def course(runner, make_user):
    author = make_user("trainer", email="translator@example.test")
    result = runner.invoke(args=["courses", "import", "--author", author.email,
                                 str(FIXTURES / "translated-course")])
    assert result.exit_code == 0, result.output
    course = services.get_course("translated-course", outline=True)
    course.author = author
    return course


def _section(page: str, language: str) -> str:
    start = page.index(f'id="lang-{language}"')
    end = page.find('<section class="card" id="lang-', start + 10)
    return page[start:end if end > 0 else len(page)]


def _counts(section: str, label: str) -> tuple[int, int, int]:
    row = re.search(rf'<th scope="row">{label}</th><td>(\d+)</td><td>(\d+)</td><td>(\d+)</td>',
                    section)
    return tuple(int(n) for n in row.groups())


def test_the_languages_page_shows_completeness_per_language(client, course):
    login(client, course.author)
    page = client.get(f"/courses/{course.slug}/translations").get_data(as_text=True)
    ko, vi = _section(page, "ko"), _section(page, "vi")
    assert _counts(ko, "Lessons") == (2, 0, 0)
    assert _counts(ko, "Questions") == (4, 0, 0)
    assert _counts(vi, "Lessons") == (1, 0, 1)
    assert _counts(vi, "Questions") == (0, 0, 4)
    assert "100% complete" in ko
    assert "17% complete" in vi  # 1 of 6 parts


def test_a_changed_source_marks_the_translation_as_needing_an_update(client, course):
    login(client, course.author)
    item = course.modules[0].items[0]
    response = client.post(f"/courses/{course.slug}/lessons/{item.id}/edit", data={
        "title": item.lesson.title, "slug": item.lesson.slug, "minutes": "5",
        "body": item.lesson.body + "\n\nA new paragraph.", "save": "1"})
    assert response.status_code == 302
    page = client.get(f"/courses/{course.slug}/translations").get_data(as_text=True)
    assert _counts(_section(page, "ko"), "Lessons") == (1, 1, 0)
    assert _counts(_section(page, "vi"), "Lessons") == (0, 1, 1)
    assert re.search(r'<span class="badge warn">Needs update</span> <a href="[^"]+/lessons/'
                     rf'{item.id}/translations/ko">What is a migrant stock\?</a>',
                     _section(page, "ko"))
    editor = client.get(f"/courses/{course.slug}/lessons/{item.id}/translations/ko"
                        ).get_data(as_text=True)
    assert "Needs update" in editor
    assert "revision 1; the source is at revision 2" in editor
    # Side by side: the source (with the new paragraph) and the translation's fields.
    assert "A new paragraph." in editor
    assert "이주민 저량이란 무엇인가?" in editor


def test_saving_the_translation_brings_it_up_to_date(client, course):
    login(client, course.author)
    item = course.modules[0].items[1]  # not translated into Vietnamese
    url = f"/courses/{course.slug}/lessons/{item.id}/translations/vi"
    page = client.get(url).get_data(as_text=True)
    assert "Not translated yet" in page
    response = client.post(url, data={"title": "Kiều hối",
                                      "body": "## Định nghĩa\n\nKiều hối là tiền người di cư "
                                              "gửi về nhà."})
    assert response.status_code == 302
    db.session.expire_all()
    row = db.session.query(LessonTranslation).filter_by(lesson_id=item.lesson.id,
                                                        language="vi").one()
    assert row.title == "Kiều hối"
    assert ">Định nghĩa</h2>" in row.body_html
    assert not row.needs_update
    learner_view = client.get(f"/courses/{course.slug}/lessons/{item.id}?lang=vi"
                              ).get_data(as_text=True)
    assert "Kiều hối là tiền người di cư gửi về nhà." in learner_view


def test_a_translation_needs_a_title(client, course):
    login(client, course.author)
    item = course.modules[0].items[1]
    url = f"/courses/{course.slug}/lessons/{item.id}/translations/vi"
    page = client.post(url, data={"title": "", "body": "x"}).get_data(as_text=True)
    assert "This field is required." in page
    assert services.lesson_translation(item.lesson, "vi") is None


def test_adding_a_language_and_translating_the_course_texts(client, course):
    login(client, course.author)
    response = client.post(f"/courses/{course.slug}/translations", data={"language": "th"})
    assert response.status_code == 302
    db.session.expire_all()
    assert services.course_languages(course) == ["en", "ko", "vi", "th"]
    module = course.modules[0]
    page = client.get(f"/courses/{course.slug}/translations/th").get_data(as_text=True)
    assert "Key terms quiz" in page  # the source beside the quiz title's field
    response = client.post(f"/courses/{course.slug}/translations/th",
                           data={"title": "พื้นฐานการย้ายถิ่น", "summary": "",
                                 f"m{module.id}_title": "คำสำคัญ",
                                 f"m{module.id}_quiz_title": "แบบทดสอบคำสำคัญ"})
    assert response.status_code == 302
    db.session.expire_all()
    assert services.course_title(course, "th") == "พื้นฐานการย้ายถิ่น"
    assert services.course_summary(course, "th") == course.summary
    texts = services.module_translation(module, "th")
    assert (texts.title, texts.summary, texts.quiz_title) == ("คำสำคัญ", "", "แบบทดสอบคำสำคัญ")
    # The Korean module texts from the package are untouched.
    assert services.module_translation(module, "ko").title == "핵심 용어"
    page = client.get(f"/courses/{course.slug}/translations").get_data(as_text=True)
    assert _counts(_section(page, "th"), "Lessons") == (0, 0, 2)


def test_the_editor_refuses_a_language_the_course_is_not_offered_in(client, course):
    login(client, course.author)
    item = course.modules[0].items[0]
    assert client.get(f"/courses/{course.slug}/lessons/{item.id}/translations/th"
                      ).status_code == 404
    assert client.get(f"/courses/{course.slug}/lessons/{item.id}/translations/en"
                      ).status_code == 404


def test_other_trainers_cannot_translate(client, course, make_user):
    login(client, make_user("trainer"))
    item = course.modules[0].items[0]
    # non-authors get 404 on authoring routes: a draft's existence does not show (#20.12)
    assert client.get(f"/courses/{course.slug}/translations").status_code == 404
    assert client.post(f"/courses/{course.slug}/lessons/{item.id}/translations/ko",
                       data={"title": "x", "body": "y"}).status_code == 404
    assert services.lesson_translation(item.lesson, "ko").title == "이주민 저량이란 무엇인가?"
