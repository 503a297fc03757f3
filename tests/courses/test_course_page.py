"""The course page (GET /courses/<slug>/) for each kind of viewer: who is named (authors and
resource persons, read on every view: their names are theirs, not the course's revision),
drafts, the status badge, the edit link and the study box."""

from __future__ import annotations

import re
from datetime import date

import pytest

from app.courses import services
from app.courses.models import Course
from app.experts.models import Expert
from app.extensions import db
from tests.conftest import login
from tests.courses.conftest import lesson_items


def page_of(client, course) -> str:
    response = client.get(f"/courses/{course.slug}/")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def about(page: str) -> str:
    """The "About this course" box."""
    return page.split('id="about-heading"', 1)[1].split("</aside>", 1)[0]


def listed_under(page: str, heading: str) -> list[str]:
    """The entries of one list of the "About this course" box (authors, resource persons)."""
    box = about(page)
    if f">{heading}</dt>" not in box:
        return []
    return re.findall(r"<li>(.*?)</li>", box.split(f">{heading}</dt>", 1)[1].split("</dd>")[0])


@pytest.fixture
def experts():
    listed = Expert(name="Nguyen Thi Lan", native_name="Nguyễn Thị Lan", honorific="Dr",
                    organisation="Institute of Labour Studies", consent_date=date(2026, 1, 5))
    no_consent = Expert(name="Park Private", organisation="Unlisted Agency")
    archived = Expert(name="Former Expert", consent_date=date(2025, 3, 1), archived=True)
    db.session.add_all([listed, no_consent, archived])
    db.session.flush()
    return listed, no_consent, archived


def test_resource_persons_not_listed_publicly_are_shown_to_editors_only(
        client, make_course, make_user, experts):
    listed, no_consent, archived = experts
    author = make_user("trainer", name="Kim Minji", native_name="김민지",
                       agency="Ministry of Justice")
    course = make_course(author=author, experts=[no_consent, listed, archived])
    public = (f'<a href="/experts/{listed.id}">Dr Nguyen Thi Lan (Nguyễn Thị Lan)</a>'
              '<br><span class="muted small">Institute of Labour Studies</span>')
    author_entry = 'Kim Minji (김민지)<br><span class="muted small">Ministry of Justice</span>'
    for viewer in (None, make_user("learner"), make_user("trainer")):
        if viewer is not None:
            login(client, viewer)
        page = page_of(client, course)
        assert listed_under(page, "Resource persons") == [public]
        assert "Park Private" not in page
        assert "Unlisted Agency" not in page
        assert "Former Expert" not in page
        assert listed_under(page, "Author") == [author_entry]
        assert "Edit course" not in page
        client.post("/logout")
    for editor in (author, make_user("organiser")):
        login(client, editor)
        page = page_of(client, course)
        # in the course's order, the unlisted ones named without a link to their profile
        assert listed_under(page, "Resource persons") == [
            'Park Private<br><span class="muted small">Unlisted Agency</span>', public,
            "Former Expert"]
        assert listed_under(page, "Author") == [author_entry]
        assert "Edit course" in page
        client.post("/logout")


def test_names_and_consent_show_at_once_without_a_new_revision(
        client, make_course, make_user, experts):
    listed, _no_consent, _archived = experts
    author = make_user("trainer", name="Old Author Name", agency="Old Agency")
    co_author = make_user("trainer", name="Second Author")
    course = make_course(author=author, experts=[listed])
    services.add_author(course, co_author.email)
    db.session.commit()
    revision = course.updated_at
    login(client, make_user("learner"))
    page = page_of(client, course)  # the structure is cached now
    assert listed_under(page, "Authors") == [
        'Old Author Name<br><span class="muted small">Old Agency</span>', "Second Author"]
    author.name, author.native_name, author.agency = "New Author Name", "새 이름", ""
    listed.name, listed.organisation = "Renamed Expert", "New Institute"
    db.session.commit()
    page = page_of(client, course)
    assert db.session.get(Course, course.id).updated_at == revision
    assert listed_under(page, "Authors") == ["New Author Name (새 이름)", "Second Author"]
    assert listed_under(page, "Resource persons") == [
        f'<a href="/experts/{listed.id}">Dr Renamed Expert (Nguyễn Thị Lan)</a>'
        '<br><span class="muted small">New Institute</span>']
    assert "Old Author Name" not in page
    listed.archived = True  # withdrawn from the directory: no longer named to learners
    db.session.commit()
    page = page_of(client, course)
    assert listed_under(page, "Resource persons") == []
    assert "Renamed Expert" not in page


