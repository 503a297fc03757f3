"""Banks: names on the command line, GIFT import/export (CLI and upload), question forms."""

import io

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.quizzes import banks
from app.quizzes.models import Question, QuestionBank, QuestionCategory
from app.quizzes.types import QUESTION_TYPES
from tests.conftest import login
from tests.quizzes.factories import ALL_TYPES_GIFT, make_bank, make_course

BAD_GIFT = "::ok::Fine {T}\n\n::bad::Broken {=a ~%x%b}\n\n::bad2::No answers\n"


def count_questions():
    return db.session.scalar(select(func.count(Question.id)))


def test_resolve_bank_names(app):
    course = make_course(slug="labour-migration")
    default = banks.resolve_bank("labour-migration", create=True)
    assert default.name == "default"
    assert default.reference == "labour-migration"
    extra = banks.resolve_bank("labour-migration/extra", create=True)
    assert extra.reference == "labour-migration/extra"
    assert extra.course_id == course.id
    assert banks.resolve_bank("labour-migration/extra").id == extra.id
    with pytest.raises(banks.BankError, match="No course"):
        banks.resolve_bank("nope")
    with pytest.raises(banks.BankError, match="no question bank"):
        banks.resolve_bank("labour-migration/missing")
    with pytest.raises(banks.BankError, match="lower-case"):
        banks.resolve_bank("labour-migration/Bad Name", create=True)


def test_cli_import_prints_counts_per_type(app, runner, tmp_path):
    make_course(slug="course-a")
    path = tmp_path / "all.gift"
    path.write_text(ALL_TYPES_GIFT, encoding="utf-8")
    result = runner.invoke(args=["questions", "import", str(path), "--bank", "course-a"])
    assert result.exit_code == 0, result.output
    for line in ("Imported 7 question(s) into course-a:", "single: 1", "multiple: 1",
                 "truefalse: 1", "short: 1", "numerical: 1", "matching: 1", "essay: 1"):
        assert line in result.output
    assert count_questions() == 7
    category = db.session.scalar(select(QuestionCategory))
    assert category.name == "Module 1/Basics"


def test_cli_import_error_imports_nothing(app, runner, tmp_path):
    make_course(slug="course-a")
    path = tmp_path / "bad.gift"
    path.write_text(BAD_GIFT, encoding="utf-8")
    result = runner.invoke(args=["questions", "import", str(path), "--bank", "course-a/new"])
    assert result.exit_code != 0
    assert f"{path}:3: A weight is written like %50% or %-33.33333%." in result.output
    assert f"{path}:5: No answers" in result.output
    assert "2 error(s); nothing imported." in result.output
    assert count_questions() == 0
    assert db.session.scalar(select(func.count(QuestionBank.id))) == 0


def test_cli_bad_bank_and_help(app, runner, tmp_path):
    path = tmp_path / "ok.gift"
    path.write_text("::a::A {T}\n", encoding="utf-8")
    result = runner.invoke(args=["questions", "import", str(path), "--bank", "missing"])
    assert result.exit_code != 0
    assert "No course with the slug" in result.output
    help_text = runner.invoke(args=["questions", "import", "--help"]).output
    assert "<course-slug>" in help_text
    assert "<course-slug>/<bank>" in help_text
    path.write_bytes(b"\xff\xfe::a::")
    result = runner.invoke(args=["questions", "import", str(path), "--bank", "missing"])
    assert "not UTF-8" in result.output


def test_cli_export_round_trip(app, runner, tmp_path):
    course = make_course(slug="course-a")
    make_bank(course)
    out = tmp_path / "out.gift"
    result = runner.invoke(args=["questions", "export", "--bank", "course-a", str(out)])
    assert result.exit_code == 0, result.output
    assert "Exported 7 question(s) from course-a" in result.output
    first = out.read_text(encoding="utf-8")
    assert first.startswith("$CATEGORY: Module 1/Basics\n")
    make_course(slug="course-b")
    runner.invoke(args=["questions", "import", str(out), "--bank", "course-b"])
    again = tmp_path / "again.gift"
    runner.invoke(args=["questions", "export", "--bank", "course-b", str(again)])
    assert again.read_bytes() == out.read_bytes()
    result = runner.invoke(args=["questions", "export", "--bank", "course-b/none", str(out)])
    assert result.exit_code != 0


