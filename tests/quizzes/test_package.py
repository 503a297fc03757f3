"""A module's quiz in a course package: checks with file:line, import, re-import, export."""

import shutil
from pathlib import Path

import pytest
import yaml
from sqlalchemy import func, select

from app.courses.items import ITEM_KINDS
from app.courses.models import Course, ModuleItem
from app.courses.progress import progress_for
from app.extensions import db
from app.quizzes import attempts, services
from app.quizzes.models import Attempt, Question, Quiz
from tests.quizzes.factories import form, make_course, right_answers

ROOT = Path(__file__).resolve().parents[2]
REAL = sorted(p.parent for p in ROOT.glob("courses/*/course.yaml")
              if list(p.parent.glob("modules/*/questions.gift")))

COURSE_YAML = """\
slug: quiz-course
title: "A course with a quiz"
summary: >-
  One paragraph.
language: en
level: introductory
hours: 1
topics: [remittances]
prerequisites: []
resource_persons: []
"""
LESSON = "---\ntitle: \"Lesson\"\nminutes: 5\n---\n## Part\n\nText.\n"
QUIZ_BLOCK = """\
title: "Key concepts"
summary: >-
  A module.
quiz:
  title: "Module 1 quiz"
  questions: questions.gift
  pass_mark: 60
  attempts: 2
  time_limit: 15
  shuffle_questions: true
  shuffle_answers: false
  grading: last
  feedback: after_close
"""
QUESTIONS = """\
// Module 1 quiz
::Q01 Definition::Who is a migrant? {
=A person who changes country of usual residence #Right.
~A tourist #Wrong.
}

::Q02 Flows::Which are flows? {
~%50%Inflow #Yes
~%50%Outflow #Yes
~%-50%Stock #No
}

::Q03 Year::When did the EPS start? {#2004:0 #Right ####In 2004.}

::Q04 Refugees::Refugees are counted in the migrant stock. {TRUE
#Not quite.
#Right.}
"""


@pytest.fixture
def package(tmp_path):
    root = tmp_path / "pkgs" / "quiz-course"
    module = root / "modules" / "01-key-concepts"
    module.mkdir(parents=True)
    (root / "course.yaml").write_text(COURSE_YAML, encoding="utf-8")
    (module / "module.yaml").write_text(QUIZ_BLOCK, encoding="utf-8")
    (module / "01-lesson.md").write_text(LESSON, encoding="utf-8")
    (module / "questions.gift").write_text(QUESTIONS, encoding="utf-8")
    return root


def import_ok(runner, path):
    result = runner.invoke(args=["courses", "import", str(path), "--publish"])
    assert result.exit_code == 0, result.output
    return result


def tree(path: Path) -> dict[str, bytes]:
    return {str(p.relative_to(path)): p.read_bytes() for p in sorted(path.rglob("*"))
            if p.is_file()}


def test_import_creates_the_quiz_item(app, runner, package):
    import_ok(runner, package)
    quiz = db.session.scalar(select(Quiz))
    assert (quiz.title, quiz.pass_mark, quiz.attempts_allowed, quiz.time_limit) == (
        "Module 1 quiz", 60, 2, 15)
    assert (quiz.shuffle_questions, quiz.shuffle_answers, quiz.grading_method,
            quiz.feedback) == (True, False, "last", "after_close")
    assert quiz.item.kind == "quiz"
    assert quiz.item.title == "Module 1 quiz"
    assert [i.kind for i in quiz.item.module.items] == ["lesson", "quiz"]
    assert [s.question.name for s in quiz.slots] == ["Q01 Definition", "Q02 Flows",
                                                     "Q03 Year", "Q04 Refugees"]
    assert quiz.slots[0].question.category.name == "modules/key-concepts"
    assert quiz.slots[3].question.data["feedback_false"] == "Not quite."


