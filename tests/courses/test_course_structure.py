"""The lesson page reads the course's structure from the cache (app.courses.structure, one
entry per course revision): every edit of what it holds shows on the next page, what is not
in it (a prerequisite's status, the learner's progress and roles) is read for each request,
and the structure survives Redis's JSON as it is."""

from __future__ import annotations

import re

import pytest

from app.cache import FragmentCache
from app.courses import services, structure
from app.extensions import db
from tests.conftest import login
from tests.courses.conftest import FIXTURES, lesson_items


def _heading(html: str) -> str:
    return re.search(r'<h1 id="lesson-title">([^<]+)</h1>', html).group(1)


def _breadcrumb(html: str) -> str:
    return re.search(r'<nav class="breadcrumb".*?</nav>', html, re.S).group(0)


@pytest.fixture
def translated(runner):
    result = runner.invoke(args=["courses", "import", "--publish",
                                 str(FIXTURES / "translated-course")])
    assert result.exit_code == 0, result.output
    return services.get_course("translated-course", outline=True)


def test_a_renamed_module_translation_shows_on_the_next_lesson_page(client, translated,
                                                                     make_user):
    login(client, make_user(language="ko"))
    first = translated.modules[0].items[0]
    url = f"/courses/{translated.slug}/lessons/{first.id}"
    assert "핵심 용어" in _breadcrumb(client.get(url).get_data(as_text=True))
    services.set_module_translation(translated.modules[0], "ko", title="새 모듈 제목")
    db.session.commit()
    page = client.get(url).get_data(as_text=True)
    assert "새 모듈 제목" in _breadcrumb(page)
    assert "새 모듈 제목" in page.split('class="lesson-outline"', 1)[1]


def test_an_edited_lesson_and_its_translation_show_on_the_next_page(client, translated,
                                                                   make_user):
    login(client, make_user(language="ko"))
    first = translated.modules[0].items[0]
    url = f"/courses/{translated.slug}/lessons/{first.id}"
    client.get(url)
    services.set_lesson_translation(first.lesson, "ko", title="새 제목", body="새 본문입니다.")
    db.session.commit()
    page = client.get(url).get_data(as_text=True)
    assert _heading(page) == "새 제목"
    assert "새 본문입니다." in page
    services.update_lesson(first.lesson, title=first.lesson.title, minutes=5,
                           body="A new source text.", slug=first.lesson.slug)
    db.session.commit()
    page = client.get(url).get_data(as_text=True)
    assert _heading(page) == "새 제목"
    assert re.search(r'<p class="notice" role="note"', page)  # the source moved on
    english = client.get(url + "?lang=en").get_data(as_text=True)
    assert "A new source text." in english
    assert "새 본문입니다." not in english


def test_a_new_author_sees_the_edit_link_at_once(client, make_course, make_user):
    course = make_course(lessons=1)
    item = lesson_items(course)[0]
    url = f"/courses/{course.slug}/lessons/{item.id}"
    trainer = make_user("trainer")
    login(client, trainer)
    assert "Edit this lesson" not in client.get(url).get_data(as_text=True)
    services.add_author(course, trainer.email)
    db.session.commit()
    assert "Edit this lesson" in client.get(url).get_data(as_text=True)
    services.remove_author(course, trainer)
    db.session.commit()
    assert "Edit this lesson" not in client.get(url).get_data(as_text=True)


def test_a_prerequisites_status_is_read_now_not_from_the_cached_course(client, make_course,
                                                                         make_user):
    basics = make_course(title="Basics")
    advanced = make_course(title="Advanced", prerequisites=[basics])
    url = f"/courses/{advanced.slug}/lessons/{lesson_items(advanced)[0].id}"
    login(client, make_user())
    assert client.get(url).status_code == 302  # locked: Basics is not completed
    services.set_status(basics, "archived")  # touches Basics, not Advanced
    db.session.commit()
    page = client.get(url)
    assert page.status_code == 200  # an archived prerequisite is no longer enforced
    assert _heading(page.get_data(as_text=True)) == "Lesson 1.1"


