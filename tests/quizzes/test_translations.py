"""Questions in other languages: the overlay on the source key, the structure check, the
side-by-side question editor, revisions and "needs update", regrading a translated
attempt."""

from __future__ import annotations

import pytest

from app.courses import services as course_services
from app.extensions import db
from app.quizzes import attempts, banks, translation
from app.quizzes.models import Question, QuestionTranslation
from app.quizzes.package import quiz_questions
from app.quizzes.services import quiz_for_item
from tests.conftest import login
from tests.courses.conftest import FIXTURES
from tests.factories import answer_every_slot, right_answers

SOURCE = {"choices": [{"id": "a1", "text": "Yes", "credit": 1.0, "feedback": "Right"},
                      {"id": "a2", "text": "No", "credit": 0.0, "feedback": ""}]}


def test_overlay_takes_the_texts_and_keeps_the_key():
    translated = {"choices": [{"id": "zz", "text": "예", "credit": 0.0, "feedback": "맞습니다"},
                              {"id": "yy", "text": "아니요", "credit": 1.0, "feedback": ""}]}
    shown = translation.overlay(SOURCE, translated)
    assert shown == {"choices": [
        {"id": "a1", "text": "예", "credit": 1.0, "feedback": "맞습니다"},
        {"id": "a2", "text": "아니요", "credit": 0.0, "feedback": ""}]}
    # A text left empty falls back to the source's.
    assert translation.overlay(SOURCE, {"choices": [{"text": ""}, {}]}) == SOURCE


def test_mismatch_names_the_difference():
    assert translation.mismatch(SOURCE, {"choices": [{"text": "예", "credit": 1.0},
                                                     {"text": "아니요", "credit": 0.0}]}) is None
    assert translation.mismatch(SOURCE, {"choices": [{"text": "예", "credit": 1.0}]}) == \
        "1 answer(s) where the source has 2"
    assert translation.mismatch(SOURCE, {"choices": [{"text": "예", "credit": 0.5},
                                                     {"text": "아니요", "credit": 0.0}]}) == \
        "'credit' is 0.5 where the source has 1.0"


@pytest.fixture
def course(runner, make_user):
    author = make_user("trainer", email="qtranslator@example.test")
    result = runner.invoke(args=["courses", "import", "--publish", "--author", author.email,
                                 str(FIXTURES / "translated-course")])
    assert result.exit_code == 0, result.output
    course = course_services.get_course("translated-course", outline=True)
    course.author = author
    return course


def _questions(course) -> list[Question]:
    return quiz_questions(quiz_for_item(course.modules[0].items[2]))[0]


def test_the_question_editor_is_side_by_side_and_keeps_the_structure(client, course):
    login(client, course.author)
    q1 = _questions(course)[0]
    url = f"/quizzes/questions/{q1.id}/translations/vi"
    page = client.get(url).get_data(as_text=True)
    assert "Not translated yet" in page
    assert "What does the migrant stock count?" in page  # the source
    assert "People living outside their country of birth" in page
    assert 'name="t_choices-0-text"' in page
    assert 'name="t_choices-0-credit"' not in page  # marks are not translated
    response = client.post(url, data={
        "text": "Số lượng người di cư đếm gì?",
        "t_choices-0-text": "Người sống ngoài nước nơi họ sinh ra",
        "t_choices-0-feedback": "Đúng.",
        "t_choices-1-text": "Người đã di chuyển năm ngoái",
        "general_feedback": ""})
    assert response.status_code == 302
    db.session.expire_all()
    row = db.session.query(QuestionTranslation).filter_by(question_id=q1.id,
                                                          language="vi").one()
    source = db.session.get(Question, q1.id)
    assert row.text == "Số lượng người di cư đếm gì?"
    assert [c["id"] for c in row.data["choices"]] == [c["id"] for c in source.data["choices"]]
    assert [c["credit"] for c in row.data["choices"]] == [c["credit"]
                                                          for c in source.data["choices"]]
    assert row.data["choices"][0]["text"] == "Người sống ngoài nước nơi họ sinh ra"
    assert row.data["choices"][2]["text"] == "Money sent home"  # left empty: the source
    assert row.source_revision == source.revision


def test_editing_the_source_question_flags_its_translations(client, course):
    q1 = _questions(course)[0]
    (ko,) = q1.translations
    assert not ko.needs_update
    bank = q1.bank
    banks.save_question(bank, banks.QuestionFields(
        name=q1.name, type=q1.type, text=q1.text + " (stock)", text_format=q1.text_format,
        general_feedback=q1.general_feedback, data=q1.data, category=q1.category.name,
        tags=q1.tags), question=q1)
    db.session.commit()
    assert q1.revision == 2
    assert ko.needs_update
    login(client, course.author)
    page = client.get(f"/quizzes/questions/{q1.id}/translations/ko").get_data(as_text=True)
    assert "Needs update" in page
    assert "revision 1; the source is at revision 2" in page
    languages = client.get(f"/courses/{course.slug}/translations").get_data(as_text=True)
    assert '<span class="badge warn">Needs update</span>' in languages
    # Saving the same names again does not bump the revision.
    banks.save_question(bank, banks.QuestionFields(
        name=q1.name, type=q1.type, text=q1.text, text_format=q1.text_format,
        general_feedback=q1.general_feedback, data=q1.data, category=q1.category.name,
        tags=q1.tags), question=q1)
    assert q1.revision == 2


def test_regrading_a_korean_attempt_keeps_it_in_korean(course, make_user):
    quiz = quiz_for_item(course.modules[0].items[2])
    learner = make_user(language="ko")
    attempt = attempts.start_attempt(quiz, learner, language="ko")
    answer_every_slot(attempt)
    attempts.finish(attempt)
    db.session.commit()
    assert attempt.percent == 100
    short = next(q for q in _questions(course) if q.type == "short")
    trainer = course.author
    attempts.regrade_question(short, trainer)
    db.session.commit()
    entry = next(e for e in attempt.snapshot if e["question_id"] == short.id)
    assert entry["language"] == "ko"
    assert entry["text"].startswith("이주민이 고국으로 보내는 돈")
    assert attempt.percent == 100  # "송금" still matches the Korean accepted answer


def test_the_learner_sees_the_korean_feedback_in_the_review(client, course, make_user):
    quiz = quiz_for_item(course.modules[0].items[2])
    learner = make_user(language="ko")
    login(client, learner)
    client.post(f"/quizzes/{quiz.id}/start")
    attempt = attempts.current_attempt(quiz, learner)
    client.post(f"/quizzes/attempts/{attempt.id}", data={
        **right_answers(attempt), "sequence": "0", "page": "0", "nav": "finish",
        "slots": ",".join(str(i) for i in range(len(attempt.snapshot)))})
    page = client.get(f"/quizzes/attempts/{attempt.id}/review").get_data(as_text=True)
    assert "정답입니다." in page
    assert "저량은 한 시점에, 유량은 한 기간에 셉니다." in page
