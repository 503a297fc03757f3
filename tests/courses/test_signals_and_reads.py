"""What courses tell other domains (signals.lesson_completed), and that pages read only."""

from __future__ import annotations

import pytest

from app import signals
from app.courses import progress
from app.courses.models import LessonProgress
from app.extensions import db
from tests.conftest import login
from tests.courses.conftest import lesson_items
from tests.factories import png_bytes, row_counts


@pytest.fixture
def received():
    """The lesson_completed signals sent during the test: (sender, kwargs)."""
    calls: list[tuple] = []

    def receiver(sender, **kwargs):
        calls.append((sender, kwargs))

    signals.lesson_completed.connect(receiver)
    yield calls
    signals.lesson_completed.disconnect(receiver)


def test_marking_a_lesson_done_sends_the_signal_once_per_change(client, make_course,
                                                                 make_user, received):
    course = make_course(lessons=2)
    learner = make_user("learner")
    first = lesson_items(course)[0]
    login(client, learner)
    url = f"/courses/{course.slug}/lessons/{first.id}"
    assert client.post(f"{url}/done").status_code == 302
    assert len(received) == 1
    sender, kwargs = received[0]
    assert isinstance(sender, LessonProgress)
    assert kwargs == {"user": learner, "lesson": first.lesson, "completed": True}
    assert (sender.user_id, sender.lesson_id) == (learner.id, first.lesson.id)

    client.post(f"{url}/done")  # already done: nothing changes, nothing is sent
    assert len(received) == 1

    client.post(f"{url}/undone")
    assert len(received) == 2
    assert received[1][1]["completed"] is False
    assert received[1][1]["lesson"] == first.lesson
    client.post(f"{url}/undone")
    assert len(received) == 2


def test_receivers_see_the_flushed_progress(app, make_course, make_user):
    course = make_course(lessons=1)
    learner = make_user("learner")
    lesson = lesson_items(course)[0].lesson
    seen = []

    def receiver(sender, user, lesson, completed, **_):
        seen.append((completed, progress.progress_for(user, course).done))

    signals.lesson_completed.connect(receiver)
    try:
        assert progress.set_lesson_done(learner, lesson, course) is True
        assert progress.set_lesson_done(learner, lesson, course, done=False) is True
        assert progress.set_lesson_done(learner, lesson, course, done=False) is False
    finally:
        signals.lesson_completed.disconnect(receiver)
    assert seen == [(True, 1), (False, 0)]


def test_get_requests_write_nothing(client, make_course, make_user):
    """Viewing pages (as a learner who has started, and as the author) leaves every table's
    row count unchanged: progress and "resume" are computed on read."""
    author = make_user("trainer")
    course = make_course(lessons=2, author=author)
    from app.courses import media

    media.add_media(course, filename="map.png", data=png_bytes(), name="map.png", user=author)
    db.session.commit()
    learner = make_user("learner")
    items = lesson_items(course)
    login(client, learner)
    client.post(f"/courses/{course.slug}/start")
    client.post(f"/courses/{course.slug}/lessons/{items[0].id}/done")
    learner_pages = ["/", "/courses/", f"/courses/{course.slug}/", "/courses/my",
                     f"/courses/{course.slug}/lessons/{items[1].id}",
                     f"/courses/{course.id}/media/map.png", "/account"]
    before = row_counts()
    for url in learner_pages:
        assert client.get(url).status_code == 200, url
    assert row_counts() == before
    client.post("/logout")
    login(client, author)
    before = row_counts()
    for url in ["/courses/manage", f"/courses/{course.slug}/authoring",
                f"/courses/{course.slug}/edit", f"/courses/{course.slug}/media",
                f"/courses/{course.slug}/lessons/{items[0].id}/edit",
                f"/courses/{course.slug}/export.zip"]:
        assert client.get(url).status_code == 200, url
    assert row_counts() == before
