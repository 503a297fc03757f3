"""Courses as files: check, import, export, zip upload and download."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.courses import packages, progress, services
from app.courses.models import Course, CourseMedia, Lesson, LessonProgress, Module
from app.experts.models import Expert
from app.extensions import db
from app.files.models import StoredFile
from tests.conftest import login
from tests.courses.conftest import FIXTURES, lesson_items


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def course_count() -> int:
    return db.session.scalar(select(func.count(Course.id)))


def test_check_accepts_the_example_package(runner):
    result = runner.invoke(args=["courses", "check", str(FIXTURES / "example-course")])
    assert result.exit_code == 0, result.output
    assert "example-course: 2 module(s), 3 lesson(s), 2 media file(s): OK" in result.output
    assert course_count() == 0  # checking imports nothing


def test_import_creates_the_course_with_modules_lessons_and_media(runner, make_user):
    trainer = make_user("trainer", email="writer@example.test")
    result = runner.invoke(args=["courses", "import", "--author", trainer.email,
                                 str(FIXTURES / "example-course")])
    assert result.exit_code == 0, result.output
    assert "1 created, 0 updated" in result.output
    course = services.get_course("example-course", outline=True)
    assert course.title == "Remittances in Practice: an Example Course"
    assert course.hours == 1.5
    assert course.level == "introductory"
    assert course.topics == ["remittances", "data-statistics"]
    assert course.status == "draft"
    assert [a.email for a in course.authors] == [trainer.email]
    assert [m.slug for m in course.modules] == ["getting-started", "remittances"]
    assert [i.lesson.slug for i in course.modules[0].items] == ["what-are-remittances",
                                                                "why-they-matter"]
    first = course.modules[0].items[0].lesson
    assert first.minutes == 10
    assert first.body.startswith("## Definition")
    assert '<img src="media/flows.png"' in first.body_html  # cached, media made URL on view
    assert '<a href="media/handout.pdf"' in first.body_html
    assert sorted(m.name for m in course.media) == ["flows.png", "handout.pdf"]


def test_import_publish_option_publishes_new_courses(runner):
    result = runner.invoke(args=["courses", "import", "--publish",
                                 str(FIXTURES / "example-course")])
    assert result.exit_code == 0, result.output
    assert services.get_course("example-course").status == "published"


def test_export_import_export_is_byte_identical(runner, tmp_path):
    assert runner.invoke(args=["courses", "import", str(FIXTURES)]).exit_code == 0
    first, second = tmp_path / "first", tmp_path / "second"
    result = runner.invoke(args=["courses", "export", "example-course", str(first)])
    assert result.exit_code == 0, result.output
    assert runner.invoke(args=["courses", "import", str(first / "example-course")]
                         ).exit_code == 0
    assert runner.invoke(args=["courses", "export", "example-course", str(second)]
                         ).exit_code == 0
    exported = tree(first / "example-course")
    assert exported == tree(second / "example-course")
    # The fixture is written in the canonical layout, so the export reproduces it exactly.
    assert exported == tree(FIXTURES / "example-course")


def test_export_replaces_an_earlier_export_but_not_other_folders(runner, tmp_path):
    assert runner.invoke(args=["courses", "import", str(FIXTURES)]).exit_code == 0
    (tmp_path / "example-course" / "modules" / "09-stale").mkdir(parents=True)
    (tmp_path / "example-course" / "course.yaml").write_text("slug: example-course\n")
    assert runner.invoke(args=["courses", "export", "example-course", str(tmp_path)]
                         ).exit_code == 0
    assert not (tmp_path / "example-course" / "modules" / "09-stale").exists()
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "notes.txt").write_text("mine")
    result = runner.invoke(args=["courses", "export", "example-course", str(tmp_path / "x")])
    assert result.exit_code == 0
    shutil.rmtree(tmp_path / "x" / "example-course")
    (tmp_path / "x" / "example-course").mkdir()
    (tmp_path / "x" / "example-course" / "keep.txt").write_text("keep")
    result = runner.invoke(args=["courses", "export", "example-course", str(tmp_path / "x")])
    assert result.exit_code != 0
    assert "not a course package" in result.output
    assert (tmp_path / "x" / "example-course" / "keep.txt").exists()


def _break(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def test_malformed_package_is_refused_with_file_and_line_and_imports_nothing(
        runner, example_package, tmp_path):
    module = example_package / "modules" / "01-getting-started"
    _break(example_package / "course.yaml",
           (example_package / "course.yaml").read_text().replace("level: introductory",
                                                                 "level: beginner")
           .replace("topics: [remittances, data-statistics]", "topics: [remittances, cooking]")
           + "colour: blue\n")
    _break(module / "module.yaml", 'title: "Getting started"\nquizz: {}\n')
    _break(module / "02-why-they-matter.md", "---\nminutes: ten\n---\nText\n")
    lesson = module / "01-what-are-remittances.md"
    _break(lesson, lesson.read_text().replace("media/flows.png", "media/missing.png")
           + "\n![Logo](https://example.org/logo.png)\n")
    (module / "3-bad-name.md").write_text("---\ntitle: x\n---\n")
    (example_package / "modules" / "Module-Two").mkdir()
    # A second, valid package beside it: nothing of it is imported either.
    shutil.copytree(FIXTURES / "example-course", tmp_path / "packages" / "second-course")
    second = tmp_path / "packages" / "second-course" / "course.yaml"
    second.write_text(second.read_text().replace("slug: example-course",
                                                 "slug: second-course"))

    result = runner.invoke(args=["courses", "import", str(tmp_path / "packages")])
    assert result.exit_code == 1
    out = result.output
    base = f"{tmp_path}/packages/example-course"
    assert f"{base}/course.yaml:7: 'level' must be one of" in out
    assert f"{base}/course.yaml:9: unknown topic 'cooking'" in out
    assert f"{base}/course.yaml:12: unknown key 'colour' in course.yaml" in out
    assert f"{base}/modules/01-getting-started/module.yaml:2: unknown key 'quizz'" in out
    why = f"{base}/modules/01-getting-started/02-why-they-matter.md"
    assert f"{why}:2: 'minutes' must be a whole number" in out
    assert f"{why}:1: 'title' is missing" in out
    what = f"{base}/modules/01-getting-started/01-what-are-remittances.md"
    assert f"{what}:10: media/missing.png is not in the course's media/ folder" in out
    assert f"{what}:21: image https://example.org/logo.png is not in the course's media/" in out
    assert f"{base}/modules/01-getting-started/3-bad-name.md: not a lesson file name" in out
    assert f"{base}/modules/Module-Two: not a module folder name" in out
    assert "nothing imported" in out
    assert course_count() == 0
    assert db.session.scalar(select(func.count(StoredFile.id))) == 0


def test_invalid_yaml_and_encoding_are_reported_by_line(runner, example_package):
    _break(example_package / "course.yaml", 'slug: example-course\ntitle: "unclosed\n')
    (example_package / "modules" / "02-remittances" / "01-balance-of-payments.md").write_bytes(
        b"---\ntitle: x\n---\nok\n\xff\xfe broken\n")
    result = runner.invoke(args=["courses", "check", str(example_package)])
    assert result.exit_code == 1
    assert f"{example_package}/course.yaml:3: invalid YAML" in result.output
    assert "01-balance-of-payments.md:5: not UTF-8 text" in result.output


def test_slug_must_match_folder_and_be_unique(runner, example_package):
    text = (example_package / "course.yaml").read_text()
    _break(example_package / "course.yaml", text.replace("slug: example-course",
                                                         "slug: Example Course"))
    result = runner.invoke(args=["courses", "check", str(example_package)])
    assert "course.yaml:1: 'slug' must use a-z, 0-9 and hyphens" in result.output
    _break(example_package / "course.yaml", text.replace("slug: example-course",
                                                         "slug: another-course"))
    result = runner.invoke(args=["courses", "check", str(example_package)])
    assert "'slug' (another-course) must be the folder name (example-course)" in result.output


def test_media_content_is_checked(runner, example_package):
    (example_package / "media" / "flows.png").write_bytes(b"<svg onload=alert(1)></svg>")
    (example_package / "media" / "page.html").write_text("<script>alert(1)</script>")
    result = runner.invoke(args=["courses", "check", str(example_package)])
    assert result.exit_code == 1
    assert "media/flows.png: The file is not a valid image." in result.output
    assert "media/page.html: Files of type .html are not accepted." in result.output


def test_prerequisites_must_exist_and_make_no_circle(runner, example_package, make_course):
    text = (example_package / "course.yaml").read_text()
    _break(example_package / "course.yaml",
           text.replace("prerequisites: []", "prerequisites: [no-such-course]"))
    result = runner.invoke(args=["courses", "import", str(example_package)])
    assert "course.yaml:10: prerequisite 'no-such-course' is not a course here" in result.output
    # An existing course that requires this one: requiring it back makes a circle.
    basics = make_course(title="Basics", slug="basics")
    result = runner.invoke(args=["courses", "import", str(FIXTURES / "example-course")])
    assert result.exit_code == 0
    services.set_prerequisites(basics, [services.get_course("example-course")])
    db.session.commit()
    _break(example_package / "course.yaml",
           text.replace("prerequisites: []", "prerequisites: [basics]"))
    result = runner.invoke(args=["courses", "import", str(example_package)])
    assert result.exit_code == 1
    assert "course.yaml:10: the prerequisites make a circle" in result.output


def test_resource_persons_are_expert_names(runner, example_package):
    db.session.add(Expert(name="Dr Nguyen Thi Lan", organisation="Institute (test)"))
    db.session.commit()
    text = (example_package / "course.yaml").read_text()
    _break(example_package / "course.yaml", text.replace(
        "resource_persons: []", 'resource_persons: ["Dr Nguyen Thi Lan", "Nobody Known"]'))
    result = runner.invoke(args=["courses", "import", str(example_package)])
    assert result.exit_code == 1
    assert "course.yaml:11: no expert named 'Nobody Known' in the expert directory" in \
        result.output
    _break(example_package / "course.yaml", text.replace(
        "resource_persons: []", 'resource_persons: ["Dr Nguyen Thi Lan"]'))
    assert runner.invoke(args=["courses", "import", str(example_package)]).exit_code == 0
    course = services.get_course("example-course")
    assert [e.name for e in course.resource_persons] == ["Dr Nguyen Thi Lan"]


def test_reimport_updates_in_place_and_keeps_progress(runner, example_package, make_user):
    assert runner.invoke(args=["courses", "import", str(example_package)]).exit_code == 0
    learner = make_user()
    course = services.get_course("example-course", outline=True)
    kept = course.modules[0].items[1].lesson
    progress.set_lesson_done(learner, kept, course)
    removed_id = course.modules[0].items[0].lesson.id
    progress.set_lesson_done(learner, course.modules[0].items[0].lesson, course)
    old_revision = kept.revision
    db.session.commit()

    module = example_package / "modules" / "01-getting-started"
    (module / "01-what-are-remittances.md").unlink()
    lesson = module / "02-why-they-matter.md"
    lesson.write_text(lesson.read_text().replace("health care", "housing"))
    result = runner.invoke(args=["courses", "import", str(example_package)])
    assert result.exit_code == 0, result.output
    assert "0 created, 1 updated" in result.output
    db.session.expire_all()
    updated = db.session.get(Lesson, kept.id)
    assert updated is not None
    assert updated.revision == old_revision + 1
    assert "housing" in updated.body_html
    assert db.session.get(Lesson, removed_id) is None
    rows = db.session.scalars(select(LessonProgress.lesson_id).where(
        LessonProgress.user_id == learner.id)).all()
    assert rows == [kept.id]
    # The image is no longer used but stays in the package's media/, so it stays here.
    assert db.session.scalar(select(func.count(CourseMedia.id))) == 2


def test_unchanged_reimport_does_not_rerender(runner, monkeypatch):
    assert runner.invoke(args=["courses", "import", str(FIXTURES)]).exit_code == 0
    calls = []
    from app.courses.services import outline as course_services

    original = course_services.render_body
    monkeypatch.setattr(course_services, "render_body",
                        lambda body: calls.append(body) or original(body))
    assert runner.invoke(args=["courses", "import", str(FIXTURES)]).exit_code == 0
    assert calls == []
    revisions = db.session.scalars(select(Lesson.revision)).all()
    assert revisions == [1] * 5  # example-course (3 lessons) and translated-course (2)


def test_web_download_matches_cli_export(client, runner, make_user, tmp_path):
    trainer = make_user("trainer")
    assert runner.invoke(args=["courses", "import", "--author", trainer.email,
                               str(FIXTURES)]).exit_code == 0
    login(client, trainer)
    response = client.get("/courses/example-course/export.zip")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'attachment; filename="example-course.zip"'
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        files = {name.removeprefix("example-course/"): archive.read(name)
                 for name in archive.namelist()}
    assert files == tree(FIXTURES / "example-course")
    assert client.get("/courses/example-course/export.zip").data == response.data


def _zip_of(folder: Path, root: str) -> bytes:
    from app.courses.packages.writer import zip_folder

    return zip_folder(folder, root)


def test_web_upload_imports_a_zip_and_makes_the_trainer_author(client, make_user):
    trainer = make_user("trainer")
    login(client, trainer)
    data = _zip_of(FIXTURES / "example-course", "example-course")
    response = client.post("/courses/upload", data={
        "file": (io.BytesIO(data), "example-course.zip"), "publish": "y"},
        content_type="multipart/form-data")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/courses/example-course/authoring")
    course = services.get_course("example-course", outline=True)
    assert course.status == "published"
    assert [a.id for a in course.authors] == [trainer.id]
    assert len(lesson_items(course)) == 3


def test_web_upload_of_a_broken_zip_lists_errors_and_imports_nothing(client, make_user,
                                                                     example_package):
    login(client, make_user("trainer"))
    (example_package / "modules" / "02-remittances" / "module.yaml").write_text("summary: x\n")
    data = _zip_of(example_package, "example-course")
    response = client.post("/courses/upload", data={
        "file": (io.BytesIO(data), "mine.zip")}, content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "nothing was imported" in page
    assert "mine.zip/example-course/modules/02-remittances/module.yaml:1" in page
    assert "&#39;title&#39; is missing" in page
    assert course_count() == 0


def test_web_upload_cannot_overwrite_a_course_of_other_authors(client, make_user, runner):
    assert runner.invoke(args=["courses", "import", str(FIXTURES)]).exit_code == 0
    login(client, make_user("trainer"))
    data = _zip_of(FIXTURES / "example-course", "example-course")
    response = client.post("/courses/upload", data={
        "file": (io.BytesIO(data), "x.zip")}, content_type="multipart/form-data")
    assert "you are not one of its authors" in response.get_data(as_text=True)


def test_zip_with_unsafe_paths_is_refused(client, make_user):
    login(client, make_user("trainer"))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("../evil/course.yaml", "slug: evil\n")
    response = client.post("/courses/upload", data={
        "file": (io.BytesIO(buffer.getvalue()), "evil.zip")}, content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert "unsafe path or link in the archive" in page
    assert course_count() == 0
    response = client.post("/courses/upload", data={
        "file": (io.BytesIO(b"not a zip"), "x.zip")}, content_type="multipart/form-data")
    assert "not a zip archive" in response.get_data(as_text=True)


def test_import_service_is_all_or_nothing(app, example_package, monkeypatch):
    """A failure while loading (after the checks passed) leaves nothing behind."""
    from app.courses.packages import loader

    def explode(course, package):
        raise ValueError("disk on fire")

    monkeypatch.setattr(loader, "_load_modules", explode)
    with pytest.raises(packages.PackageInvalid) as raised:
        packages.import_path(example_package)
    assert "disk on fire" in str(raised.value.errors[0])
    db.session.commit()
    assert course_count() == 0
    assert db.session.scalar(select(func.count(Module.id))) == 0


def test_round_trip_keeps_tricky_content(runner, make_user, tmp_path, make_course):
    """Titles with quotes, colons and other scripts, multi-line summaries, rules and blank
    lines in bodies: export → import → export is byte-identical and the content unchanged."""
    db.session.add(Expert(name="Phạm Thị Hoa"))
    basics = make_course(title="Basics", slug="basics")
    author = make_user("trainer")
    course = services.create_course(
        author, title='Migration: "circular" & return — 이주와 귀환 · การย้ายถิ่น',
        summary="First line.\nSecond line: with a colon.\n\nNew paragraph #1 - ok",
        language="ko", level="advanced", hours=2.25, topics=["gender", "climate"],
        prerequisites=[basics],
        experts=list(db.session.scalars(select(Expert))))
    module = services.create_module(course, title="yes", summary="x" * 300)
    services.create_lesson(module, title="On: the \\ backslash 'quote'", minutes=7,
                           body="\r\n\r\n  indented code?\r\n\r\n---\r\n\r\nText   \n\n***")
    services.create_lesson(module, title="Empty", minutes=0, body="")
    db.session.commit()
    before = [(lesson.title, lesson.body) for lesson in
              (i.lesson for i in services.get_course(course.slug, outline=True).modules[0].items)]
    first, second = tmp_path / "first", tmp_path / "second"
    assert runner.invoke(args=["courses", "export", course.slug, str(first)]).exit_code == 0
    result = runner.invoke(args=["courses", "import", str(first / course.slug)])
    assert result.exit_code == 0, result.output
    assert runner.invoke(args=["courses", "export", course.slug, str(second)]).exit_code == 0
    assert tree(first) == tree(second)
    db.session.expire_all()
    again = services.get_course(course.slug, outline=True)
    assert again.title == 'Migration: "circular" & return — 이주와 귀환 · การย้ายถิ่น'
    assert again.summary == "First line.\nSecond line: with a colon.\n\nNew paragraph #1 - ok"
    assert (again.language, again.level, again.hours) == ("ko", "advanced", 2.25)
    assert [c.slug for c in again.prerequisites] == ["basics"]
    assert [e.name for e in again.resource_persons] == ["Phạm Thị Hoa"]
    assert again.modules[0].title == "yes"
    assert [(i.lesson.title, i.lesson.body) for i in again.modules[0].items] == before
    assert before[0][1] == "  indented code?\n\n---\n\nText   \n\n***"


def test_duplicate_names_in_a_package_are_errors(runner, example_package):
    module = example_package / "modules" / "01-getting-started"
    shutil.copy(module / "02-why-they-matter.md", module / "03-why-they-matter.md")
    shutil.copytree(module, example_package / "modules" / "03-getting-started")
    result = runner.invoke(args=["courses", "check", str(example_package)])
    assert result.exit_code == 1
    assert "01-getting-started/03-why-they-matter.md: the name 'why-they-matter' is also " \
           "used by 02-why-they-matter.md" in result.output
    assert "modules/03-getting-started: the name 'getting-started' is also used by " \
           "01-getting-started" in result.output


@pytest.fixture
def note_kind():
    """A stand-in for another item kind that lives in module.yaml (as quizzes do)."""
    from app.courses.items import ITEM_KINDS, PackagedItemKind, PackageError, register_item_kind

    stored: dict[int, dict] = {}

    class NoteKind(PackagedItemKind):
        name, label, package_key = "note", "Note", "note"

        def url(self, item):
            return f"/notes/{item.id}"

        def completed(self, user, items):
            return set()

        def check_package(self, module_dir, block, path, line):
            if not isinstance(block, dict) or not isinstance(block.get("title"), str):
                return [PackageError(path, line, "note: needs a title")]
            if not (module_dir / block.get("file", "")).is_file():
                return [PackageError(path, line, f"note: no file {block.get('file')}")]
            return []

        def load_package(self, item, module_dir, block):
            stored[item.id] = {"block": dict(block),
                               "text": (module_dir / block["file"]).read_text()}

        def dump_package(self, item, module_dir):
            (module_dir / "note.txt").write_text(stored[item.id]["text"])
            return stored[item.id]["block"]

    register_item_kind(NoteKind)
    yield stored
    del ITEM_KINDS["note"]


def test_an_item_kind_must_say_its_url_completion_and_package_hooks():
    from app.courses.items import ItemKind, PackagedItemKind

    class NoURL(ItemKind):
        name, label = "nourl", "No URL"

        def completed(self, user, items):
            return set()

    class NoDump(PackagedItemKind):
        name, label, package_key = "nodump", "No dump", "nodump"

        def url(self, item):
            return "/"

        def completed(self, user, items):
            return set()

        def load_package(self, item, module_dir, block):
            return None

    with pytest.raises(TypeError, match="url"):
        NoURL()
    with pytest.raises(TypeError, match="dump_package"):
        NoDump()


def test_other_item_kinds_are_loaded_and_dumped_through_their_hooks(
        runner, example_package, note_kind, tmp_path):
    module = example_package / "modules" / "02-remittances"
    (module / "module.yaml").write_text(
        'title: "Measuring remittances"\nsummary: "Where the numbers come from."\n'
        "note:\n  title: Read this\n  file: note.txt\n")
    (module / "note.txt").write_text("Remember the sources.\n")
    result = runner.invoke(args=["courses", "import", str(example_package)])
    assert result.exit_code == 0, result.output
    course = services.get_course("example-course", outline=True)
    items = course.modules[1].items
    assert [(i.kind, i.title) for i in items] == [("lesson", "The balance of payments"),
                                                  ("note", "Read this")]
    note_id = items[1].id
    assert note_kind[note_id]["text"] == "Remember the sources.\n"
    first, second = tmp_path / "first", tmp_path / "second"
    assert runner.invoke(args=["courses", "export", "example-course", str(first)]
                         ).exit_code == 0
    exported = first / "example-course" / "modules" / "02-remittances"
    assert (exported / "module.yaml").read_text().endswith(
        "note:\n  title: Read this\n  file: note.txt\n")
    assert (exported / "note.txt").read_text() == "Remember the sources.\n"
    assert runner.invoke(args=["courses", "import", str(first / "example-course")]
                         ).exit_code == 0
    assert runner.invoke(args=["courses", "export", "example-course", str(second)]
                         ).exit_code == 0
    assert tree(first) == tree(second)
    db.session.expire_all()
    assert services.get_course("example-course", outline=True).modules[1].items[1].id == \
        note_id  # updated in place
    # The kind's own checks are reported like every other error.
    (module / "module.yaml").write_text('title: "M"\n\nnote: [1, 2]\n')
    result = runner.invoke(args=["courses", "check", str(example_package)])
    assert "modules/02-remittances/module.yaml:3: note: needs a title" in result.output