def test_a_course_without_resource_persons_names_its_author_only(client, make_course,
                                                                 make_user):
    course = make_course(author=make_user("trainer", name="Solo Author"))
    page = page_of(client, course)
    assert listed_under(page, "Author") == ["Solo Author"]
    assert "Resource persons" not in page


def test_a_draft_is_shown_to_its_editors_only(client, make_course, make_user):
    author = make_user("trainer")
    draft = make_course(title="Draft in progress", status="draft", author=author, level="advanced",
                        hours=1.5)
    assert client.get(f"/courses/{draft.slug}/").status_code == 404
    for other in (make_user("learner"), make_user("trainer")):
        login(client, other)
        assert client.get(f"/courses/{draft.slug}/").status_code == 404
        client.post("/logout")
    for editor in (author, make_user("organiser")):
        login(client, editor)
        page = page_of(client, draft)
        assert '<span class="badge warn">Draft</span>' in page
        assert "Edit course" in page
        assert "Advanced" in about(page)
        assert "1.5 hours" in about(page)
        client.post("/logout")
    services.set_status(draft, "published")
    db.session.commit()
    login(client, make_user("learner"))
    page = page_of(client, draft)
    assert "badge" not in page.split('class="page-head"', 1)[1].split("</div>", 1)[0]
    assert "Edit course" not in page


def test_the_study_box_for_each_stage(client, make_course, make_user):
    course = make_course(modules=1, lessons=2)
    first, second = lesson_items(course)
    assert "Sign in to study this course" in page_of(client, course)
    login(client, make_user())
    assert "Start the course" in page_of(client, course)
    client.post(f"/courses/{course.slug}/start")  # started, nothing done yet
    page = page_of(client, course)
    assert "Continue: Lesson 1.1" in page
    assert "Start the course" not in page
    client.post(f"/courses/{course.slug}/lessons/{first.id}/done")
    assert "Continue: Lesson 1.2" in page_of(client, course)
    client.post(f"/courses/{course.slug}/lessons/{second.id}/done")
    page = page_of(client, course)
    assert "You have completed this course." in page
    assert "Continue:" not in page


def test_the_facts_follow_every_edit_and_the_interface_language(client, make_course,
                                                                make_user):
    """Level, languages, time, modules and topics: one fragment shared by every viewer,
    made again after any change of the course and per interface language."""
    from flask_babel import force_locale, gettext

    basics = make_course(title="Basics first")
    course = make_course(modules=1, lessons=2, hours=2, level="introductory",
                         topics=["remittances"])
    login(client, make_user())
    facts = about(page_of(client, course))
    assert "<dt>Level</dt><dd>Introductory</dd>" in facts
    assert "2 hours" in facts
    assert "Reading time of the lessons: 20 min" in facts
    assert "<dd>1 · 2 items</dd>" in facts
    assert ('<a class="tag" href="/courses/?topic=remittances">Remittances and financial '
            'inclusion</a>') in facts
    services.create_lesson(course.modules[0], title="Lesson 1.3", minutes=15, body="Text.")
    db.session.commit()
    facts = about(page_of(client, course))
    assert "Reading time of the lessons: 35 min" in facts
    assert "<dd>1 · 3 items</dd>" in facts
    services.update_course(course, title=course.title, slug=course.slug, summary="",
                           language="en", level="advanced", hours=4, topics=["gender"],
                           prerequisites=[basics], experts=[])
    db.session.commit()
    facts = about(page_of(client, course))
    assert "<dt>Level</dt><dd>Advanced</dd>" in facts
    assert "4 hours" in facts
    assert "Reading time of the lessons: 35 min" in facts
    assert "<dd>1 · 3 items</dd>" in facts
    assert '<a class="tag" href="/courses/?topic=gender">Gender</a>' in facts
    assert "Remittances" not in facts
    assert f'<a href="/courses/{basics.slug}/">Basics first</a>' in facts
    client.post("/logout")
    login(client, make_user(language="ko"))
    with force_locale("ko"):
        level = gettext("Level")
    assert level != "Level"
    assert f"<dt>{level}</dt>" in about(page_of(client, course))
    client.post("/logout")
    assert f"<dt>{level}</dt>" not in about(page_of(client, course))  # anonymous, English