def test_upload_form_reports_lines_and_imports_nothing(app, client, make_user):
    trainer = make_user("trainer")
    course = make_course(trainer)
    bank = banks.resolve_bank(course.slug, create=True)
    db.session.commit()
    login(client, trainer)
    url = f"/quizzes/banks/{bank.id}/import"
    page = client.post(url, data={"file": (io.BytesIO(BAD_GIFT.encode()), "bad.gift")},
                       content_type="multipart/form-data").get_data(as_text=True)
    assert "Nothing was imported" in page
    assert "Line 3" in page
    assert "Line 5" in page
    assert count_questions() == 0
    response = client.post(url, data={"text": ALL_TYPES_GIFT, "category": "Ignored"})
    assert response.status_code == 302
    assert count_questions() == 7
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Imported 7 questions: 1 single choice, 1 multiple choice" in page
    page = client.post(url, data={"file": (io.BytesIO(b"\xff\xfe"), "x.gift")},
                       content_type="multipart/form-data").get_data(as_text=True)
    assert "not UTF-8" in page
    page = client.post(url, data={}).get_data(as_text=True)
    assert "Choose a file or paste GIFT text." in page


def test_export_download(app, client, make_user):
    trainer = make_user("trainer")
    course = make_course(trainer)
    bank = make_bank(course)
    login(client, trainer)
    response = client.get(f"/quizzes/banks/{bank.id}/export.gift")
    assert response.headers["Content-Disposition"] == 'attachment; filename="course-a.gift"'
    assert response.get_data(as_text=True) == banks.export_gift(bank)


def test_bank_list_filters(app, client, make_user):
    trainer = make_user("trainer")
    bank = make_bank(make_course(trainer))
    banks.import_gift(bank, "$CATEGORY: Other\n\n// [tag:extra]\n::Zebra::Z {T}\n")
    db.session.commit()
    login(client, trainer)
    base = f"/quizzes/banks/{bank.id}"
    assert "8 questions" in client.get(base).get_data(as_text=True)
    other = db.session.scalar(select(QuestionCategory).where(QuestionCategory.name == "Other"))
    page = client.get(f"{base}?category={other.id}").get_data(as_text=True)
    assert "1 question" in page
    assert "Zebra" in page
    assert "Matching" not in page.split("<tbody>")[1]
    page = client.get(f"{base}?tag=stock").get_data(as_text=True)
    assert "1 question" in page
    assert ">Single<" in page
    page = client.get(f"{base}?type=essay").get_data(as_text=True)
    assert "1 question" in page
    assert ">Essay<" in page
    assert "1 question" in client.get(f"{base}?q=zeb").get_data(as_text=True)


def test_other_trainers_cannot_touch_the_bank(app, client, make_user):
    author, other = make_user("trainer"), make_user("trainer")
    bank = make_bank(make_course(author))
    question = db.session.scalar(select(Question))
    login(client, other)
    assert client.get(f"/quizzes/banks/{bank.id}").status_code == 404
    assert client.get(f"/quizzes/questions/{question.id}/edit").status_code == 404
    assert client.post(f"/quizzes/questions/{question.id}/delete").status_code == 404
    assert client.get(f"/quizzes/banks/{bank.id}/export.gift").status_code == 404
    listing = client.get("/quizzes/banks")
    assert listing.status_code == 200
    text = listing.get_data(as_text=True)
    assert "You are not an author of any course yet" in text  # the page, not an error
    assert "course-a" not in text
    assert client.post("/quizzes/banks", data={"course": bank.course_id, "name": "x"}
                       ).status_code == 200  # course not among the choices: form error
    assert db.session.scalar(select(func.count(QuestionBank.id))) == 1


FORMS = {
    "single": {"choices-0-text": "Right", "choices-0-credit": "100",
               "choices-0-feedback": "Yes", "choices-1-text": "Wrong", "choices-1-credit": "0"},
    "multiple": {"choices-0-text": "A", "choices-0-credit": "50", "choices-1-text": "B",
                 "choices-1-credit": "50", "choices-2-text": "C", "choices-2-credit": "-100"},
    "truefalse": {"correct": "false", "feedback_true": "No", "feedback_false": "Yes"},
    "short": {"answers-0-text": "서울", "answers-0-credit": "100", "answers-1-text": "Seoul*",
              "answers-1-credit": "80", "case_sensitive": "y"},
    "numerical": {"answers-0-value": "2004", "answers-0-tolerance": "1",
                  "answers-0-credit": "100", "answers-1-low": "1990", "answers-1-high": "2010",
                  "answers-1-credit": "25", "other_feedback": "Other"},
    "matching": {"pairs-0-stem": "a", "pairs-0-answer": "1", "pairs-1-stem": "b",
                 "pairs-1-answer": "2", "pairs-2-stem": "", "pairs-2-answer": "3"},
    "essay": {"grader_info": "Look for two examples."},
}


