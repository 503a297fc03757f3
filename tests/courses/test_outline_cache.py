"""The learner's outline is a shared fragment (app.cache): rendered once per course revision,
language, current item and set of completed items, and never anyone else's progress."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.cache import FragmentCache, fragment_cache
from app.courses import services
from app.extensions import db
from app.quizzes.models import Quiz
from app.quizzes.services import update_settings
from tests.conftest import login
from tests.courses.conftest import lesson_items


def outline_of(page: str) -> str:
    return page.split('class="lesson-outline"', 1)[1]


def done_titles(page: str) -> set[str]:
    """Titles of the items the outline shows as done."""
    return set(re.findall(r'<li class="done[^"]*">.*?<a href="[^"]+"[^>]*>([^<]+)</a>',
                          outline_of(page), re.S))


@pytest.fixture
def cache_counts(app, monkeypatch):
    """How often the outline was looked up, and how often it had to be rendered (other
    fragments of the page, such as the site header, are not counted)."""
    counts = {"get": 0, "miss": 0}
    cache = fragment_cache()
    original_get, original_key = cache.get, cache.key
    outline_keys = set()

    def recording_key(parts):
        key = original_key(parts)
        if parts and parts[0] == "courses.outline":
            outline_keys.add(key)
        return key

    def counting_get(key):
        value = original_get(key)
        if key in outline_keys:
            counts["get"] += 1
            counts["miss"] += value is None
        return value

    monkeypatch.setattr(cache, "key", recording_key)
    monkeypatch.setattr(cache, "get", counting_get)
    return counts


def test_outline_is_rendered_once_and_shared_by_learners_with_the_same_progress(
        app, client, make_course, make_user, cache_counts):
    course = make_course(modules=2, lessons=2)
    second = lesson_items(course)[1]
    url = f"/courses/{course.slug}/lessons/{second.id}"
    login(client, make_user())
    assert "Lesson 2.2" in outline_of(client.get(url).get_data(as_text=True))
    client.get(url)
    client.post("/logout")
    login(client, make_user())  # another learner who has done nothing either
    client.get(url)
    assert cache_counts == {"get": 3, "miss": 1}


def test_outline_never_shows_another_learners_progress(app, client, make_course, make_user):
    course = make_course(modules=1, lessons=3)
    first, second, third = lesson_items(course)
    url = f"/courses/{course.slug}/lessons/{third.id}"
    ahead, beginner = make_user(), make_user()
    login(client, ahead)
    client.post(f"/courses/{course.slug}/lessons/{first.id}/done")
    client.post(f"/courses/{course.slug}/lessons/{second.id}/done")
    page = client.get(url).get_data(as_text=True)
    assert done_titles(page) == {"Lesson 1.1", "Lesson 1.2"}
    assert "2 of 3 done" in page
    client.post("/logout")
    login(client, beginner)
    page = client.get(url).get_data(as_text=True)
    assert done_titles(page) == set()
    assert "0 of 3 done" in page
    client.post(f"/courses/{course.slug}/lessons/{first.id}/done")
    assert done_titles(client.get(url).get_data(as_text=True)) == {"Lesson 1.1"}
    # the course page's outline (without a current lesson) too
    assert done_titles('class="lesson-outline"' + client.get(
        f"/courses/{course.slug}/").get_data(as_text=True)) == {"Lesson 1.1"}
    client.post("/logout")
    login(client, ahead)
    assert done_titles(client.get(url).get_data(as_text=True)) == {"Lesson 1.1", "Lesson 1.2"}


def test_outline_marks_the_current_lesson_of_each_page(app, client, make_course, make_user):
    course = make_course(modules=1, lessons=2)
    first, second = lesson_items(course)
    login(client, make_user())
    for item in (first, second, first):
        outline = outline_of(client.get(f"/courses/{course.slug}/lessons/{item.id}")
                             .get_data(as_text=True))
        assert re.findall(r'href="[^"]+/lessons/(\d+)" aria-current="page"', outline) == [
            str(item.id)]


def test_editing_a_lesson_or_a_module_shows_at_once(app, client, make_course, make_user):
    author = make_user("trainer")
    course = make_course(author=author, modules=1, lessons=2)
    first, second = lesson_items(course)
    url = f"/courses/{course.slug}/lessons/{first.id}"
    learner = make_user()
    login(client, learner)
    assert "Lesson 1.2" in outline_of(client.get(url).get_data(as_text=True))
    client.post("/logout")
    login(client, author)
    response = client.post(f"/courses/{course.slug}/lessons/{second.id}/edit", data={
        "title": "Contracts and fees", "slug": "contracts", "minutes": "25",
        "body": "Text."})
    assert response.status_code == 302
    response = client.post(f"/courses/{course.slug}/modules/new", data={
        "title": "Return and reintegration", "summary": ""})
    assert response.status_code == 302
    client.post("/logout")
    login(client, learner)
    outline = outline_of(client.get(url).get_data(as_text=True))
    assert "Contracts and fees" in outline
    assert "25 min" in outline
    assert "Lesson 1.2" not in outline
    assert "Return and reintegration" in outline


def test_a_quiz_renamed_by_the_quizzes_domain_shows_at_once(app, client, make_course,
                                                            make_user):
    course = make_course(modules=1, lessons=1, quizzes=1)
    lesson = lesson_items(course)[0]
    url = f"/courses/{course.slug}/lessons/{lesson.id}"
    login(client, make_user())
    assert "Quiz 1" in outline_of(client.get(url).get_data(as_text=True))
    quiz = db.session.scalar(select(Quiz).where(Quiz.course_id == course.id))
    update_settings(quiz, title="Final check")  # writes the item's title, not the course
    db.session.commit()
    outline = outline_of(client.get(url).get_data(as_text=True))
    assert "Final check" in outline
    assert "Quiz 1" not in outline


def test_unpublishing_and_republishing_moves_the_revision(app, make_course):
    course = make_course(modules=1, lessons=1)
    before = course.updated_at
    services.set_status(course, "draft")
    db.session.commit()
    assert course.updated_at > before


def test_reading_pages_does_not_move_the_revision(app, client, make_course, make_user):
    course = make_course(modules=1, lessons=2)
    before = course.updated_at
    login(client, make_user())
    first = lesson_items(course)[0]
    client.get(f"/courses/{course.slug}/")
    client.get(f"/courses/{course.slug}/lessons/{first.id}")
    client.post(f"/courses/{course.slug}/lessons/{first.id}/done")  # progress, not content
    db.session.expire_all()
    assert db.session.get(type(course), course.id).updated_at == before


def test_the_cache_off_renders_the_same_page(app, client, make_course, make_user):
    course = make_course(modules=1, lessons=2)
    url = f"/courses/{course.slug}/lessons/{lesson_items(course)[0].id}"
    login(client, make_user())
    cached = client.get(url).get_data(as_text=True)
    cached = client.get(url).get_data(as_text=True)
    app.config["FRAGMENT_CACHE_ENABLED"] = False
    rendered = client.get(url).get_data(as_text=True)
    strip = re.compile(r'name="csrf_token" value="[^"]+"')
    assert strip.sub("", cached) == strip.sub("", rendered)


class _App:
    def __init__(self, url):
        self.config = {"REDIS_URL": url}
        self.testing = False


def test_a_redis_that_is_down_is_a_miss_not_an_error():
    cache = FragmentCache(_App("redis://127.0.0.1:9/0"))
    cache.set("k", "<p>x</p>")
    assert cache.get("k") is None


def test_instances_share_fragments_through_redis(app):
    url = app.config.get("REDIS_URL")
    if not url:
        pytest.skip("needs Redis (TEST_REDIS_URL)")
    one, other = FragmentCache(_App(url)), FragmentCache(_App(url))
    one.prefix = other.prefix = one.prefix + "shared-test:"
    key = one.key(("courses.outline", 1, 42))
    one.set(key, "<ol>ü</ol>")
    assert other.get(key) == "<ol>ü</ol>"
    other.clear()
    assert one.get(key) is None


def test_a_redis_that_is_down_is_skipped_for_a_while_after_the_first_failure(monkeypatch):
    cache = FragmentCache(_App("redis://127.0.0.1:9/0"))
    calls = []
    real_get = cache.redis.get

    def counting_get(key):
        calls.append(key)
        return real_get(key)

    monkeypatch.setattr(cache.redis, "get", counting_get)
    assert cache.get("k") is None
    assert cache.get("k") is None
    assert cache.get("other") is None
    assert len(calls) == 1  # the later pages did not wait for Redis again
    cache.down_until = 0.0  # the retry time has passed: Redis is asked again
    assert cache.get("k") is None
    assert len(calls) == 2