def test_a_draft_course_stays_hidden_from_a_learner_after_an_author_read_it(
        client, make_course, make_user):
    author = make_user("trainer")
    course = make_course(author=author, published=False, lessons=1)
    url = f"/courses/{course.slug}/lessons/{lesson_items(course)[0].id}"
    login(client, author)
    assert _heading(client.get(url).get_data(as_text=True)) == "Lesson 1.1"
    client.post("/logout")
    login(client, make_user())
    assert client.get(url).status_code == 404


def test_the_structure_is_the_same_after_a_json_round_trip(app, translated):
    """Through Redis the structure is JSON: lists for tuples, string keys."""
    import json

    course = structure.shaped_course(translated.slug)
    data = structure._structures([course.id])[course.id]
    again = structure._rebuild(course, json.loads(json.dumps(data)))
    assert [[(i.id, i.kind, i.title, i.lesson and i.lesson.minutes) for i in m.items]
            for m in again.modules] == \
           [[(i.id, i.kind, i.title, i.lesson and i.lesson.minutes) for i in m.items]
            for m in translated.modules]
    titles = structure.titles_of(again, "ko")
    first = translated.modules[0].items[0]
    assert titles.item(again.modules[0].items[0]) == services.titles_in(
        {translated: "ko"}).item(first)
    assert titles.module(again.modules[0]) == "핵심 용어"


class _App:
    def __init__(self, url):
        self.config, self.testing = {"REDIS_URL": url}, True


def test_instances_share_structures_through_redis(app):
    url = app.config.get("REDIS_URL")
    if not url:
        pytest.skip("needs Redis (TEST_REDIS_URL)")
    one, other = FragmentCache(_App(url)), FragmentCache(_App(url))
    one.prefix = other.prefix = one.prefix + "shared-test:"
    key = one.key(("data", "courses.structure", 1, 42))
    one.set_data(key, {"modules": [[1, "Module ü", None]]})
    assert other.get_data(key) == {"modules": [[1, "Module ü", None]]}
    other.clear()
    assert one.get_data(key) is None


def _catalogue_titles(client, **query) -> list[str]:
    html = client.get("/courses/", query_string=query).get_data(as_text=True)
    return re.findall(r'<h2><a href="[^"]+">([^<]+)</a></h2>', html)


def test_the_catalogue_cards_follow_every_edit_of_their_courses(client, make_course,
                                                              make_user):
    first = make_course(title="Alpha course", summary="First summary.")
    make_course(title="Beta course")
    assert _catalogue_titles(client) == ["Alpha course", "Beta course"]
    services.update_course(first, title="Alpha renamed", slug=first.slug,
                           summary="A new summary.", language="en", level="advanced",
                           hours=3, topics=[], prerequisites=[], experts=[])
    db.session.commit()
    page = client.get("/courses/").get_data(as_text=True)
    assert _catalogue_titles(client) == ["Alpha renamed", "Beta course"]
    assert "A new summary." in page
    assert "First summary." not in page
    services.set_status(first, "draft")
    db.session.commit()
    assert _catalogue_titles(client) == ["Beta course"]


def test_the_catalogue_cards_are_in_each_readers_language(client, translated, make_user):
    login(client, make_user(language="ko"))
    assert "이주의 기초" in client.get("/courses/").get_data(as_text=True)
    services.set_course_translation(translated, "ko", title="새 과정 제목", summary="요약.")
    db.session.commit()
    assert "새 과정 제목" in client.get("/courses/").get_data(as_text=True)
    client.post("/logout")
    login(client, make_user(language="en"))
    assert _catalogue_titles(client) == ["Migration Basics"]


def test_my_learning_builds_the_missing_structures_together(client, make_course, make_user):
    """A cold page costs the same queries for one course as for three (no query per course)."""
    from app.cache import fragment_cache
    from tests.courses.conftest import count_queries

    learner = make_user()
    login(client, learner)
    first = make_course()
    client.post(f"/courses/{first.slug}/start")
    fragment_cache().clear()
    with count_queries() as one:
        page = client.get("/courses/my").get_data(as_text=True)
    assert first.title in page
    more = [make_course(), make_course()]
    for course in more:
        client.post(f"/courses/{course.slug}/start")
    fragment_cache().clear()
    with count_queries() as three:
        page = client.get("/courses/my").get_data(as_text=True)
    assert all(course.title in page for course in [first, *more])
    assert len(three) == len(one)
