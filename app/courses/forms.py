"""Authoring forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    EmailField,
    FloatField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
)

from app.courses.models import LEVELS
from app.widgets import MultiCheckboxField

SLUG_HINT = _l("The course's address and its folder name in course packages: lower-case "
               "letters, digits and hyphens. Leave empty to make one from the title.")
SLUG_PATTERN = Regexp(r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
                      message=_l("Use lower-case letters a–z, digits and hyphens only."))
LEVEL_LABELS = {"introductory": _l("Introductory"), "intermediate": _l("Intermediate"),
                "advanced": _l("Advanced")}


def slug_field(description=SLUG_HINT) -> StringField:
    return StringField(_l("Short name (slug)"), description=description,
                       validators=[Optional(), Length(max=100), SLUG_PATTERN])


def title_field() -> StringField:
    return StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])


def level_choices() -> list[tuple[str, str]]:
    return [(level, str(LEVEL_LABELS[level])) for level in LEVELS]


class CourseForm(FlaskForm):
    title = title_field()
    slug = slug_field()
    summary = TextAreaField(_l("Summary"), validators=[Length(max=5000)],
                            description=_l("One paragraph, plain text, shown in the "
                                           "catalogue."))
    language = SelectField(_l("Language"), validators=[DataRequired()])
    level = SelectField(_l("Level"), choices=level_choices, validators=[DataRequired()])
    hours = FloatField(_l("Estimated hours"), default=0,
                       validators=[InputRequired(message=_l("Give a number of hours.")),
                                   NumberRange(min=0, max=1000)])
    topics = MultiCheckboxField(_l("Topics"))
    prerequisites = MultiCheckboxField(
        _l("Prerequisites"),
        description=_l("Courses a learner must complete before starting this one."))
    resource_persons = SelectMultipleField(
        _l("Resource persons"),
        description=_l("Experts from the directory. Hold Ctrl (or ⌘) to choose several."))


class ModuleForm(FlaskForm):
    title = title_field()
    slug = slug_field(_l("Its folder name in course packages. Leave empty to make one from "
                         "the title."))
    summary = TextAreaField(_l("Summary"), validators=[Length(max=3000)],
                            description=_l("One or two sentences."))


class LessonForm(FlaskForm):
    title = title_field()
    slug = slug_field(_l("Its file name in course packages. Leave empty to make one from the "
                         "title."))
    minutes = IntegerField(_l("Estimated minutes"),
                           description=_l("Leave empty to count about 200 words a minute."),
                           validators=[Optional(), NumberRange(min=0, max=1440)])
    body = TextAreaField(_l("Text (Markdown)"), validators=[Length(max=200_000)])
    preview = SubmitField(_l("Preview"))
    save = SubmitField(_l("Save"))


class AuthorForm(FlaskForm):
    email = EmailField(_l("E-mail of the co-author"),
                       validators=[DataRequired(), Email(), Length(max=254)])


class MediaForm(FlaskForm):
    file = FileField(_l("File"), validators=[FileRequired()],
                     description=_l("Images (PNG, JPEG, GIF, WebP) or attachments (PDF, "
                                    "Word, Excel, PowerPoint, OpenDocument, text)."))
    name = StringField(_l("Name in lessons"), validators=[Optional(), Length(max=200)],
                       description=_l("Lessons refer to the file as media/ followed by "
                                      "this name. Leave empty to use the file's name."))
    replace = BooleanField(_l("Replace the file of the same name"))


class PackageUploadForm(FlaskForm):
    file = FileField(_l("Course package (.zip)"), validators=[FileRequired()],
                     description=_l("A zip of a course folder (course.yaml, modules/, "
                                    "media/), as downloaded from this site."))
    publish = BooleanField(_l("Publish new courses at once"))


# Language versions -------------------------------------------------------------------------

class AddLanguageForm(FlaskForm):
    language = SelectField(_l("Language"), validators=[DataRequired()])
    submit = SubmitField(_l("Offer the course in this language"))


class CourseTranslationForm(FlaskForm):
    title = StringField(_l("Title"), validators=[Optional(), Length(max=300)])
    summary = TextAreaField(_l("Summary"), validators=[Optional(), Length(max=5000)])
    submit = SubmitField(_l("Save"))


MODULE_TEXTS = (("title", _l("Module title")), ("summary", _l("Module summary")),
                ("quiz_title", _l("Title of the module's quiz")))


def course_translation_form(course, language: str) -> CourseTranslationForm:
    """The course's title and summary in `language`, and each module's texts
    (fields `m<id>_title`, `m<id>_summary`, `m<id>_quiz_title`)."""

    class Form(CourseTranslationForm):
        pass

    row = next((t for t in course.translations if t.language == language), None)
    values = {"title": row.title if row else "", "summary": row.summary if row else ""}
    for module in course.modules:
        texts = next((t for t in module.translations if t.language == language), None)
        for key, label in MODULE_TEXTS:
            name = f"m{module.id}_{key}"
            field = TextAreaField if key == "summary" else StringField
            setattr(Form, name, field(label, validators=[Optional(), Length(max=5000)]))
            values[name] = getattr(texts, key) if texts else ""
    return Form(data=values)


class LessonTranslationForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    body = TextAreaField(_l("Lesson text (Markdown)"), validators=[Optional()])
    submit = SubmitField(_l("Save the translation"))
