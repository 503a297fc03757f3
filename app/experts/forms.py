"""Forms of the expert directory."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    FieldList,
    Form,
    FormField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional

from app.experts.models import VISIBILITY_LEVELS
from app.experts.reference import ORGANISATION_TYPE_LABELS, VISIBILITY_LABELS
from app.reference import country_choices
from app.widgets import MultiCheckboxField, account_email_field


def _visibility_choices():
    return [(level, VISIBILITY_LABELS[level]) for level in VISIBILITY_LEVELS]


def _organisation_type_choices():
    return [("", _l("— choose —")), *ORGANISATION_TYPE_LABELS.items()]


class PublicationForm(Form):
    title = StringField(_l("Title"), validators=[Optional(), Length(max=500)])
    url = URLField(_l("Link"), validators=[Optional(), Length(max=1000)])
    year = IntegerField(_l("Year"), validators=[
        Optional(), NumberRange(min=1900, max=date.today().year + 1)])


class ExpertProfileForm(FlaskForm):
    """What the expert edits on their own profile (see permissions.py)."""

    honorific = StringField(_l("Honorific"), validators=[Optional(), Length(max=40)],
                            description=_l("For example Dr, Prof., Ms, Mr, Atty."))
    native_name = StringField(
        _l("Name in native script"), validators=[Optional(), Length(max=200)],
        description=_l("For example 김민지, สมชาย รัตนกุล or Nguyễn Thị Lan."),
        render_kw={"dir": "auto"})
    position = StringField(_l("Position"), validators=[Optional(), Length(max=200)])
    organisation = StringField(_l("Organisation"), validators=[Optional(), Length(max=300)])
    organisation_type = SelectField(_l("Type of organisation"),
                                    choices=_organisation_type_choices)
    country = SelectField(_l("Country"), choices=country_choices)
    areas = MultiCheckboxField(_l("Expertise areas"), coerce=int, choices=[])
    keywords = StringField(
        _l("Keywords"), validators=[Optional(), Length(max=2000)],
        description=_l("Separate with semicolons, e.g. EPS; fair recruitment; skills "
                       "recognition."))
    languages = MultiCheckboxField(_l("Languages spoken"), choices=[])
    bio = TextAreaField(_l("Biography"), validators=[Optional(), Length(max=20000)],
                        description=_l("Markdown: *italic*, **bold**, [link](https://…), "
                                       "lists. Shown to everyone who can see the profile."))
    publications = FieldList(FormField(PublicationForm), label=_l("Publications and links"),
                             min_entries=0, max_entries=60)
    email = EmailField(_l("E-mail"), validators=[Optional(), Email(), Length(max=254)])
    email_visibility = RadioField(_l("Who may see the e-mail address"),
                                  choices=_visibility_choices, default="organisers")
    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=60)],
                        description=_l("With the country code, e.g. +66 2 123 4567."))
    phone_visibility = RadioField(_l("Who may see the phone number"),
                                  choices=_visibility_choices, default="organisers")
    photo = FileField(_l("Photo"), description=_l(
        "JPEG, PNG, GIF or WebP. It is reduced to 600 pixels and its metadata (camera, "
        "location) is removed."))
    remove_photo = BooleanField(_l("Remove the current photo"))

    def profile_data(self) -> dict:
        from app.experts.services import parse_keywords

        data = {name: getattr(self, name).data or "" for name in (
            "honorific", "native_name", "position", "organisation", "organisation_type",
            "country", "bio", "email", "email_visibility", "phone", "phone_visibility")}
        data["area_ids"] = list(self.areas.data or [])
        data["keywords"] = parse_keywords(self.keywords.data or "")
        data["languages"] = list(self.languages.data or [])
        data["publications"] = [entry.data for entry in self.publications]
        return data


class ExpertForm(ExpertProfileForm):
    """Organisers: the whole record."""

    name = StringField(_l("Name in Latin script"), validators=[DataRequired(), Length(max=200)],
                       description=_l("Family name in capitals, e.g. NGUYEN Thi Lan, KIM "
                                      "Minji."))
    consent_date = DateField(
        _l("Consent to be listed, given on"), validators=[Optional()],
        description=_l("Empty: the expert has not consented; the profile is visible to "
                       "organisers only."))
    account_email = account_email_field(
        _l("Linked account (e-mail)"),
        _l("The expert's account on this platform: they can then edit their own profile."))

    def profile_data(self) -> dict:
        data = super().profile_data()
        data["name"] = self.name.data or ""
        data["consent_date"] = self.consent_date.data
        data["account_email"] = self.account_email.data or ""
        return data


class ImportForm(FlaskForm):
    file = FileField(_l("CSV file"), validators=[FileRequired()])


class AreaForm(FlaskForm):
    slug = StringField(_l("Identifier"), validators=[DataRequired(), Length(max=60)],
                       description=_l("Lower-case letters, digits and hyphens, e.g. "
                                      "labour-migration. Used in CSV files; cannot be "
                                      "changed later."))
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=150)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=2000)])


class AreaEditForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=150)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=2000)])
    retired = BooleanField(_l("Retired (no longer offered for profiles and filters)"))


class MergeForm(FlaskForm):
    duplicate = RadioField(_l("Duplicate record"), coerce=int, choices=[],
                           validate_choice=False, validators=[Optional()])
    other_id = IntegerField(_l("Or the number of the duplicate record"),
                            validators=[Optional(), NumberRange(min=1)])
    confirm = BooleanField(default=False)

    def duplicate_id(self) -> int | None:
        return self.other_id.data or self.duplicate.data or None
