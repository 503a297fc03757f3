"""Language versions in course packages: NN-slug.<lang>.md, questions.<lang>.gift,
`languages:` and `translations:`; check errors by file and line; the round trip."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.courses import services
from app.courses.models import LessonTranslation
from app.extensions import db
from app.quizzes import services as quiz_services
from app.quizzes.package import quiz_questions
from tests.courses.conftest import FIXTURES
from tests.courses.test_packages import tree

PACKAGE = FIXTURES / "translated-course"
MODULE = "translated-course/modules/01-basics"


@pytest.fixture
def translated(tmp_path) -> Path:
    target = tmp_path / "translated-course"
    shutil.copytree(PACKAGE, target)
    return target


def _check(runner, path: Path):
    return runner.invoke(args=["courses", "check", str(path)])


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_check_accepts_the_translated_package(runner):
    result = _check(runner, PACKAGE)
    assert result.exit_code == 0, result.output
    assert "translated-course: 1 module(s), 2 lesson(s), 0 media file(s): OK" in result.output


def test_import_stores_every_translation(runner):
    result = runner.invoke(args=["courses", "import", str(PACKAGE)])
    assert result.exit_code == 0, result.output
    course = services.get_course("translated-course", outline=True)
    assert services.course_languages(course) == ["en", "ko", "vi"]
    assert services.course_title(course, "ko") == "이주의 기초"
    assert services.course_title(course, "vi") == "Cơ bản về di cư"
    assert services.course_title(course, "th") == "Migration Basics"
    assert services.course_summary(course, "vi") == course.summary  # not translated
    module = course.modules[0]
    assert services.module_translation(module, "ko").quiz_title == "핵심 용어 퀴즈"
    first, second = (item.lesson for item in module.items[:2])
    ko = services.lesson_translation(first, "ko")
    assert ko.title == "이주민 저량이란 무엇인가?"
    assert ">정의</h2>" in ko.body_html
    assert ko.source_revision == first.revision
    assert not ko.needs_update
    assert services.lesson_translation(second, "vi") is None
    quiz = quiz_services.quiz_for_item(module.items[2])
    questions, _draw = quiz_questions(quiz)
    q1 = questions[0]
    (row,) = q1.translations
    assert row.language == "ko"
    assert row.text == "이주민 저량은 무엇을 셉니까?"
    # The source's answers, credits and ids with the translated texts.
    assert [c["id"] for c in row.data["choices"]] == [c["id"] for c in q1.data["choices"]]
    assert [c["credit"] for c in row.data["choices"]] == [c["credit"]
                                                          for c in q1.data["choices"]]
    assert row.data["choices"][0]["text"] == "자신의 출생국 밖에 사는 사람"
    assert row.general_feedback == "저량은 한 시점에, 유량은 한 기간에 셉니다."


def test_export_import_export_with_translations_is_byte_identical(runner, tmp_path):
    assert runner.invoke(args=["courses", "import", str(PACKAGE)]).exit_code == 0
    first, second = tmp_path / "first", tmp_path / "second"
    assert runner.invoke(args=["courses", "export", "translated-course", str(first)]
                         ).exit_code == 0
    assert runner.invoke(args=["courses", "import", str(first / "translated-course")]
                         ).exit_code == 0
    assert runner.invoke(args=["courses", "export", "translated-course", str(second)]
                         ).exit_code == 0
    exported = tree(first / "translated-course")
    assert exported == tree(second / "translated-course")
    assert exported == tree(PACKAGE)  # the fixture is in the canonical layout
    assert "modules/01-basics/questions.ko.gift" in exported
    assert "modules/01-basics/01-migrant-stock.vi.md" in exported


def test_a_translated_question_without_its_name_is_refused_by_file_and_line(runner,
                                                                             translated):
    gift = translated / "modules/01-basics/questions.ko.gift"
    _edit(gift, "::Q2 Remittances::송금은", "송금은")
    result = _check(runner, translated)
    assert result.exit_code != 0
    assert (f"{MODULE}/questions.ko.gift:8: a translated question needs the ::name:: of the "
            "question it translates") in result.output


def test_a_translation_with_an_extra_answer_is_refused_by_file_and_line(runner, translated):
    gift = translated / "modules/01-basics/questions.ko.gift"
    _edit(gift, "~고국으로 보낸 돈 #아닙니다. 그것은 송금입니다.\n",
          "~고국으로 보낸 돈 #아닙니다. 그것은 송금입니다.\n~관광객 #아닙니다.\n")
    result = _check(runner, translated)
    assert result.exit_code != 0
    assert (f"{MODULE}/questions.ko.gift:1: 'Q1 Stock': 4 answer(s) where the source has 3"
            in result.output)


def test_unknown_names_changed_values_and_wrong_types_are_refused(runner, translated):
    gift = translated / "modules/01-basics/questions.ko.gift"
    _edit(gift, "::Q4 Term::", "::Q9 Term::")
    _edit(gift, "{#3.7:0.2}", "{#3.6:0.2}")
    result = _check(runner, translated)
    assert result.exit_code != 0
    assert f"{MODULE}/questions.ko.gift:14: no question named 'Q9 Term' in the source file" \
        in result.output
    assert f"{MODULE}/questions.ko.gift:12: 'Q3 Share': 'value' is 3.6 where the source " \
        "has 3.7" in result.output


def test_source_questions_need_names_when_the_quiz_is_translated(runner, translated):
    _edit(translated / "modules/01-basics/questions.gift", "::Q3 Share::", "")
    _edit(translated / "modules/01-basics/questions.ko.gift", "::Q3 Share::", "")
    result = _check(runner, translated)
    assert result.exit_code != 0
    assert f"{MODULE}/questions.gift:12: " in result.output
    assert "needs a ::name:: because the quiz is translated" in result.output


def test_languages_must_be_known_and_listed(runner, translated):
    (translated / "modules/01-basics/02-remittances.xx.md").write_text(
        "---\ntitle: \"X\"\nminutes: 5\n---\nBody\n", encoding="utf-8")
    shutil.copy(translated / "modules/01-basics/questions.ko.gift",
                translated / "modules/01-basics/questions.th.gift")
    _edit(translated / "course.yaml", "languages: [en, ko, vi]", "languages: [en, ko, vi, zz]")
    _edit(translated / "modules/01-basics/module.yaml", "  vi:\n    title:",
          "  th:\n    title:")
    result = _check(runner, translated)
    assert result.exit_code != 0
    out = result.output
    assert "translated-course/course.yaml:5: unknown language 'zz'" in out
    assert f"{MODULE}/02-remittances.xx.md: unknown language 'xx'" in out
    assert f"{MODULE}/questions.th.gift: 'th' is not one of the course's translations" in out
    assert f"{MODULE}/module.yaml:18: 'th' is not in the course's 'languages'" in out


def test_a_lesson_translation_keeps_the_minutes_and_needs_its_source(runner, translated):
    _edit(translated / "modules/01-basics/01-migrant-stock.ko.md", "minutes: 5", "minutes: 7")
    (translated / "modules/01-basics/03-missing.ko.md").write_text(
        "---\ntitle: \"없음\"\nminutes: 5\n---\n본문\n", encoding="utf-8")
    result = _check(runner, translated)
    assert result.exit_code != 0
    assert (f"{MODULE}/01-migrant-stock.ko.md:3: 'minutes' (7) must be the same as in "
            "01-migrant-stock.md (5)") in result.output
    assert f"{MODULE}/03-missing.ko.md: no lesson 03-missing.md to translate" in result.output


def test_a_broken_translation_imports_nothing(runner, translated):
    _edit(translated / "modules/01-basics/questions.ko.gift", "::Q1 Stock::", "::Q1 Other::")
    result = runner.invoke(args=["courses", "import", str(translated)])
    assert result.exit_code != 0
    assert services.get_course("translated-course") is None


def test_reimport_keeps_needs_update_until_the_translation_changes(runner, translated):
    assert runner.invoke(args=["courses", "import", str(translated)]).exit_code == 0
    _edit(translated / "modules/01-basics/01-migrant-stock.md", "## Definition",
          "## What it is")
    assert runner.invoke(args=["courses", "import", str(translated)]).exit_code == 0
    db.session.expire_all()
    course = services.get_course("translated-course", outline=True)
    lesson = course.modules[0].items[0].lesson
    ko = services.lesson_translation(lesson, "ko")
    assert ko.needs_update  # the English changed, the Korean did not
    _edit(translated / "modules/01-basics/01-migrant-stock.ko.md", "## 정의", "## 뜻")
    assert runner.invoke(args=["courses", "import", str(translated)]).exit_code == 0
    db.session.expire_all()
    assert not db.session.get(LessonTranslation, ko.id).needs_update


def test_translations_left_out_of_the_package_are_removed(runner, translated):
    assert runner.invoke(args=["courses", "import", str(translated)]).exit_code == 0
    (translated / "modules/01-basics/01-migrant-stock.vi.md").unlink()
    (translated / "modules/01-basics/questions.ko.gift").unlink()
    assert runner.invoke(args=["courses", "import", str(translated)]).exit_code == 0
    db.session.expire_all()
    course = services.get_course("translated-course", outline=True)
    lesson = course.modules[0].items[0].lesson
    assert services.lesson_translation(lesson, "vi") is None
    assert services.lesson_translation(lesson, "ko") is not None
    quiz = quiz_services.quiz_for_item(course.modules[0].items[2])
    assert all(not q.translations for q in quiz_questions(quiz)[0])
