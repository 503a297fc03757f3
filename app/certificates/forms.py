"""Forms of the certificates pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    FieldList,
    FormField,
    HiddenField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional

from app.reference import country_choices


class RevokeForm(FlaskForm):
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=1000)],
                           description=_l("Shown on the public verification page."))
    confirm = BooleanField(
        _l("I understand that revoking cannot be undone: the certificate will show as revoked "
           "to everyone who checks it."),
        validators=[DataRequired(_l("Tick the box to confirm the revocation."))])


class ReissueForm(FlaskForm):
    reason = TextAreaField(_l("Why a new certificate?"),
                           validators=[DataRequired(), Length(max=1000)],
                           description=_l("For example: name corrected at the holder's "
                                          "request. Recorded in the audit log; the old "
                                          "certificate shows it as replaced."))
    holder_name = StringField(_l("Name (Latin script)"),
                              validators=[DataRequired(), Length(max=200)])
    holder_native_name = StringField(_l("Name in own script"),
                                     validators=[Optional(), Length(max=200)],
                                     render_kw={"dir": "auto"})
    template = SelectField(_l("Template"))
    language = SelectField(_l("Language beside English"), validators=[Optional()])


class IssueForm(FlaskForm):
    """One certificate, filled in by hand (workshops provide it when they exist)."""

    email = StringField(_l("Holder's e-mail address"), validators=[DataRequired(), Email()],
                        description=_l("The official's account on this platform."))
    holder_name = StringField(_l("Name (Latin script)"), validators=[Optional(), Length(max=200)],
                              description=_l("Leave blank to use the name in the profile."))
    holder_native_name = StringField(_l("Name in own script"),
                                     validators=[Optional(), Length(max=200)],
                                     description=_l("Leave blank to use the profile's."),
                                     render_kw={"dir": "auto"})
    title = StringField(_l("Workshop or training"), validators=[DataRequired(), Length(max=300)])
    title_native = StringField(_l("Its title in the language beside English"),
                               validators=[Optional(), Length(max=300)],
                               description=_l("Bilingual certificates only."))
    course_titles = TextAreaField(_l("Courses"), validators=[Optional(), Length(max=3000)],
                                  description=_l("One per line."))
    start_date = DateField(_l("First day"), validators=[Optional()])
    end_date = DateField(_l("Last day"), validators=[Optional()])
    hours = DecimalField(_l("Hours"), places=1,
                         validators=[Optional(), NumberRange(min=0, max=2000)])
    venue = StringField(_l("Venue or city"), validators=[Optional(), Length(max=200)],
                        description=_l("For example: Phnom Penh, or Online."))
    host_country = SelectField(_l("Host country"), validators=[Optional()])
    template = SelectField(_l("Template"))
    language = SelectField(_l("Language beside English"), validators=[Optional()],
                           description=_l("Needed for the bilingual template."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.host_country.choices = [("", _l("— none (online) —")), *country_choices()]


class CohortForm(FlaskForm):
    """The template; each holder's language is a `language-<user id>` field of the list."""

    template = SelectField(_l("Template"))


class TextsForm(FlaskForm):
    """Fields are added per template text at runtime (see views.template_texts_form)."""

    language = HiddenField()


class SignatoryForm(FlaskForm):
    class Meta:
        csrf = False

    name = StringField(_l("Name"), validators=[Optional(), Length(max=200)])
    title = StringField(_l("Title"), validators=[Optional(), Length(max=200)])
    image = FileField(_l("Signature image (PNG or JPEG)"))
    keep_image = BooleanField(_l("Keep the current signature image"), default=True)


class SignatoriesForm(FlaskForm):
    signatories = FieldList(FormField(SignatoryForm), min_entries=1)


class LogosForm(FlaskForm):
    use_default = BooleanField(_l("Print the template's own logo"))
    upload = FileField(_l("Add a logo (PNG or JPEG)"))


class VerifyUploadForm(FlaskForm):
    pdf = FileField(_l("The certificate's PDF file"))


class LookupForm(FlaskForm):
    class Meta:
        csrf = False

    code = StringField(_l("Verification code or address"),
                       validators=[DataRequired(), Length(max=200)])
