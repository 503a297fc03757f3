"""Forms: what every question has (each type extends `QuestionForm` in its module of
app.quizzes.types), GIFT upload, quiz settings, slots, essay grading."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    FloatField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms import validators as v
from wtforms.fields import DateTimeLocalField

from app.quizzes.models import FEEDBACK_RULES, GRACE_DEFAULT, GRACE_MAX, GRADING_METHODS

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


class QuestionForm(FlaskForm):
    name = StringField(_l("Name"), validators=[v.DataRequired(), v.Length(max=255)],
                       description=_l("Short, for the bank list, e.g. \"Q01 Stock and flow\"."))
    category = StringField(_l("Category"), validators=[v.Optional(), v.Length(max=255)],
                           description=_l("A path such as \"Module 1/Definitions\"; new "
                                          "categories are created."))
    tags = StringField(_l("Tags"), validators=[v.Optional(), v.Length(max=500)],
                       description=_l("Separated by commas."))
    text_format = SelectField(_l("Format of the texts"), choices=TEXT_FORMAT_CHOICES,
                              default="markdown")
    text = TextAreaField(_l("Question text"), validators=[v.DataRequired(), v.Length(max=20000)])
    general_feedback = TextAreaField(
        _l("General feedback"), validators=[v.Optional(), v.Length(max=20000)],
        description=_l("Shown with every answer when feedback may be seen."))


class GiftUploadForm(FlaskForm):
    file = FileField(_l("GIFT file"), description=_l("A UTF-8 text file (.gift or .txt)."))
    text = TextAreaField(_l("Or paste GIFT text"),
                         validators=[v.Optional(), v.Length(max=2_000_000)])
    category = StringField(_l("Category for questions without $CATEGORY"),
                           validators=[v.Optional(), v.Length(max=255)])


class BankForm(FlaskForm):
    course = SelectField(_l("Course"), coerce=int)
    name = StringField(_l("Bank name"), default="default",
                       validators=[v.DataRequired(), v.Length(max=100)],
                       description=_l("Lower-case letters, digits and hyphens. The bank "
                                      "\"default\" is the one the command line uses for "
                                      "<course-slug>."))


class QuizForm(FlaskForm):
    title = StringField(_l("Title"), validators=[v.DataRequired(), v.Length(max=300)])
    intro = TextAreaField(_l("Introduction"), validators=[v.Optional(), v.Length(max=20000)],
                          description=_l("Markdown. Shown on the quiz page before starting."))
    pass_mark = FloatField(_l("Pass mark (%)"), default=70,
                           validators=[v.InputRequired(), v.NumberRange(0, 100)])
    attempts_allowed = IntegerField(_l("Attempts allowed"), default=0,
                                    validators=[v.InputRequired(), v.NumberRange(0, 100)],
                                    description=_l("0 = unlimited."))
    time_limit = IntegerField(_l("Time limit (minutes)"), default=0,
                              validators=[v.InputRequired(), v.NumberRange(0, 24 * 60)],
                              description=_l("0 = no limit. The server enforces it."))
    grace_seconds = IntegerField(
        _l("Grace period (seconds)"), default=GRACE_DEFAULT,
        validators=[v.InputRequired(), v.NumberRange(0, GRACE_MAX)],
        description=_l("From 0 to %(max)d. Answers that reach the server up to this many "
                       "seconds after the time limit (or the closing time) are still "
                       "accepted, so that a slow connection does not lose the last answers. "
                       "Learners are told; your review of an attempt marks each answer that "
                       "arrived during the grace period.", max=GRACE_MAX))
    per_page = IntegerField(_l("Questions per page"), default=0,
                            validators=[v.InputRequired(), v.NumberRange(0, 200)],
                            description=_l("0 = all questions on one page."))
    shuffle_questions = BooleanField(_l("Shuffle the questions in each attempt"))
    shuffle_answers = BooleanField(_l("Shuffle the answers of each question"), default=True)
    grading_method = SelectField(_l("Grade that counts"), choices=GRADING_CHOICES,
                                 default="highest")
    feedback = SelectField(_l("Show feedback and right answers"), choices=FEEDBACK_CHOICES,
                           default="after_submit")
    opens_at = DateTimeLocalField(_l("Opens"), format="%Y-%m-%dT%H:%M",
                                  validators=[v.Optional()],
                                  description=_l("In your time zone. Empty = always open."))
    closes_at = DateTimeLocalField(_l("Closes"), format="%Y-%m-%dT%H:%M",
                                   validators=[v.Optional()],
                                   description=_l("In your time zone. Attempts in progress "
                                                  "end at this time."))

    def validate_closes_at(self, field):
        if field.data and self.opens_at.data and field.data <= self.opens_at.data:
            raise v.ValidationError(_l("The quiz must close after it opens."))


class AddQuestionsForm(FlaskForm):
    mark = FloatField(_l("Points per question"), default=1,
                      validators=[v.InputRequired(), v.NumberRange(0.01, 100)])


class AddRandomForm(FlaskForm):
    category = SelectField(_l("Category"), coerce=int)
    count = IntegerField(_l("Number of questions"), default=10,
                         validators=[v.InputRequired(), v.NumberRange(1, 500)])
    mark = FloatField(_l("Points per question"), default=1,
                      validators=[v.InputRequired(), v.NumberRange(0.01, 100)])


class SlotForm(FlaskForm):
    mark = FloatField(_l("Points"), validators=[v.Optional(), v.NumberRange(0.01, 100)])
    count = IntegerField(_l("Number"), validators=[v.Optional(), v.NumberRange(1, 500)])


def grading_form(slots: list[tuple[int, float]], formdata=None) -> FlaskForm:
    """Points and comment for each essay slot: `points_<slot>`, `comment_<slot>`."""

    class GradingForm(FlaskForm):
        pass

    for index, mark in slots:
        setattr(GradingForm, f"points_{index}", FloatField(
            _l("Points (out of %(mark)s)", mark=f"{mark:g}"),
            validators=[v.InputRequired(), v.NumberRange(0, mark)],
            render_kw={"inputmode": "decimal"}))
        setattr(GradingForm, f"comment_{index}", TextAreaField(
            _l("Comment for the learner"), validators=[v.Optional(), v.Length(max=20000)]))
    return GradingForm() if formdata is None else GradingForm(formdata=formdata)


def question_translation_form(question, translation):
    """The translation form of a question: its text, its general feedback and each text of
    its answers (the structure, marks and values stay the source's)."""
    from app.quizzes.translation import get_path, path_key, text_fields

    class QuestionTranslationForm(FlaskForm):
        text = TextAreaField(_l("Question text"), validators=[v.DataRequired()])
        general_feedback = TextAreaField(_l("General feedback"), validators=[v.Optional()])

    paths = text_fields(question.data or {})
    values = {}
    for path, _source in paths:
        name = f"t_{path_key(path)}"
        setattr(QuestionTranslationForm, name, StringField(path_label(path),
                                                           validators=[v.Optional()]))
        if translation is not None:
            values[name] = get_path(translation.data, path) or ""
    if translation is not None:
        values.update(text=translation.text, general_feedback=translation.general_feedback)
    form = QuestionTranslationForm(data=values)
    form.paths = paths
    return form


PATH_LABELS = {"choices": _l("Answer"), "answers": _l("Answer"), "pairs": _l("Pair"),
               "text": _l("text"), "feedback": _l("feedback"), "stem": _l("item"),
               "answer": _l("match"), "other_feedback": _l("Feedback for any other answer"),
               "feedback_true": _l("Feedback for “true”"),
               "feedback_false": _l("Feedback for “false”"),
               "grader_info": _l("Information for graders"),
               "template": _l("Response template")}


def path_label(path: tuple) -> str:
    """("choices", 0, "feedback") → "Answer 1 feedback"."""
    parts = []
    for step in path:
        parts.append(str(step + 1) if isinstance(step, int) else str(PATH_LABELS.get(step, step)))
    return " ".join(parts)