@pytest.mark.parametrize("qtype", list(FORMS))
def test_create_and_edit_each_type(app, client, make_user, qtype):
    trainer = make_user("trainer")
    bank = banks.resolve_bank(make_course(trainer).slug, create=True)
    db.session.commit()
    login(client, trainer)
    url = f"/quizzes/banks/{bank.id}/questions/new/{qtype}"
    assert client.get(url).status_code == 200
    data = {"name": f"My {qtype}", "category": "Module 1/Forms", "tags": "a, b, a",
            "text_format": "markdown", "text": "What **is** it?", "general_feedback": "G",
            **FORMS[qtype]}
    response = client.post(url, data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    question = db.session.scalar(select(Question))
    assert (question.name, question.type, question.tags, question.category.name) == (
        f"My {qtype}", qtype, ["a", "b"], "Module 1/Forms")
    content = question.data
    if qtype == "numerical":
        assert [(a["value"], a["tolerance"], a["low"], a["high"], a["credit"])
                for a in content["answers"]] == [(2004, 1, None, None, 100),
                                                 (None, 0, 1990, 2010, 25)]
    if qtype == "short":
        assert content["case_sensitive"] is True
    if qtype == "truefalse":
        assert content["correct"] is False
    # Edit: the rows keep their ids, so regrading still reads old responses.
    page = client.get(f"/quizzes/questions/{question.id}/edit").get_data(as_text=True)
    assert f"My {qtype}" in page
    ids = [row["id"] for row in content.get("choices", content.get("answers",
                                                                   content.get("pairs", [])))]
    edit = {**data, "name": "Renamed"}
    rows_name = QUESTION_TYPES[qtype].rows
    for i, row_id in enumerate(ids):
        edit[f"{rows_name}-{i}-key"] = row_id
    assert client.post(f"/quizzes/questions/{question.id}/edit", data=edit).status_code == 302
    db.session.refresh(question)
    assert question.name == "Renamed"
    rows = question.data.get("choices", question.data.get("answers",
                                                          question.data.get("pairs", [])))
    assert [r["id"] for r in rows] == ids
    preview = client.get(f"/quizzes/questions/{question.id}").get_data(as_text=True)
    assert "Renamed" in preview
    assert "<strong>is</strong>" in preview


def test_question_form_errors_beside_the_answers(app, client, make_user):
    trainer = make_user("trainer")
    bank = banks.resolve_bank(make_course(trainer).slug, create=True)
    db.session.commit()
    login(client, trainer)
    url = f"/quizzes/banks/{bank.id}/questions/new/multiple"
    page = client.post(url, data={"name": "M", "text": "Pick", "text_format": "markdown",
                                  "choices-0-text": "A", "choices-0-credit": "30",
                                  "choices-1-text": "B", "choices-1-credit": "abc"}
                       ).get_data(as_text=True)
    assert "Not a valid float value" in page
    page = client.post(url, data={"name": "M", "text": "Pick", "text_format": "markdown",
                                  "choices-0-text": "A", "choices-0-credit": "30",
                                  "choices-1-text": "B", "choices-1-credit": "20"}
                       ).get_data(as_text=True)
    assert "The positive credits must add up to 100% (they add up to 50%)." in page
    page = client.post(url, data={"name": "M", "text": "Pick", "text_format": "markdown",
                                  "more_rows": "1", "choices-0-text": "A"}
                       ).get_data(as_text=True)
    assert 'name="choices-3-text"' in page
    assert count_questions() == 0


def test_delete_keeps_attempt_copies(app, client, make_user):
    trainer = make_user("trainer")
    make_bank(make_course(trainer))
    question = db.session.scalar(select(Question))
    login(client, trainer)
    response = client.post(f"/quizzes/questions/{question.id}/delete")
    assert response.status_code == 302
    assert count_questions() == 6