def test_export_import_export_is_byte_identical(app, runner, package, tmp_path):
    import_ok(runner, package)
    first, second = tmp_path / "first", tmp_path / "second"
    assert runner.invoke(args=["courses", "export", "quiz-course", str(first)]).exit_code == 0
    import_ok(runner, first / "quiz-course")
    assert runner.invoke(args=["courses", "export", "quiz-course", str(second)]).exit_code == 0
    assert tree(first) == tree(second)
    module_yaml = (first / "quiz-course/modules/01-key-concepts/module.yaml").read_text()
    assert "quiz:\n  title: Module 1 quiz\n  questions: questions.gift\n  pass_mark: 60\n" \
        in module_yaml
    gift_text = (first / "quiz-course/modules/01-key-concepts/questions.gift").read_text()
    assert gift_text.startswith("::Q01 Definition::Who is a migrant? {\n=A person")
    assert db.session.scalar(select(func.count(Quiz.id))) == 1


def test_reimport_updates_in_place_and_keeps_attempts(app, runner, package, make_user):
    import_ok(runner, package)
    quiz = db.session.scalar(select(Quiz))
    ids = {s.question.name: s.question_id for s in quiz.slots}
    learner = make_user("learner")
    attempt = attempts.start_attempt(quiz, learner)
    attempts.save_page(attempt, form(right_answers(attempt)), sequence=0,
                       indices=list(range(4)))
    attempts.finish(attempt)
    db.session.commit()
    module = package / "modules" / "01-key-concepts"
    text = QUESTIONS.replace("::Q03 Year::When did the EPS start? {#2004:0 #Right ####In 2004.}"
                             "\n\n", "")
    (module / "questions.gift").write_text(text + "\n::Q05 New::New one? {T}\n",
                                           encoding="utf-8")
    (module / "module.yaml").write_text(QUIZ_BLOCK.replace("pass_mark: 60", "pass_mark: 80")
                                        + "  draw: 3\n", encoding="utf-8")
    import_ok(runner, package)
    db.session.expire_all()
    quiz = db.session.scalar(select(Quiz))
    assert quiz.pass_mark == 80
    assert [(s.is_random, s.count) for s in quiz.slots] == [(True, 3)]
    names = {q.name: q.id for q in db.session.scalars(select(Question))}
    assert set(names) == {"Q01 Definition", "Q02 Flows", "Q04 Refugees", "Q05 New"}
    assert names["Q01 Definition"] == ids["Q01 Definition"]
    kept = db.session.get(Attempt, attempt.id)
    assert kept.is_finished
    assert kept.score == 4
    assert len(kept.snapshot) == 4


BAD = [
    ("quiz: yes\n", "module.yaml:3: 'quiz' holds 'key: value' lines"),
    ("quiz:\n  title: \"Q\"\n  questions: questions.gift\n  colour: blue\n",
     "module.yaml:6: unknown key 'colour'"),
    ("quiz:\n  questions: questions.gift\n", "module.yaml:3: missing: 'quiz' needs 'title'"),
    ("quiz:\n  title: \"Q\"\n  questions: questions.gift\n  pass_mark: 120\n",
     "module.yaml:6: 'pass_mark' must be a number from 0 to 100"),
    ("quiz:\n  title: \"Q\"\n  questions: questions.gift\n  attempts: -1\n",
     "module.yaml:6: 'attempts' must be a whole number"),
    ("quiz:\n  title: \"Q\"\n  questions: questions.gift\n  time_limit: 1.5\n",
     "module.yaml:6: 'time_limit' must be a whole number of minutes"),
    ("quiz:\n  title: \"Q\"\n  questions: questions.gift\n  shuffle_answers: maybe\n",
     "module.yaml:6: 'shuffle_answers' must be true or false"),
    ("quiz:\n  title: \"Q\"\n  questions: questions.gift\n  grading: best\n",
     "module.yaml:6: 'grading' must be one of: highest, last, first, average"),
    ("quiz:\n  title: \"Q\"\n  questions: questions.gift\n  feedback: sometimes\n",
     "module.yaml:6: 'feedback' must be one of: after_submit, after_close, never"),
    ("quiz:\n  title: \"Q\"\n  questions: ../escape.gift\n",
     "module.yaml:5: 'questions' names a file in the module folder"),
    ("quiz:\n  title: \"Q\"\n  questions: missing.gift\n",
     "missing.gift: missing: the file named by 'questions'"),
    ("quiz:\n  title: \"Q\"\n  questions: questions.gift\n  draw: 9\n",
     "module.yaml:6: 'draw' is 9 but"),
]


