"""Learners: catalogue, course page, lessons, progress, prerequisites, resume, My learning."""

from __future__ import annotations

import re

from sqlalchemy import select

from app.courses import progress, services
from app.courses.models import CourseActivity, LessonProgress
from app.extensions import db
from tests.conftest import login
from tests.courses.conftest import count_queries, lesson_items


def test_catalogue_searches_and_filters(client, make_course):
    make_course(title="Labour migration basics", language="en", level="introductory",
                topics=["labour-migration"], summary="Employment permits.")
    make_course(title="Remittance statistics", language="ko", level="advanced",
                topics=["remittances", "data-statistics"])
    make_course(title="Hidden draft", status="draft")
    page = client.get("/courses/").get_data(as_text=True)
    assert "Labour migration basics" in page
    assert "Remittance statistics" in page
    assert "Hidden draft" not in page
    assert "2 courses" in page

    def titles(**query):
        html = client.get("/courses/", query_string=query).get_data(as_text=True)
        return set(re.findall(r'<h2><a href="[^"]+">([^<]+)</a></h2>', html))

    assert titles(q="permits") == {"Labour migration basics"}
    assert titles(q="STATISTICS") == {"Remittance statistics"}
    assert titles(topic="remittances") == {"Remittance statistics"}
    assert titles(language="en") == {"Labour migration basics"}
    assert titles(level="advanced") == {"Remittance statistics"}
    assert titles(level="advanced", language="en") == set()


def test_catalogue_pages_and_their_count(client, make_course, monkeypatch):
    """Pages of the catalogue: the total from the page's own statement (a window count),
    and from a count when the page asked for is past the last one; the same statements
    for 3 courses as for 30."""
    from app.courses import queries

    monkeypatch.setattr(queries, "CATALOGUE_PAGE_SIZE", 2)
    for n in range(3):
        make_course(title=f"Course {n}", level="advanced" if n else "introductory")

    def show(**query):
        client.get("/courses/", query_string=query)  # warm (first use of a shape)
        with count_queries() as statements:
            html = client.get("/courses/", query_string=query).get_data(as_text=True)
        return html, len(statements), re.findall(r'<h2><a href="[^"]+">([^<]+)</a></h2>', html)

    html, first, titles = show()
    assert titles == ["Course 0", "Course 1"]
    assert "3 courses" in html
    assert "Page 1 of 2" in html
    html, second, titles = show(page=2)
    assert titles == ["Course 2"]
    assert "Page 2 of 2" in html
    assert 'rel="prev"' in html
    assert 'rel="next"' not in html
    html, past, titles = show(page=7)
    assert titles == []
    assert "3 courses" in html
    assert "No course matches your search." in html
    assert "Page 7 of 2" in html
    assert past == second + 1  # the count
    html, _n, titles = show(level="advanced", page=1)
    assert titles == ["Course 1", "Course 2"]
    assert "2 courses" in html
    html, _n, titles = show(page=-4)  # brought back to the first page
    assert titles == ["Course 0", "Course 1"]
    for n in range(3, 30):
        make_course(title=f"Course {n:02d}")
    _html, more, _titles = show()
    assert more == first


def test_drafts_are_hidden_from_learners_and_other_trainers(client, make_course, make_user):
    author = make_user("trainer")
    draft = make_course(status="draft", author=author)
    item = lesson_items(draft)[0]
    login(client, make_user("learner"))
    assert client.get(f"/courses/{draft.slug}/").status_code == 404
    assert client.get(f"/courses/{draft.slug}/lessons/{item.id}").status_code == 404
    client.post("/logout")
    login(client, make_user("trainer"))
    assert client.get(f"/courses/{draft.slug}/").status_code == 404
    assert client.get(f"/courses/{draft.slug}/authoring").status_code == 404
    client.post("/logout")
    login(client, author)
    assert client.get(f"/courses/{draft.slug}/").status_code == 200
    assert client.get(f"/courses/{draft.slug}/lessons/{item.id}").status_code == 200


def test_course_page_shows_outline_time_and_progress(client, make_course, make_user):
    course = make_course(modules=2, lessons=2, hours=3)
    learner = make_user()
    login(client, learner)
    page = client.get(f"/courses/{course.slug}/").get_data(as_text=True)
    assert "Module 1: Module 1" in page
    assert "Lesson 2.2" in page
    assert "3 hours" in page
    assert "Reading time of the lessons: 40 min" in page
    assert "Start the course" in page
    first = lesson_items(course)[0]
    response = client.post(f"/courses/{course.slug}/start")
    assert response.headers["Location"].endswith(f"/lessons/{first.id}")
    client.post(f"/courses/{course.slug}/lessons/{first.id}/done")
    page = client.get(f"/courses/{course.slug}/").get_data(as_text=True)
    assert "1 of 4 done" in page
    assert 'class="done"' in page
    assert "Continue: Lesson 1.2" in page


