"""#2 YAML alias bomb, #5 a course zip with a corrupted member, #6 size caps on course packages
and GIFT imports: refused with a clear message on the web and the CLI, nothing imported."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.courses.models import Course
from app.courses.packages.writer import zip_folder
from app.extensions import db
from app.quizzes import banks
from app.quizzes.models import Question
from app.yamlsafe import safe_load
from tests.conftest import login
from tests.quizzes.factories import make_course

EXAMPLE = Path(__file__).parents[1] / "courses" / "fixtures" / "example-course"
LESSON = "modules/01-getting-started/01-what-are-remittances.md"
# Nine levels of nine aliases: 9**9 (387 million) strings once expanded, in 300-odd bytes.
BOMB = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n"
    for i in range(8))
KEY_BOMB = BOMB + "? *i\n: boom\n"


def courses() -> int:
    return db.session.scalar(select(func.count(Course.id)))


@pytest.fixture
def package(tmp_path) -> Path:
    target = tmp_path / "example-course"
    shutil.copytree(EXAMPLE, target)
    return target


def _upload(client, data: bytes, name: str = "course.zip"):
    return client.post("/courses/upload", data={"file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


# --- #2 -------------------------------------------------------------------------------------

def test_yaml_anchors_and_aliases_are_refused_before_anything_is_built():
    with pytest.raises(Exception, match="anchors and aliases") as info:
        safe_load(BOMB)
    assert info.value.problem_mark.line == 0  # the first anchor, on line 1


@pytest.mark.parametrize("bomb", [BOMB, KEY_BOMB], ids=["values", "key"])
def test_alias_bomb_in_a_course_package_is_refused_with_file_and_line(runner, package, bomb):
    (package / "course.yaml").write_text(
        (package / "course.yaml").read_text(encoding="utf-8") + bomb, encoding="utf-8")
    result = runner.invoke(args=["courses", "import", str(package)])
    assert result.exit_code == 1
    assert "course.yaml:12: invalid YAML: anchors and aliases (& and *) are not allowed" \
        in result.output
    assert courses() == 0


def test_alias_bomb_in_an_uploaded_lesson_front_matter(client, make_user, package):
    login(client, make_user("trainer"))
    lesson = package / LESSON
    lesson.write_text(lesson.read_text(encoding="utf-8").replace(
        'minutes: 10\n', 'minutes: 10\nx: &x [a, a]\ny: [*x, *x]\n'), encoding="utf-8")
    page = _upload(client, zip_folder(package, "example-course")).get_data(as_text=True)
    assert f"{LESSON}:4</code> invalid YAML: anchors and aliases" in page
    assert courses() == 0


# --- #5 -------------------------------------------------------------------------------------

def _corrupted_zip() -> bytes:
    data = bytearray(zip_folder(EXAMPLE, "example-course"))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo(f"example-course/{LESSON}")
    # Flip a byte of the member's data (after its local header): the CRC no longer matches.
    header = 30 + len(info.filename.encode()) + len(info.extra)
    data[info.header_offset + header + 5] ^= 0xFF
    return bytes(data)


def test_web_upload_of_a_zip_with_a_corrupted_member_is_a_clear_error(client, make_user):
    login(client, make_user("trainer"))
    response = _upload(client, _corrupted_zip(), "damaged.zip")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert f"damaged.zip/example-course/{LESSON}" in page
    assert "the archive is damaged" in page
    assert courses() == 0


def test_cli_import_of_a_zip_with_a_corrupted_member_is_a_clear_error(runner, tmp_path):
    path = tmp_path / "damaged.zip"
    path.write_bytes(_corrupted_zip())
    result = runner.invoke(args=["courses", "import", str(path)])
    assert result.exit_code == 1
    assert "the archive is damaged" in result.output
    assert "Traceback" not in result.output
    assert courses() == 0


def test_cli_imports_a_sound_zip(runner, tmp_path):
    path = tmp_path / "example.zip"
    path.write_bytes(zip_folder(EXAMPLE, "example-course"))
    result = runner.invoke(args=["courses", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert courses() == 1


# --- #6 -------------------------------------------------------------------------------------

def _oversized_lesson(package: Path) -> None:
    lesson = package / LESSON
    lesson.write_text(lesson.read_text(encoding="utf-8") + "word " * 40_001, encoding="utf-8")


def test_lesson_over_the_editor_limit_is_refused_on_the_cli(runner, package):
    _oversized_lesson(package)
    result = runner.invoke(args=["courses", "import", str(package)])
    assert result.exit_code == 1
    assert "the limit is 200,000, as in the editor" in result.output
    assert courses() == 0


def test_lesson_over_the_editor_limit_is_refused_on_the_web(client, make_user, package):
    login(client, make_user("trainer"))
    _oversized_lesson(package)
    page = _upload(client, zip_folder(package, "example-course")).get_data(as_text=True)
    assert "the limit is 200,000, as in the editor" in page
    assert courses() == 0


def test_huge_text_file_is_refused_unread(runner, package):
    (package / LESSON).write_bytes(b"---\ntitle: x\n---\n" + b"a" * (2 * 1024 * 1024))
    result = runner.invoke(args=["courses", "check", str(package)])
    assert result.exit_code == 1
    assert "the file is larger than 1024 KB" in result.output


def test_package_folder_over_the_package_cap_is_refused(runner, package, monkeypatch):
    from app.courses import packages

    monkeypatch.setattr(packages, "ZIP_MAX_BYTES", 1000)
    result = runner.invoke(args=["courses", "import", str(package)])
    assert result.exit_code == 1
    assert "the package is larger than" in result.output
    assert courses() == 0


def _gift(n: int) -> str:
    return "".join(f"::q{i}::Statement {i} {{T}}\n\n" for i in range(n))


def test_gift_import_over_the_question_cap_is_refused_on_the_cli(app, runner, tmp_path,
                                                                  monkeypatch):
    monkeypatch.setattr(banks, "GIFT_MAX_QUESTIONS", 300)  # 100,000 in production
    make_course(slug="course-a")
    path = tmp_path / "many.gift"
    path.write_text(_gift(banks.GIFT_MAX_QUESTIONS + 1), encoding="utf-8")
    result = runner.invoke(args=["questions", "import", str(path), "--bank", "course-a"])
    assert result.exit_code == 1
    assert f"More than {banks.GIFT_MAX_QUESTIONS} questions" in result.output
    assert db.session.scalar(select(func.count(Question.id))) == 0


def test_gift_import_over_the_question_cap_is_refused_on_the_web(client, make_user,
                                                                  monkeypatch):
    monkeypatch.setattr(banks, "GIFT_MAX_QUESTIONS", 300)  # 100,000 in production
    make_course(slug="course-a")
    bank = banks.resolve_bank("course-a", create=True)
    db.session.commit()
    login(client, make_user("organiser"))
    response = client.post(f"/quizzes/banks/{bank.id}/import", data={
        "file": (io.BytesIO(_gift(banks.GIFT_MAX_QUESTIONS + 1).encode()), "many.gift")},
        content_type="multipart/form-data")
    assert response.status_code == 200
    assert f"More than {banks.GIFT_MAX_QUESTIONS} questions" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Question.id))) == 0


def test_gift_text_over_the_size_cap_is_refused():
    with pytest.raises(banks.GiftImportError) as info:
        banks.parse_gift_or_raise("x" * (banks.GIFT_MAX_CHARS + 1))
    assert "one import takes at most 20,000,000" in info.value.errors[0].message
