"""Trainers on the web: build, reorder, media, co-authors, publication, access to others'
courses — and the whole journey from an empty course to a learner finishing it."""

from __future__ import annotations

import io
import re

from sqlalchemy import func, select

from app.courses import services
from app.courses.models import Course, CourseMedia, ModuleItem
from app.extensions import db
from tests.conftest import login
from tests.courses.conftest import PDF_BYTES, lesson_items, png_bytes


def _id_from(location: str, name: str) -> int:
    return int(re.search(rf"#{name}-(\d+)", location).group(1))


def test_trainer_builds_publishes_and_a_learner_finishes_the_course(
        client, app, make_user, runner, tmp_path):
    trainer = make_user("trainer")
    login(client, trainer)
    response = client.post("/courses/new", data={
        "title": "Return and Reintegration", "summary": "Helping returnees.",
        "language": "en", "level": "intermediate", "hours": "4",
        "topics": ["return-reintegration", "labour-migration"]})
    assert response.status_code == 302
    course = db.session.scalar(select(Course))
    assert course.slug == "return-and-reintegration"
    assert course.status == "draft"
    slug = course.slug
    # Media: an image and an attachment.
    for name, data in (("Map of returns.png", png_bytes()), ("Checklist.pdf", PDF_BYTES)):
        response = client.post(f"/courses/{slug}/media", data={
            "file": (io.BytesIO(data), name)}, content_type="multipart/form-data")
        assert response.status_code == 302, response.get_data(as_text=True)
    assert sorted(m.name for m in db.session.scalars(select(CourseMedia))) == [
        "checklist.pdf", "map-of-returns.png"]
    # Three modules with lessons.
    module_ids = []
    for n in range(1, 4):
        response = client.post(f"/courses/{slug}/modules/new",
                               data={"title": f"Part {n}", "summary": f"Summary {n}"})
        module_ids.append(_id_from(response.headers["Location"], "module"))
    bodies = {
        (0, 0): "## Why return matters\n\n![Map](media/map-of-returns.png)",
        (0, 1): "## Tools\n\nDownload the [checklist](media/checklist.pdf).",
        (1, 0): "## Programmes\n\nText.",
        (2, 0): "## Summary\n\nText.",
    }
    for (m, n), body in bodies.items():
        response = client.post(f"/courses/{slug}/modules/{module_ids[m]}/lessons/new", data={
            "title": f"Lesson {m + 1}.{n + 1}", "minutes": "15", "body": body, "save": "1"})
        assert response.status_code == 302, response.get_data(as_text=True)
    response = client.post(f"/courses/{slug}/status/published")
    assert "The course is published." in client.get(response.headers["Location"]).get_data(
        as_text=True)
    client.post("/logout")

    learner = make_user("learner")
    login(client, learner)
    assert "Return and Reintegration" in client.get("/courses/").get_data(as_text=True)
    response = client.post(f"/courses/{slug}/start")
    location = response.headers["Location"]
    while True:
        page = client.get(location).get_data(as_text=True)
        if "Why return matters" in page:
            body = page.split('class="prose lesson-body">')[1]
            image = re.search(r'<img src="([^"]+)"', body).group(1)
            assert image == f"/courses/{course.id}/media/map-of-returns.png"
            assert client.get(image).mimetype == "image/png"
        if "checklist" in page:
            link = re.search(r'<a href="([^"]+)" rel="noopener noreferrer">checklist', page)
            download = client.get(link.group(1))
            assert download.mimetype == "application/pdf"
        if location.endswith(f"/courses/{slug}/"):
            break
        item_id = re.search(r"/lessons/(\d+)", location).group(1)
        my = client.get("/courses/my").get_data(as_text=True)
        assert f'href="/courses/{slug}/lessons/{item_id}">Resume' in my  # resume = here
        location = client.post(f"/courses/{slug}/lessons/{item_id}/done").headers["Location"]
    assert "You have completed this course." in page
    assert "4 of 4 done" in page
    assert "No completed course yet." not in client.get("/courses/my").get_data(as_text=True)

    # The same course exported and re-imported is identical.
    first, second = tmp_path / "a", tmp_path / "b"
    assert runner.invoke(args=["courses", "export", slug, str(first)]).exit_code == 0
    assert runner.invoke(args=["courses", "import", str(first / slug)]).exit_code == 0
    assert runner.invoke(args=["courses", "export", slug, str(second)]).exit_code == 0
    files = {p.relative_to(first).as_posix(): p.read_bytes() for p in first.rglob("*")
             if p.is_file()}
    assert files == {p.relative_to(second).as_posix(): p.read_bytes()
                     for p in second.rglob("*") if p.is_file()}
    assert f"{slug}/modules/03-part-3/01-lesson-3-1.md" in files
    assert f"{slug}/media/map-of-returns.png" in files
    assert b"topics: [return-reintegration, labour-migration]" in files[f"{slug}/course.yaml"]