@pytest.mark.parametrize(("yaml_text", "expected"), BAD)
def test_bad_quiz_blocks_are_reported_by_line(app, runner, package, yaml_text, expected):
    (package / "modules/01-key-concepts/module.yaml").write_text(
        "title: \"Key concepts\"\n" + "summary: \"A module.\"\n" + yaml_text, encoding="utf-8")
    result = runner.invoke(args=["courses", "import", str(package)])
    assert result.exit_code != 0
    assert expected in result.output, result.output
    assert db.session.scalar(select(func.count(Course.id))) == 0


@pytest.mark.parametrize(("gift_text", "expected"), [
    ("::a::A {T}\n\n::b::Broken {=x ~%y%z}\n", "questions.gift:3: A weight is written"),
    ("::a::A {T}\n\n::a::Again {F}\n", "questions.gift:3: the name 'a' is also used on line 1"),
    ("$CATEGORY: Other\n\n::a::A {T}\n", "questions.gift:3: $CATEGORY is not used"),
    (b"\xff\xfe", "questions.gift: not UTF-8 text"),
])
def test_gift_errors_name_the_file_and_line(app, runner, package, gift_text, expected):
    path = package / "modules/01-key-concepts/questions.gift"
    if isinstance(gift_text, bytes):
        path.write_bytes(gift_text)
    else:
        path.write_text(gift_text, encoding="utf-8")
    result = runner.invoke(args=["courses", "check", str(package)])
    assert result.exit_code != 0
    assert f"modules/01-key-concepts/{expected}" in result.output, result.output
    result = runner.invoke(args=["courses", "import", str(package)])
    assert result.exit_code != 0
    assert db.session.scalar(select(func.count(Question.id))) == 0


def test_passing_the_quiz_completes_the_item(app, runner, package, make_user):
    import_ok(runner, package)
    quiz = db.session.scalar(select(Quiz))
    learner = make_user("learner")
    kind = ITEM_KINDS["quiz"]
    assert kind.completed(learner, [quiz.item]) == set()
    attempt = attempts.start_attempt(quiz, learner)
    attempts.save_page(attempt, form(right_answers(attempt)), sequence=0,
                       indices=list(range(4)))
    attempts.finish(attempt)
    db.session.commit()
    assert kind.completed(learner, [quiz.item]) == {quiz.item_id}
    progress = progress_for(learner, quiz.course)
    assert progress.is_done(quiz.item)
    assert progress.total == 2


@pytest.mark.parametrize("path", REAL, ids=lambda p: p.name)
def test_real_course_packages_import_with_their_quizzes(app, runner, path, tmp_path):
    for module_yaml in path.glob("modules/*/module.yaml"):
        if "questions:" in module_yaml.read_text(encoding="utf-8") and not (
                module_yaml.parent / "questions.gift").exists():
            pytest.skip(f"{module_yaml.parent.name}: questions.gift not written yet")
    shutil.copytree(path, tmp_path / path.name)
    meta = yaml.safe_load((path / "course.yaml").read_text(encoding="utf-8"))
    for slug in meta.get("prerequisites") or []:
        make_course(slug=slug)  # a stand-in, so that the package can be imported alone
    import_ok(runner, tmp_path / path.name)
    course = db.session.scalar(select(Course).where(Course.slug == path.name))
    files = sorted(path.glob("modules/*/questions.gift"))
    quizzes = db.session.scalars(select(Quiz).join(ModuleItem).where(
        Quiz.course_id == course.id)).all()
    assert len(quizzes) == len(files)
    assert all(len(q.slots) >= 5 for q in quizzes)
    out = tmp_path / "export"
    assert runner.invoke(args=["courses", "export", path.name, str(out)]).exit_code == 0
    import_ok(runner, out / path.name)
    again = tmp_path / "again"
    runner.invoke(args=["courses", "export", path.name, str(again)])
    assert tree(out) == tree(again)


