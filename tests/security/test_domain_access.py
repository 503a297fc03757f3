"""#11 media follow the lessons' access; #12 a draft's existence does not show: non-authors get
the same 404 on every authoring route of a course they cannot edit as for a course that does not
exist."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.courses import media as course_media
from app.extensions import db
from app.quizzes.models import Quiz
from tests import factories
from tests.conftest import login
from tests.courses.conftest import png_bytes


@pytest.fixture
def draft(make_user):
    author = make_user("trainer", email="author@example.test")
    course = factories.make_course(author, slug="secret-draft", published=False, quizzes=1)
    course_media.add_media(course, filename="chart.png", data=png_bytes())
    db.session.commit()
    return course


def _quiz(course) -> Quiz | None:
    return db.session.scalars(select(Quiz).where(Quiz.course_id == course.id)).first()


def _urls(app, course, blueprint: str, arg: str, value) -> list[tuple[str, str]]:
    module = course.modules[-1]
    item = module.items[0]
    quiz = _quiz(course)
    ids = {"slug": course.slug, "course_id": course.id, "module_id": module.id,
           "item_id": item.id, "media_id": course.media[0].id, "name": "chart.png",
           "user_id": course.authors[0].id, "quiz_id": quiz.id if quiz else 0,
           "direction": "down", "status": "archived", "state": "done"}
    found = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint.split(".")[0] != blueprint or arg not in rule.arguments:
            continue
        values = {name: ids.get(name, 1) for name in rule.arguments}
        values[arg] = value
        url = rule.build(values, append_unknown=False)[1]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            found.append((method, url))
    return found


def _status(client, method: str, url: str) -> int:
    if method == "GET":
        return client.get(url).status_code
    return client.post(url, data={}).status_code


@pytest.mark.parametrize("role", ["trainer", "learner"])
def test_every_route_of_a_draft_answers_404_to_a_non_author(app, client, make_user, draft,
                                                              role):
    login(client, make_user(role))
    urls = _urls(app, draft, "courses", "slug", draft.slug)
    assert len(urls) >= 20
    answers = {(method, url): _status(client, method, url) for method, url in urls}
    assert {k: v for k, v in answers.items() if v != 404} == {}
    # The same answer as for a slug that does not exist.
    for method, url in urls[:5]:
        assert _status(client, method, url.replace(draft.slug, "no-such-course")) == 404


def test_quiz_authoring_of_a_draft_answers_404_to_a_non_author(app, client, make_user, draft):
    login(client, make_user("trainer"))
    quiz = _quiz(draft)
    assert quiz is not None
    urls = [(m, u) for m, u in _urls(app, draft, "quizzes", "quiz_id", quiz.id)
            if not re.search(r"/(take|start|attempt)", u)]
    assert urls
    answers = {(method, url): _status(client, method, url) for method, url in urls}
    assert {k: v for k, v in answers.items() if v != 404} == {}
    module = draft.modules[-1]
    assert client.get(f"/quizzes/new?module={module.id}").status_code == 404


def test_media_of_a_published_course_need_sign_in_like_its_lessons(client, make_user):
    course = factories.make_course(make_user("trainer"), slug="open-course")
    course_media.add_media(course, filename="chart.png", data=png_bytes())
    db.session.commit()
    url = f"/courses/{course.id}/media/chart.png"
    lesson = f"/courses/{course.slug}/lessons/{course.modules[0].items[0].id}"
    anonymous = client.get(url)
    assert anonymous.status_code == client.get(lesson).status_code == 302
    assert "/login" in anonymous.headers["Location"]

    login(client, make_user("learner"))
    response = client.get(url)
    assert response.status_code == 200
    assert response.data == png_bytes()
    assert "private" in response.headers["Cache-Control"]