def test_reorder_modules_and_items_without_javascript(client, make_user, make_course):
    trainer = make_user("trainer")
    course = make_course(author=trainer, modules=2, lessons=2)
    login(client, trainer)
    m1, m2 = course.modules
    a, b = m1.items
    c, _d = m2.items
    client.post(f"/courses/{course.slug}/items/{a.id}/down")
    db.session.expire_all()
    assert [i.title for i in db.session.get(type(m1), m1.id).items] == ["Lesson 1.2",
                                                                         "Lesson 1.1"]
    client.post(f"/courses/{course.slug}/items/{a.id}/down")  # past the end: next module
    db.session.expire_all()
    assert [i.title for i in db.session.get(type(m2), m2.id).items] == [
        "Lesson 1.1", "Lesson 2.1", "Lesson 2.2"]
    assert [i.position for i in db.session.get(type(m2), m2.id).items] == [1, 2, 3]
    client.post(f"/courses/{course.slug}/modules/{m2.id}/up")
    db.session.expire_all()
    course = services.get_course(course.slug, outline=True)
    assert [m.title for m in course.modules] == ["Module 2", "Module 1"]
    page = client.get(f"/courses/{course.slug}/authoring").get_data(as_text=True)
    assert page.index("Module 2") < page.index("Module 1")
    assert "Move up: Lesson 2.1" in page
    assert b.id
    assert c.id


def test_publishing_needs_content_and_statuses_change(client, make_user):
    trainer = make_user("trainer")
    login(client, trainer)
    client.post("/courses/new", data={"title": "Empty", "language": "en",
                                      "level": "introductory", "hours": "0"})
    response = client.post("/courses/empty/status/published", follow_redirects=True)
    assert "Add at least one lesson before publishing the course." in response.get_data(
        as_text=True)
    assert services.get_course("empty").status == "draft"