def test_add_a_quiz_from_the_authoring_page(app, client, runner, package, make_user):
    from tests.conftest import login

    import_ok(runner, package)
    course = db.session.scalar(select(Course))
    trainer = make_user("trainer")
    from app.courses import services as courses

    courses.add_author(course, trainer.email)
    db.session.commit()
    login(client, trainer)
    page = client.get(f"/courses/{course.slug}/authoring").get_data(as_text=True)
    module = course.modules[0]
    assert f"/quizzes/new?module={module.id}" in page
    quiz = db.session.scalar(select(Quiz))
    assert f"/quizzes/items/{quiz.item_id}?to=edit" in page
    response = client.post(f"/quizzes/new?module={module.id}", data={
        "title": "Second quiz", "pass_mark": "50", "attempts_allowed": "0",
        "time_limit": "0", "grace_seconds": "30", "per_page": "0", "grading_method": "highest",
        "feedback": "after_submit"})
    assert response.status_code == 302
    assert [i.title for i in module.items][-1] == "Second quiz"
    second = services.quiz_for_item(module.items[-1])
    assert second.course_id == course.id
    assert client.get(f"/quizzes/items/{second.item_id}").headers["Location"].endswith(
        f"/quizzes/{second.id}")
    other = make_user("trainer")
    client.post("/logout")
    login(client, other)
    assert client.get(f"/quizzes/new?module={module.id}").status_code == 404


def test_demo_quiz_attempts_are_idempotent(app, runner, package):
    from app.auth import demo as auth_demo
    from app.auth.services import get_user_by_email
    from app.courses import progress
    from app.quizzes import demo

    import_ok(runner, package)
    auth_demo.load()
    learner = get_user_by_email("learner@demo.test")
    progress.record_activity(learner, db.session.scalar(select(Course)))
    demo.load()
    db.session.commit()
    demo.load()
    db.session.commit()
    rows = db.session.scalars(select(Attempt)).all()
    assert len(rows) == 7
    assert all(a.is_finished for a in rows)
    mine = [a for a in rows if a.user_id == learner.id]
    assert len(mine) == 1
    assert mine[0].passed
    assert all(a.user.is_demo for a in rows)


def _web_export(client, slug: str) -> bytes:
    response = client.get(f"/courses/{slug}/export.zip")
    assert response.status_code == 200
    return response.data


def _web_upload(client, data: bytes, slug: str):
    import io

    response = client.post("/courses/upload", data={"file": (io.BytesIO(data), f"{slug}.zip")},
                           content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)
    return response


@pytest.mark.parametrize("draw", [3, 8, 1])
def test_web_zip_round_trip_keeps_the_bank_categories_and_draws(app, client, make_user, draw):
    """A quiz authored on the web (a bank category of 8, a random draw): download → upload →
    download is byte-identical, no question is added and the draw stays a draw."""
    from app.quizzes import banks
    from app.quizzes.models import QuestionCategory
    from tests.conftest import login
    from tests.factories import make_bank, make_quiz, numbered_gift

    trainer = make_user("trainer")
    course = make_course(trainer, lessons=1)
    bank = make_bank(course, numbered_gift(8, "Migration basics"))
    quiz = make_quiz(course, bank, fixed=False, title="Pool quiz")
    category = banks.category(bank, "Migration basics")
    services.add_random(quiz, category, draw)
    db.session.commit()
    slug, quiz_id = course.slug, quiz.id
    login(client, trainer)
    first = _web_export(client, slug)
    _web_upload(client, first, slug)
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Question.id))) == 8
    assert db.session.scalar(select(func.count(QuestionCategory.id)).where(
        QuestionCategory.name.startswith("modules/"))) == 0
    quiz = db.session.get(Quiz, quiz_id)
    assert [(s.question_id, s.category.name, s.count) for s in quiz.slots] == [
        (None, "Migration basics", draw)]
    second = _web_export(client, slug)
    assert second == first
    _web_upload(client, second, slug)  # and again: still stable
    assert _web_export(client, slug) == first
    assert db.session.scalar(select(func.count(Question.id))) == 8