def test_mark_done_goes_to_the_next_item_and_can_be_undone(client, make_course, make_user):
    course = make_course(modules=2, lessons=1)
    first, second = lesson_items(course)
    learner = make_user()
    login(client, learner)
    page = client.get(f"/courses/{course.slug}/lessons/{first.id}").get_data(as_text=True)
    assert "Mark as done" in page
    assert f'href="/courses/{course.slug}/lessons/{second.id}"' in page  # next
    response = client.post(f"/courses/{course.slug}/lessons/{first.id}/done")
    assert response.headers["Location"].endswith(f"/lessons/{second.id}")
    assert db.session.scalar(select(LessonProgress).where(
        LessonProgress.user_id == learner.id)) is not None
    page = client.get(f"/courses/{course.slug}/lessons/{first.id}").get_data(as_text=True)
    assert "Mark as not done" in page
    client.post(f"/courses/{course.slug}/lessons/{first.id}/undone")
    assert db.session.scalar(select(LessonProgress)) is None
    client.post(f"/courses/{course.slug}/lessons/{first.id}/done")
    response = client.post(f"/courses/{course.slug}/lessons/{second.id}/done")
    assert response.headers["Location"].endswith(f"/courses/{course.slug}/")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "You have completed this course." in page


def test_resume_link_points_at_the_exact_next_item(client, make_course, make_user):
    course = make_course(modules=2, lessons=2)
    items = lesson_items(course)
    learner = make_user()
    login(client, learner)
    for item in (items[0], items[2]):  # done out of order: 1.1 and 2.1
        client.post(f"/courses/{course.slug}/lessons/{item.id}/done")
    page = client.get("/courses/my").get_data(as_text=True)
    assert course.title in page
    resume = re.search(r'<a class="button" href="([^"]+)">Resume', page).group(1)
    assert resume == f"/courses/{course.slug}/lessons/{items[1].id}"
    assert "Next: Lesson 1.2" in page
    assert "2 of 4 done" in page
    for item in (items[1], items[3]):
        client.post(f"/courses/{course.slug}/lessons/{item.id}/done")
    page = client.get("/courses/my").get_data(as_text=True)
    assert "You have no course in progress." in page
    completed = page.split('id="completed"')[1]
    assert course.title in completed


def test_prerequisites_are_enforced_with_a_clear_message(client, make_course, make_user):
    basics = make_course(title="Basics", lessons=1)
    advanced = make_course(title="Advanced", prerequisites=[basics])
    learner = make_user()
    login(client, learner)
    page = client.get(f"/courses/{advanced.slug}/").get_data(as_text=True)
    assert "Before you start this course, complete:" in page
    assert f'href="/courses/{basics.slug}/">Basics</a>' in page
    assert "Start the course" not in page
    item = lesson_items(advanced)[0]
    response = client.get(f"/courses/{advanced.slug}/lessons/{item.id}")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Complete Basics before you start this course." in page
    assert client.post(f"/courses/{advanced.slug}/lessons/{item.id}/done").status_code == 302
    assert db.session.scalar(select(LessonProgress)) is None  # nothing recorded
    client.post(f"/courses/{basics.slug}/lessons/{lesson_items(basics)[0].id}/done")
    assert client.get(f"/courses/{advanced.slug}/lessons/{item.id}").status_code == 200
    assert "Before you start" not in client.get(f"/courses/{advanced.slug}/").get_data(
        as_text=True)


def test_archived_course_stays_open_to_those_who_started_it(client, make_course, make_user):
    course = make_course(title="Old course")
    item = lesson_items(course)[0]
    started, newcomer = make_user(), make_user()
    login(client, started)
    client.post(f"/courses/{course.slug}/start")
    services.set_status(course, "archived")
    db.session.commit()
    assert "Old course" not in client.get("/courses/").get_data(as_text=True)
    assert client.get(f"/courses/{course.slug}/lessons/{item.id}").status_code == 200
    client.post("/logout")
    login(client, newcomer)
    page = client.get(f"/courses/{course.slug}/").get_data(as_text=True)
    assert "This course is archived" in page
    assert client.get(f"/courses/{course.slug}/lessons/{item.id}").status_code == 302