def test_form_errors_show_next_to_fields(client, make_user, make_course):
    trainer = make_user("trainer")
    make_course(slug="taken", title="Taken")
    login(client, trainer)
    response = client.post("/courses/new", data={"title": "", "slug": "Bad Slug!",
                                                 "language": "en", "level": "introductory",
                                                 "hours": "-1"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "This field is required." in page
    assert "Use lower-case letters a–z, digits and hyphens only." in page
    response = client.post("/courses/new", data={"title": "T", "slug": "taken",
                                                 "language": "en", "level": "introductory",
                                                 "hours": "1"})
    assert "Another course already uses this address." in response.get_data(as_text=True)
    response = client.post("/courses/new", data={"title": "T", "slug": "manage",
                                                 "language": "en", "level": "introductory",
                                                 "hours": "1"})
    assert "This address is reserved" in response.get_data(as_text=True)


def test_co_authors_by_email(client, make_user, make_course):
    author = make_user("trainer")
    colleague = make_user("trainer", email="colleague@example.test")
    learner = make_user("learner", email="official@example.test")
    course = make_course(author=author, status="draft")
    login(client, colleague)
    assert client.get(f"/courses/{course.slug}/authoring").status_code == 404
    client.post("/logout")
    login(client, author)
    response = client.post(f"/courses/{course.slug}/authors",
                           data={"email": "official@example.test"})
    assert "is not a trainer" in response.get_data(as_text=True)
    response = client.post(f"/courses/{course.slug}/authors", data={"email": "x@nowhere.test"})
    assert "There is no account with this e-mail address." in response.get_data(as_text=True)
    response = client.post(f"/courses/{course.slug}/authors",
                           data={"email": "Colleague@Example.test"})
    assert response.status_code == 302
    client.post("/logout")
    login(client, colleague)
    assert client.get(f"/courses/{course.slug}/authoring").status_code == 200
    assert course.title in client.get("/courses/manage").get_data(as_text=True)
    # The colleague removes the original author; the last author cannot be removed.
    client.post(f"/courses/{course.slug}/authors/{author.id}/remove")
    response = client.post(f"/courses/{course.slug}/authors/{colleague.id}/remove",
                           follow_redirects=True)
    assert "A course keeps at least one author." in response.get_data(as_text=True)
    db.session.expire_all()
    assert [a.id for a in services.get_course(course.slug).authors] == [colleague.id]
    assert learner.id


def test_a_trainer_cannot_touch_a_course_they_do_not_author(client, make_user, make_course):
    mine = make_course(author=make_user("trainer", email="me@example.test"))
    theirs = make_course(author=make_user("trainer"))
    their_module = theirs.modules[0]
    their_item = their_module.items[0]
    login(client, "me@example.test")
    for url in (f"/courses/{theirs.slug}/edit", f"/courses/{theirs.slug}/authoring",
                f"/courses/{theirs.slug}/media", f"/courses/{theirs.slug}/export.zip",
                f"/courses/{theirs.slug}/lessons/{their_item.id}/edit"):
        assert client.get(url).status_code == 404, url
    for url in (f"/courses/{theirs.slug}/status/archived",
                f"/courses/{theirs.slug}/modules/{their_module.id}/delete",
                f"/courses/{theirs.slug}/lessons/{their_item.id}/delete"):
        assert client.post(url).status_code == 404, url
    # Their ids under my course's address: not found, and nothing changes.
    assert client.get(f"/courses/{mine.slug}/lessons/{their_item.id}/edit").status_code == 404
    assert client.post(f"/courses/{mine.slug}/lessons/{their_item.id}/delete"
                       ).status_code == 404
    assert client.post(f"/courses/{mine.slug}/modules/{their_module.id}/delete"
                       ).status_code == 404
    assert client.post(f"/courses/{mine.slug}/items/{their_item.id}/up").status_code == 404
    assert db.session.get(ModuleItem, their_item.id) is not None
    assert services.get_course(theirs.slug).status == "published"
    assert theirs.title not in client.get("/courses/manage").get_data(as_text=True)


def test_organisers_edit_every_course(client, make_user, make_course):
    course = make_course(status="draft")
    login(client, make_user("organiser"))
    assert client.get(f"/courses/{course.slug}/authoring").status_code == 200
    assert course.title in client.get("/courses/manage").get_data(as_text=True)


def test_upload_checks(client, make_user, make_course, app):
    trainer = make_user("trainer")
    course = make_course(author=trainer)
    login(client, trainer)

    def upload(filename, data, **extra):
        response = client.post(f"/courses/{course.slug}/media",
                               data={"file": (io.BytesIO(data), filename), **extra},
                               content_type="multipart/form-data")
        return response.status_code, response.get_data(as_text=True)

    status, page = upload("drawing.svg", b'<svg xmlns="http://www.w3.org/2000/svg" '
                                         b'onload="alert(1)"/>')
    assert status == 200
    assert "Files of type .svg are not accepted." in page
    status, page = upload("page.html", b"<script>alert(1)</script>")
    assert "Files of type .html are not accepted." in page
    status, page = upload("photo.png", b"<html><script>alert(1)</script></html>")
    assert "The file is not a valid image." in page
    status, page = upload("report.pdf", b"MZ\x90\x00 not a pdf")
    assert "does not match its type" in page
    app.config["UPLOAD_MAX_BYTES"] = 1024
    status, page = upload("big.png", png_bytes(size=(400, 400)) + b"\0" * 2048)
    assert "larger than" in page
    app.config["UPLOAD_MAX_BYTES"] = 10 * 1024 * 1024
    assert db.session.scalar(select(func.count(CourseMedia.id))) == 0

    assert upload("chart.png", png_bytes())[0] == 302
    status, page = upload("chart.png", png_bytes(color=(0, 0, 0)))
    assert "There is already a file called chart.png." in page
    assert upload("chart.png", png_bytes(color=(0, 0, 0)), replace="y")[0] == 302
    assert "The name must end in .pdf like the file." in upload("notes.pdf", PDF_BYTES,
                                                               name="handout")[1]
    assert upload("notes.pdf", PDF_BYTES, name="handout.pdf")[0] == 302

    image = client.get(f"/courses/{course.id}/media/chart.png")
    assert image.headers["X-Content-Type-Options"] == "nosniff"
    assert image.headers["Content-Disposition"].startswith("inline")
    assert "sandbox" in image.headers["Content-Security-Policy"]
    pdf = client.get(f"/courses/{course.id}/media/handout.pdf")
    assert pdf.mimetype == "application/pdf"
    assert client.get(f"/courses/{course.id}/media/..%2Fetc").status_code == 404


def test_preview_button_renders_without_saving(client, make_user, make_course):
    trainer = make_user("trainer")
    course = make_course(author=trainer)
    item = lesson_items(course)[0]
    login(client, trainer)
    response = client.post(f"/courses/{course.slug}/lessons/{item.id}/edit", data={
        "title": "Changed", "slug": item.lesson.slug, "minutes": "5",
        "body": "## New\n\n**bold** <script>x</script> ![m](media/missing.png)",
        "preview": "1"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    preview = page.split('id="live-preview"')[1]
    assert "<strong>bold</strong>" in preview
    assert "&lt;script&gt;" in preview
    assert "Not in the course's media yet: missing.png" in page
    db.session.expire_all()
    assert item.lesson.title == "Lesson 1.1"  # not saved
    live = client.post(f"/courses/{course.slug}/preview", data={"body": "*hi*"})
    assert live.get_data(as_text=True).strip() == "<p><em>hi</em></p>"


def test_rendered_html_is_cached_per_revision(make_course, monkeypatch):
    course = make_course(lessons=1)
    lesson = lesson_items(course)[0].lesson
    calls = []
    from app.courses.services import outline

    original = outline.render_body
    monkeypatch.setattr(outline, "render_body", lambda body: calls.append(body) or
                        original(body))
    revision = lesson.revision
    services.update_lesson(lesson, title=lesson.title, slug=lesson.slug, minutes=20,
                           body=lesson.body)
    assert calls == []
    assert lesson.revision == revision
    services.update_lesson(lesson, title=lesson.title, slug=lesson.slug, minutes=20,
                           body=lesson.body + "\n\nMore.")
    assert len(calls) == 1
    assert lesson.revision == revision + 1
    assert "More." in lesson.body_html


def test_lesson_minutes_default_from_the_word_count(client, make_user):
    from app.courses.models import Lesson
    from tests.factories import make_course

    trainer = make_user("trainer")
    course = make_course(trainer, lessons=0)
    login(client, trainer)
    url = f"/courses/{course.slug}/modules/{course.modules[0].id}/lessons/new"
    form_page = client.get(url).get_data(as_text=True)
    assert "Leave empty to count about 200 words a minute." in form_page
    body = "## Reading\n\n" + " ".join(["word"] * 1000)
    response = client.post(url, data={"title": "Long read", "minutes": "", "body": body,
                                      "save": "1"})
    assert response.status_code == 302, response.get_data(as_text=True)
    given = client.post(url, data={"title": "Given", "minutes": "3", "body": body,
                                   "save": "1"})
    assert given.status_code == 302
    minutes = {lesson.title: lesson.minutes for lesson in db.session.scalars(select(Lesson))}
    assert minutes == {"Long read": 5, "Given": 3}  # 1,001 words ≈ 5 minutes; a given 3 kept