# --- the grace period (issue 20, finding 8) ---------------------------------------------------

def test_package_carries_the_grace_and_round_trips(app, runner, package, tmp_path):
    module_yaml = package / "modules/01-key-concepts/module.yaml"
    module_yaml.write_text(module_yaml.read_text(encoding="utf-8").replace(
        "  time_limit: 15\n", "  time_limit: 15\n  grace: 60\n"), encoding="utf-8")
    import_ok(runner, package)
    assert db.session.scalar(select(Quiz.grace_seconds)) == 60
    first, second = tmp_path / "first", tmp_path / "second"
    assert runner.invoke(args=["courses", "export", "quiz-course", str(first)]).exit_code == 0
    text = (first / "quiz-course/modules/01-key-concepts/module.yaml").read_text()
    assert "  time_limit: 15\n  grace: 60\n  shuffle_questions: true\n" in text
    import_ok(runner, first / "quiz-course")
    assert runner.invoke(args=["courses", "export", "quiz-course", str(second)]).exit_code == 0
    assert tree(first) == tree(second)
    # back to the default: the key is no longer written, and a package without it means 30
    quiz = db.session.scalar(select(Quiz))
    services.update_settings(quiz, grace_seconds=30)
    db.session.commit()
    third = tmp_path / "third"
    assert runner.invoke(args=["courses", "export", "quiz-course", str(third)]).exit_code == 0
    text = (third / "quiz-course/modules/01-key-concepts/module.yaml").read_text()
    assert "grace" not in text
    assert "  time_limit: 15\n  shuffle_questions: true\n" in text
    services.update_settings(quiz, grace_seconds=0)
    db.session.commit()
    import_ok(runner, third / "quiz-course")
    assert db.session.scalar(select(Quiz.grace_seconds)) == 30


@pytest.mark.parametrize("value", ["301", "-1", "1.5", "true", "'30'"])
def test_bad_grace_in_a_package_is_reported_by_line(app, runner, package, value):
    (package / "modules/01-key-concepts/module.yaml").write_text(
        "title: \"Key concepts\"\nsummary: \"A module.\"\nquiz:\n  title: \"Q\"\n"
        f"  questions: questions.gift\n  grace: {value}\n", encoding="utf-8")
    result = runner.invoke(args=["courses", "import", str(package)])
    assert result.exit_code != 0
    assert ("module.yaml:6: 'grace' must be a whole number of seconds from 0 (no grace) "
            "to 300") in result.output, result.output
    assert db.session.scalar(select(func.count(Quiz.id))) == 0


@pytest.mark.parametrize("path", REAL, ids=lambda p: p.name)
def test_shipped_courses_export_without_a_grace_key(app, runner, path, tmp_path):
    """The shipped courses keep the default grace: their exported quiz blocks say what
    the repository's say, without a grace key."""
    shutil.copytree(path, tmp_path / path.name)
    meta = yaml.safe_load((path / "course.yaml").read_text(encoding="utf-8"))
    for slug in meta.get("prerequisites") or []:
        make_course(slug=slug)
    import_ok(runner, tmp_path / path.name)
    assert set(db.session.scalars(select(Quiz.grace_seconds))) == {30}
    out = tmp_path / "export"
    assert runner.invoke(args=["courses", "export", path.name, str(out)]).exit_code == 0
    exported = sorted((out / path.name).glob("modules/*/module.yaml"))
    assert exported
    for module_yaml in exported:
        text = module_yaml.read_text(encoding="utf-8")
        assert "grace" not in text
        original = path / module_yaml.relative_to(out / path.name)
        assert yaml.safe_load(text).get("quiz") == yaml.safe_load(
            original.read_text(encoding="utf-8")).get("quiz")