def test_lesson_page_query_count_is_constant(client, make_course, make_user):
    """The same number of queries for a lesson of a course with 2 lessons and with 20."""
    courses = {n: make_course(modules=2, lessons=n // 2, title=f"Size {n}") for n in (2, 20)}
    learner = make_user()
    login(client, learner)
    counts = {}
    for n, course in courses.items():
        items = lesson_items(course)
        for item in items[:2]:
            client.post(f"/courses/{course.slug}/lessons/{item.id}/done")
        url = f"/courses/{course.slug}/lessons/{items[1].id}"
        client.get(url)  # warm up (first use of the session)
        db.session.expire_all()
        with count_queries() as statements:
            assert client.get(url).status_code == 200
        counts[n] = len(statements)
    assert counts[2] == counts[20], counts
    assert counts[20] <= 14, counts


def test_course_page_and_my_learning_query_counts_do_not_grow(client, make_course, make_user):
    small, big = make_course(modules=1, lessons=2), make_course(modules=4, lessons=5)
    learner = make_user()
    login(client, learner)
    counts = []
    for course in (small, big):
        client.post(f"/courses/{course.slug}/start")
        client.get(f"/courses/{course.slug}/")
        with count_queries() as statements:
            client.get(f"/courses/{course.slug}/")
        counts.append(len(statements))
    assert counts[0] == counts[1], counts


def test_progress_for_service(make_course, make_user):
    course = make_course(modules=2, lessons=2)
    learner = make_user()
    items = lesson_items(course)
    progress.set_lesson_done(learner, items[0].lesson, course)
    mine = progress.progress_for(learner, course)
    assert (mine.done, mine.total, mine.percent) == (1, 4, 25)
    assert mine.next_item.id == items[1].id
    assert mine.lessons_done == 1
    assert mine.lessons_total == 4
    assert db.session.scalar(select(CourseActivity.course_id)) == course.id


def test_markdown_payloads_render_inert(client, make_course, make_user):
    author = make_user("trainer")
    course = make_course(author=author, lessons=1)
    lesson = lesson_items(course)[0].lesson
    payloads = "\n\n".join([
        "<script>alert('s')</script>",
        "<img src=x onerror=alert('i')>",
        "<svg onload=alert('v')><script>alert(1)</script></svg>",
        "<iframe src=\"https://evil.example/\"></iframe>",
        "[click](javascript:alert('j'))",
        "[click2](JaVaScRiPt:alert('k'))",
        "[click3](&#106;avascript:alert('l'))",
        "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "![pic](javascript:alert('m'))",
        "![pic2](https://evil.example/track.png)",
        "<a href=\"javascript:alert('n')\">raw link</a>",
        "<javascript:alert('o')>",
        "[ok](https://example.org/page)",
        "<div style=\"background:url(javascript:alert(1))\" onclick=\"alert(2)\">x</div>",
    ])
    services.update_lesson(lesson, title=lesson.title, slug=lesson.slug, minutes=5,
                           body=payloads)
    db.session.commit()
    login(client, make_user())
    html = client.get(f"/courses/{course.slug}/lessons/{lesson.item_id}").get_data(as_text=True)
    body = html.split('class="prose lesson-body">')[1].split("</div>")[0]
    tags = re.findall(r"<[a-zA-Z][^>]*>", body)
    names = {re.match(r"<([a-zA-Z0-9]+)", tag).group(1).lower() for tag in tags}
    assert names <= {"p", "a"}, names  # no script, svg, iframe, img, div
    for tag in tags:
        assert not re.search(r"\son\w+=", tag, re.IGNORECASE), tag
        assert "javascript:" not in tag.lower(), tag
        assert "data:" not in tag.lower(), tag
        assert "style=" not in tag.lower(), tag
    assert "evil.example/track" not in body
    assert "&lt;script&gt;" in body  # shown as text
    assert '<a href="https://example.org/page" rel="noopener noreferrer">ok</a>' in body
    assert "script-src 'self'" in client.get(
        f"/courses/{course.slug}/lessons/{lesson.item_id}").headers["Content-Security-Policy"]


def test_expert_contributions_list_published_courses_only(make_course, make_user):
    from flask import current_app
    from flask_login import AnonymousUserMixin

    from app.experts.contributions import contributions_of
    from app.experts.models import Expert

    expert = Expert(name="Dr Test Expert")
    db.session.add(expert)
    db.session.flush()
    author = make_user("trainer")
    public = make_course(title="Public course", experts=[expert], author=author)
    make_course(title="Secret draft", experts=[expert], status="draft", author=author)
    with db.session.no_autoflush, current_app.test_request_context():
        anonymous = contributions_of(expert.id, AnonymousUserMixin())
        mine = contributions_of(expert.id, author)
        assert [c.title for c in anonymous] == ["Public course"]
        assert str(anonymous[0].kind) == "Resource person"
        assert anonymous[0].url == f"/courses/{public.slug}/"
    assert sorted(c.title for c in mine) == ["Public course", "Secret draft"]


def test_resource_persons_listed_only_with_consent(client, make_course, make_user):
    from datetime import date

    from app.experts.models import Expert

    listed = Expert(name="Dr Listed Expert", organisation="Institute (test)",
                    consent_date=date(2026, 1, 5))
    unlisted = Expert(name="Dr Private Expert")
    db.session.add_all([listed, unlisted])
    db.session.flush()
    author = make_user("trainer")
    course = make_course(author=author, experts=[listed, unlisted])
    page = client.get(f"/courses/{course.slug}/").get_data(as_text=True)
    assert "Dr Listed Expert" in page
    assert "Institute (test)" in page
    assert "Dr Private Expert" not in page
    login(client, author)
    assert "Dr Private Expert" in client.get(f"/courses/{course.slug}/").get_data(as_text=True)
