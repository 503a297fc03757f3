"""Adding a question type is one class and one template: a tiny "exact answer" type,
registered here, is authored, imported and exported as GIFT, taken, graded and reviewed
without any other change to the quizzes code."""

from typing import Any

import pytest
from flask_babel import lazy_gettext as _l
from jinja2 import ChoiceLoader, DictLoader
from sqlalchemy import select
from wtforms import StringField

from app.extensions import db
from app.quizzes import attempts, banks, gift
from app.quizzes.forms import QuestionForm
from app.quizzes.models import Attempt, Question
from app.quizzes.types import QUESTION_TYPES, QuestionType, register, unregister
from app.quizzes.types.base import QuestionType as Base
from tests.conftest import login
from tests.quizzes.factories import make_course, make_quiz

TEMPLATE = """\
{% macro input(v) %}
<input type="text" class="exact-input" name="{{ v.field_name }}" value="{{ v.text_value }}">
{% endmacro %}
{% macro review(v, show) %}<p class="exact-review">You wrote: {{ v.text_value }}</p>{% endmacro %}
{% macro authoring(form) %}
<p class="exact-authoring">{{ form.answer(id="exact-answer") }}</p>
{% endmacro %}
{% macro key(question) %}<p class="exact-key">Key: {{ question.data.answer }}</p>{% endmacro %}
"""


class ExactForm(QuestionForm):
    answer = StringField("Exact answer")


class Exact(QuestionType):
    """The learner must type the answer exactly; GIFT `{!answer}`."""

    name, label, position, form_class = "exact", _l("Exact answer"), 8, ExactForm
    gift_priority = 5

    def check(self, data: dict) -> list:
        return [] if data.get("answer") else ["An exact answer is needed."]

    def grade(self, data: dict, response: Any) -> tuple[float, str]:
        return (1.0 if response == data["answer"] else 0.0), ""

    def parse_response(self, form, name: str, order: Any) -> Any:
        return form.get(name, "").strip() or None

    def form_data(self, data: dict) -> dict:
        return {"answer": data.get("answer", "")}

    def content_from(self, form) -> dict:
        return {"answer": (form.answer.data or "").strip()}

    def from_gift(self, inner: str, at: int) -> dict | None:
        return {"answer": inner[1:].strip()} if inner.startswith("!") else None

    def to_gift(self, data: dict) -> list[str]:
        return ["!" + gift.escape(data["answer"])]


@pytest.fixture
def exact(app):
    register(Exact)
    loader = app.jinja_env.loader
    app.jinja_env.loader = ChoiceLoader([DictLoader({"quizzes/types/exact.html": TEMPLATE}),
                                         loader])
    yield QUESTION_TYPES["exact"]
    app.jinja_env.loader = loader
    unregister("exact")


def test_the_seven_types_are_classes_with_their_template(app):
    assert list(QUESTION_TYPES) == ["single", "multiple", "truefalse", "short", "numerical",
                                    "matching", "essay"]
    for qtype in QUESTION_TYPES.values():
        assert isinstance(qtype, Base)
        assert type(qtype).grade is not Base.grade
        assert app.jinja_env.get_template(qtype.template) is not None


def test_a_type_without_grading_or_parsing_cannot_be_registered():
    class Unfinished(Base):
        name, label = "unfinished", "Unfinished"

        def grade(self, data, response):
            return 1.0, ""

    with pytest.raises(TypeError, match="parse_response"):
        register(Unfinished)
    assert "unfinished" not in QUESTION_TYPES


def test_an_eighth_type_is_authored_taken_graded_and_reviewed(app, client, make_user, exact):
    trainer, learner = make_user("trainer"), make_user("learner")
    course = make_course(trainer)
    bank = banks.resolve_bank(course.slug, create=True)
    db.session.commit()
    login(client, trainer)

    bank_page = client.get(f"/quizzes/banks/{bank.id}").get_data(as_text=True)
    assert "Exact answer" in bank_page
    form_page = client.get(f"/quizzes/banks/{bank.id}/questions/new/exact")
    assert 'class="exact-authoring"' in form_page.get_data(as_text=True)
    refused = client.post(f"/quizzes/banks/{bank.id}/questions/new/exact", data={
        "name": "Capital", "text": "Capital of Korea?", "text_format": "plain",
        "category": "Exact", "answer": ""})
    assert "An exact answer is needed." in refused.get_data(as_text=True)
    saved = client.post(f"/quizzes/banks/{bank.id}/questions/new/exact", data={
        "name": "Capital", "text": "Capital of Korea?", "text_format": "plain",
        "category": "Exact", "answer": "Seoul"})
    assert saved.status_code == 302
    question = db.session.scalar(select(Question).where(Question.type == "exact"))
    assert question.data == {"answer": "Seoul"}
    key = client.get(f"/quizzes/questions/{question.id}").get_data(as_text=True)
    assert "Key: Seoul" in key

    quiz = make_quiz(course, bank)
    client.post("/logout")
    login(client, learner)
    started = client.post(f"/quizzes/{quiz.id}/start")
    assert "/quizzes/attempts/" in started.headers["Location"], client.get(
        started.headers["Location"]).get_data(as_text=True)
    attempt = db.session.scalar(select(Attempt).where(Attempt.user_id == learner.id))
    page = client.get(f"/quizzes/attempts/{attempt.id}").get_data(as_text=True)
    assert 'class="exact-input" name="s0"' in page
    assert "Seoul" not in page  # no answer key in the attempt page
    client.post(f"/quizzes/attempts/{attempt.id}",
                data={"s0": "Seoul", "sequence": "0", "slots": "0", "nav": "finish"})
    db.session.expire_all()
    attempt = db.session.get(Attempt, attempt.id)
    assert attempt.is_finished
    assert attempt.percent == 100
    review = client.get(f"/quizzes/attempts/{attempt.id}/review").get_data(as_text=True)
    assert "You wrote: Seoul" in review
    assert attempts.compute_results(attempt.snapshot, {"0": "seoul"})[1] == 0.0


def test_an_eighth_type_reads_and_writes_gift(app, exact):
    text = "::Capital::Capital of Korea? {\n!Seoul\n}\n"
    questions, errors = gift.parse(text)
    assert errors == []
    assert [(q.type, q.data) for q in questions] == [("exact", {"answer": "Seoul"})]
    assert gift.export(questions, categories=False) == text
