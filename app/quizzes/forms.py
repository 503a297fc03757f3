"""Forms: questions of each type, GIFT upload, quiz settings, slots, essay grading."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    FieldList,
    FloatField,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields import DateTimeLocalField
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from app.quizzes.models import FEEDBACK_RULES, GRADING_METHODS
from app.quizzes.types import QUESTION_TYPES, new_id

ID_RE = re.compile(r"^[0-9a-f]{4,16}$")
BLANK_ROWS = 3

TEXT_FORMAT_CHOICES = [
    ("markdown", _l("Markdown")),
    ("moodle", _l("Plain text with line breaks (GIFT default)")),
    ("plain", _l("Plain text, shown exactly")),
    ("html", _l("HTML (sanitised)")),
]
GRADING_CHOICES = [("highest", _l("Highest attempt")), ("last", _l("Last attempt")),
                   ("first", _l("First attempt")), ("average", _l("Average of attempts"))]
FEEDBACK_CHOICES = [("after_submit", _l("Immediately after the attempt is submitted")),
                    ("after_close", _l("After the quiz closes (or when no attempt is left)")),
                    ("never", _l("Never"))]
assert {c for c, _ in GRADING_CHOICES} == set(GRADING_METHODS)
assert {c for c, _ in FEEDBACK_CHOICES} == set(FEEDBACK_RULES)


class ChoiceRow(Form):
    key = HiddenField()
    text = StringField(_l("Answer"), validators=[Optional(), Length(max=2000)])
    credit = FloatField(_l("Credit (%)"), validators=[Optional(), NumberRange(-100, 100)],
                        render_kw={"inputmode": "decimal"})
    feedback = StringField(_l("Feedback"), validators=[Optional(), Length(max=4000)])


class ShortRow(Form):
    key = HiddenField()
    text = StringField(_l("Accepted answer"), validators=[Optional(), Length(max=500)])
    credit = FloatField(_l("Credit (%)"), validators=[Optional(), NumberRange(0, 100)],
                        render_kw={"inputmode": "decimal"})
    feedback = StringField(_l("Feedback"), validators=[Optional(), Length(max=4000)])


class NumericRow(Form):
    key = HiddenField()
    value = FloatField(_l("Value"), validators=[Optional()], render_kw={"inputmode": "decimal"})
    tolerance = FloatField(_l("± tolerance"), validators=[Optional(), NumberRange(min=0)],
                           render_kw={"inputmode": "decimal"})
    low = FloatField(_l("or from"), validators=[Optional()], render_kw={"inputmode": "decimal"})
    high = FloatField(_l("to"), validators=[Optional()], render_kw={"inputmode": "decimal"})
    credit = FloatField(_l("Credit (%)"), validators=[Optional(), NumberRange(0, 100)],
                        render_kw={"inputmode": "decimal"})
    feedback = StringField(_l("Feedback"), validators=[Optional(), Length(max=4000)])


class PairRow(Form):
    key = HiddenField()
    stem = StringField(_l("Item"), validators=[Optional(), Length(max=1000)])
    answer = StringField(_l("Matches"), validators=[Optional(), Length(max=500)])


class QuestionForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=255)],
                       description=_l("Short, for the bank list, e.g. \"Q01 Stock and flow\"."))
    category = StringField(_l("Category"), validators=[Optional(), Length(max=255)],
                           description=_l("A path such as \"Module 1/Definitions\"; new "
                                          "categories are created."))
    tags = StringField(_l("Tags"), validators=[Optional(), Length(max=500)],
                       description=_l("Separated by commas."))
    text_format = SelectField(_l("Format of the texts"), choices=TEXT_FORMAT_CHOICES,
                              default="markdown")
    text = TextAreaField(_l("Question text"), validators=[DataRequired(), Length(max=20000)])
    general_feedback = TextAreaField(
        _l("General feedback"), validators=[Optional(), Length(max=20000)],
        description=_l("Shown with every answer when feedback may be seen."))


class ChoiceQuestionForm(QuestionForm):
    choices = FieldList(FormField(ChoiceRow), min_entries=0)


class TrueFalseQuestionForm(QuestionForm):
    correct = RadioField(_l("The statement is"), choices=[("true", _l("True")),
                                                          ("false", _l("False"))],
                         validators=[InputRequired()])
    feedback_true = StringField(_l("Feedback for the answer \"True\""),
                                validators=[Optional(), Length(max=4000)])
    feedback_false = StringField(_l("Feedback for the answer \"False\""),
                                 validators=[Optional(), Length(max=4000)])


class ShortQuestionForm(QuestionForm):
    answers = FieldList(FormField(ShortRow), min_entries=0)
    case_sensitive = BooleanField(_l("Case matters"),
                                  description=_l("GIFT files cannot carry this option."))


class NumericalQuestionForm(QuestionForm):
    answers = FieldList(FormField(NumericRow), min_entries=0)
    other_feedback = StringField(_l("Feedback for any other number"),
                                 validators=[Optional(), Length(max=4000)])


class MatchingQuestionForm(QuestionForm):
    pairs = FieldList(FormField(PairRow), min_entries=0)


class EssayQuestionForm(QuestionForm):
    grader_info = TextAreaField(_l("Information for graders"),
                                validators=[Optional(), Length(max=20000)])


FORMS = {"single": ChoiceQuestionForm, "multiple": ChoiceQuestionForm,
         "truefalse": TrueFalseQuestionForm, "short": ShortQuestionForm,
         "numerical": NumericalQuestionForm, "matching": MatchingQuestionForm,
         "essay": EssayQuestionForm}
ROWS = {"single": "choices", "multiple": "choices", "short": "answers",
        "numerical": "answers", "matching": "pairs"}
assert set(FORMS) == set(QUESTION_TYPES)


def question_form(qtype: str, question=None, *, category: str = "") -> QuestionForm:
    """The form of a type, filled from a question on GET, from the request on POST."""
    data: dict = {"category": category}
    if question is not None:
        content = question.data or {}
        data = {"name": question.name, "category": question.category.name,
                "tags": ", ".join(question.tags), "text_format": question.text_format,
                "text": question.text, "general_feedback": question.general_feedback}
        if qtype == "truefalse":
            data.update(correct="true" if content.get("correct") else "false",
                        feedback_true=content.get("feedback_true", ""),
                        feedback_false=content.get("feedback_false", ""))
        elif qtype == "short":
            data.update(answers=content.get("answers", []),
                        case_sensitive=content.get("case_sensitive", False))
        elif qtype == "numerical":
            data.update(answers=content.get("answers", []),
                        other_feedback=content.get("other_feedback", ""))
        elif qtype in ROWS:
            data[ROWS[qtype]] = content.get(ROWS[qtype], [])
        elif qtype == "essay":
            data["grader_info"] = content.get("grader_info", "")
    for name in ("choices", "answers", "pairs"):
        if isinstance(data.get(name), list):
            data[name] = [{**row, "key": row.get("id", "")} for row in data[name]]
    form = FORMS[qtype](data=data)
    if qtype in ROWS and not form.is_submitted():
        add_blank_rows(form, qtype)
    return form


def add_blank_rows(form: QuestionForm, qtype: str, count: int = BLANK_ROWS) -> None:
    rows = getattr(form, ROWS[qtype])
    for _i in range(count):
        rows.append_entry()


def _row_id(value: str | None, used: set[str]) -> str:
    value = (value or "").strip()
    if not ID_RE.match(value) or value in used:
        value = new_id()
    used.add(value)
    return value


def _credit(value, default: float) -> float:
    return float(default if value is None else value)


def form_content(qtype: str, form: QuestionForm) -> dict:
    """The type-specific content (`Question.data`) from a submitted form."""
    used: set[str] = set()
    if qtype in {"single", "multiple"}:
        return {"choices": [
            {"id": _row_id(r.key.data, used), "text": r.text.data.strip(),
             "credit": _credit(r.credit.data, 0), "feedback": (r.feedback.data or "").strip()}
            for r in form.choices if (r.text.data or "").strip()]}
    if qtype == "truefalse":
        return {"correct": form.correct.data == "true",
                "feedback_true": (form.feedback_true.data or "").strip(),
                "feedback_false": (form.feedback_false.data or "").strip()}
    if qtype == "short":
        return {"answers": [
            {"id": _row_id(r.key.data, used), "text": r.text.data.strip(),
             "credit": _credit(r.credit.data, 100), "feedback": (r.feedback.data or "").strip()}
            for r in form.answers if (r.text.data or "").strip()],
            "case_sensitive": bool(form.case_sensitive.data)}
    if qtype == "numerical":
        answers = []
        for r in form.answers:
            if r.value.data is None and r.low.data is None and r.high.data is None:
                continue
            ranged = r.low.data is not None or r.high.data is not None
            answers.append({
                "id": _row_id(r.key.data, used),
                "value": None if ranged else r.value.data,
                "tolerance": 0.0 if ranged else float(r.tolerance.data or 0),
                "low": r.low.data if ranged else None,
                "high": r.high.data if ranged else None,
                "credit": _credit(r.credit.data, 100),
                "feedback": (r.feedback.data or "").strip()})
            if ranged and (r.low.data is None or r.high.data is None):
                r.low.errors = [*r.low.errors, _l("Give both ends of the range.")]
        return {"answers": answers, "other_feedback": (form.other_feedback.data or "").strip()}
    if qtype == "matching":
        return {"pairs": [
            {"id": _row_id(r.key.data, used), "stem": (r.stem.data or "").strip(),
             "answer": (r.answer.data or "").strip()}
            for r in form.pairs if (r.stem.data or "").strip() or (r.answer.data or "").strip()]}
    return {"grader_info": (form.grader_info.data or "").strip()}


class GiftUploadForm(FlaskForm):
    file = FileField(_l("GIFT file"), description=_l("A UTF-8 text file (.gift or .txt)."))
    text = TextAreaField(_l("Or paste GIFT text"), validators=[Optional(), Length(max=2_000_000)])
    category = StringField(_l("Category for questions without $CATEGORY"),
                           validators=[Optional(), Length(max=255)])


class BankForm(FlaskForm):
    course = SelectField(_l("Course"), coerce=int)
    name = StringField(_l("Bank name"), default="default",
                       validators=[DataRequired(), Length(max=100)],
                       description=_l("Lower-case letters, digits and hyphens. The bank "
                                      "\"default\" is the one the command line uses for "
                                      "<course-slug>."))


class QuizForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    intro = TextAreaField(_l("Introduction"), validators=[Optional(), Length(max=20000)],
                          description=_l("Markdown. Shown on the quiz page before starting."))
    pass_mark = FloatField(_l("Pass mark (%)"), default=70,
                           validators=[InputRequired(), NumberRange(0, 100)])
    attempts_allowed = IntegerField(_l("Attempts allowed"), default=0,
                                    validators=[InputRequired(), NumberRange(0, 100)],
                                    description=_l("0 = unlimited."))
    time_limit = IntegerField(_l("Time limit (minutes)"), default=0,
                              validators=[InputRequired(), NumberRange(0, 24 * 60)],
                              description=_l("0 = no limit. The server enforces it."))
    per_page = IntegerField(_l("Questions per page"), default=0,
                            validators=[InputRequired(), NumberRange(0, 200)],
                            description=_l("0 = all questions on one page."))
    shuffle_questions = BooleanField(_l("Shuffle the questions in each attempt"))
    shuffle_answers = BooleanField(_l("Shuffle the answers of each question"), default=True)
    grading_method = SelectField(_l("Grade that counts"), choices=GRADING_CHOICES,
                                 default="highest")
    feedback = SelectField(_l("Show feedback and right answers"), choices=FEEDBACK_CHOICES,
                           default="after_submit")
    opens_at = DateTimeLocalField(_l("Opens"), format="%Y-%m-%dT%H:%M",
                                  validators=[Optional()],
                                  description=_l("In your time zone. Empty = always open."))
    closes_at = DateTimeLocalField(_l("Closes"), format="%Y-%m-%dT%H:%M",
                                   validators=[Optional()],
                                   description=_l("In your time zone. Attempts in progress "
                                                  "end at this time."))

    def validate_closes_at(self, field):
        if field.data and self.opens_at.data and field.data <= self.opens_at.data:
            raise ValidationError(_l("The quiz must close after it opens."))


class AddQuestionsForm(FlaskForm):
    mark = FloatField(_l("Points per question"), default=1,
                      validators=[InputRequired(), NumberRange(0.01, 100)])


class AddRandomForm(FlaskForm):
    category = SelectField(_l("Category"), coerce=int)
    count = IntegerField(_l("Number of questions"), default=10,
                         validators=[InputRequired(), NumberRange(1, 500)])
    mark = FloatField(_l("Points per question"), default=1,
                      validators=[InputRequired(), NumberRange(0.01, 100)])


class SlotForm(FlaskForm):
    mark = FloatField(_l("Points"), validators=[Optional(), NumberRange(0.01, 100)])
    count = IntegerField(_l("Number"), validators=[Optional(), NumberRange(1, 500)])


def grading_form(slots: list[tuple[int, float]], formdata=None) -> FlaskForm:
    """Points and comment for each essay slot: `points_<slot>`, `comment_<slot>`."""

    class GradingForm(FlaskForm):
        pass

    for index, mark in slots:
        setattr(GradingForm, f"points_{index}", FloatField(
            _l("Points (out of %(mark)s)", mark=f"{mark:g}"),
            validators=[InputRequired(), NumberRange(0, mark)],
            render_kw={"inputmode": "decimal"}))
        setattr(GradingForm, f"comment_{index}", TextAreaField(
            _l("Comment for the learner"), validators=[Optional(), Length(max=20000)]))
    return GradingForm() if formdata is None else GradingForm(formdata=formdata)
