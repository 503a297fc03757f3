"""Forms of the pilots domain."""

from __future__ import annotations

import math
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    FloatField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from app.auth.models import User
from app.pilots.labels import (
    CURRENCIES,
    PARTNER_TYPE_LABELS,
    ROLE_LABELS,
    SECTOR_LABELS,
    STATUS_LABELS,
    VISA_LABELS,
)
from app.reference import (
    ASEAN_COUNTRIES,
    COUNTRIES,
    OTHER_COUNTRY,
    country_choices,
    language_choices,
)
from app.widgets import MultiCheckboxField, account_email_field


class NumberField(FloatField):
    """A float shown without a needless ".0" (40, not 40.0)."""

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        if self.data is None:
            return ""
        return str(int(self.data)) if float(self.data).is_integer() else str(self.data)


def _choices(labels: dict) -> list[tuple[str, str]]:
    return [(code, str(text)) for code, text in labels.items()]


def asean_choices() -> list[tuple[str, str]]:
    return [(code, str(COUNTRIES[code])) for code in ASEAN_COUNTRIES]


def _not_in_future(form, field):
    if field.data and field.data > date.today() + timedelta(days=1):
        raise ValidationError(_l("The date cannot be in the future."))


def _finite(form, field):
    if field.data is not None and not math.isfinite(field.data):
        raise ValidationError(_l("Enter a number."))


def origin_choices() -> list[tuple[str, str]]:
    return [*asean_choices(), (OTHER_COUNTRY, str(COUNTRIES[OTHER_COUNTRY]))]


def _optional_int(value):
    return int(value) if value not in (None, "", "None") else None


class ProjectForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    country = SelectField(_l("Home country"), choices=asean_choices,
                          description=_l("The ASEAN Member State the project benefits."))
    region = StringField(_l("Region, province or city"), validators=[Optional(), Length(max=200)])
    sector = SelectField(_l("Sector"), choices=lambda: _choices(SECTOR_LABELS))
    summary = TextAreaField(
        _l("Summary"), validators=[DataRequired(), Length(max=20000)],
        description=_l("Shown on the public page if the project is public. Markdown."))
    objectives = TextAreaField(_l("Objectives"), validators=[Optional(), Length(max=20000)],
                               description=_l("Markdown, e.g. a list of objectives."))
    start_date = DateField(_l("Start date"), validators=[Optional()])
    end_date = DateField(_l("End date"), validators=[Optional()])
    budget = DecimalField(_l("Budget"), places=2, validators=[Optional(), NumberRange(min=0)])
    currency = SelectField(_l("Currency"), choices=[("", "—"), *((c, c) for c in CURRENCIES)],
                           validators=[Optional()])
    funding_source = StringField(_l("Funding source"), validators=[Optional(), Length(max=300)])
    planned_by_meeting_id = SelectField(_l("Planned at the meeting"), coerce=_optional_int,
                                        choices=[], validators=[Optional()])
    is_public = BooleanField(
        _l("Public: show a summary page (no personal data) to everybody"))

    def validate_end_date(self, field):
        if field.data and self.start_date.data and field.data < self.start_date.data:
            raise ValidationError(_l("The end date is before the start date."))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.budget.data is not None and not self.currency.data:
            self.currency.errors = [*self.currency.errors,
                                    _l("Choose the currency of the budget.")]
            valid = False
        return valid


class NewProjectForm(ProjectForm):
    status = SelectField(_l("Status"), choices=lambda: _choices(STATUS_LABELS),
                         description=_l("For a project that is already under way, its "
                                        "current status."))
    status_date = DateField(_l("Status since"), default=date.today,
                            validators=[DataRequired(), _not_in_future])


class StatusForm(FlaskForm):
    status = SelectField(_l("New status"), choices=lambda: _choices(STATUS_LABELS))
    changed_on = DateField(_l("Date of the change"), default=date.today,
                           validators=[DataRequired(), _not_in_future])
    note = StringField(_l("Note"), validators=[Optional(), Length(max=500)],
                       description=_l("For example the decision that approved the project."))


class PartnerForm(FlaskForm):
    name = StringField(_l("Organisation"), validators=[DataRequired(), Length(max=300)])
    org_type = SelectField(_l("Type"), choices=lambda: _choices(PARTNER_TYPE_LABELS))
    country = SelectField(_l("Country"), choices=country_choices,
                          description=_l("Korea, the home country or elsewhere."))
    role = StringField(_l("Role in the project"), validators=[Optional(), Length(max=300)])
    contact = StringField(
        _l("Contact"), validators=[Optional(), Length(max=300)],
        description=_l("Contact person, e-mail or telephone. Organisers only; never public."))


class MentorForm(FlaskForm):
    expert_id = SelectField(_l("Expert"), coerce=_optional_int, choices=[],
                            validators=[InputRequired(message=_l("Choose an expert."))])
    note = StringField(_l("What they mentor"), validators=[Optional(), Length(max=300)])


class WorkshopLinkForm(FlaskForm):
    workshop_id = SelectField(_l("Workshop"), coerce=_optional_int, choices=[],
                              validators=[InputRequired(message=_l("Choose a workshop."))])


class ParticipantForm(FlaskForm):
    name = StringField(_l("Name in Latin script"), validators=[DataRequired(), Length(max=200)],
                       description=_l("As in the passport, e.g. CHEA Sovann."))
    native_name = StringField(_l("Name in native script"),
                              validators=[Optional(), Length(max=200)], render_kw={"dir": "auto"})
    country_of_origin = SelectField(_l("Country of origin"), choices=origin_choices)
    city_in_korea = StringField(_l("City in Korea"), validators=[Optional(), Length(max=120)])
    years_in_korea = IntegerField(_l("Years in Korea"),
                                  validators=[Optional(), NumberRange(min=0, max=80)])
    visa_category = SelectField(_l("Visa category"), choices=lambda: _choices(VISA_LABELS))
    occupation = StringField(_l("Occupation in Korea"), validators=[Optional(), Length(max=200)])
    skills = TextAreaField(_l("Skills and qualifications acquired in Korea"),
                           validators=[Optional(), Length(max=5000)])
    education = StringField(_l("Education"), validators=[Optional(), Length(max=300)])
    languages = MultiCheckboxField(_l("Languages"), choices=language_choices)
    role = SelectField(_l("Role in the project"), choices=lambda: _choices(ROLE_LABELS))
    role_note = StringField(_l("Role in detail"), validators=[Optional(), Length(max=300)])
    consent_date = DateField(
        _l("Consent given on"), validators=[DataRequired(), _not_in_future],
        description=_l("Record a participant only after they agreed to it."))
    consent_scope = StringField(
        _l("Consent covers"), validators=[DataRequired(), Length(max=500)],
        description=_l("What the participant agreed to, e.g. project records and anonymous "
                       "reporting."))
    account_email = account_email_field(
        _l("Platform account (e-mail)"),
        _l("Optional. Links the record to the participant's account: they can "
           "then see their own record and the trainings they completed."))

    account_user: User | None = None

    def validate_account_email(self, field):
        self.account_user = None
        if not field.data:
            return
        from app.auth.services import get_user_by_email

        user = get_user_by_email(field.data)
        if user is None:
            raise ValidationError(_l("There is no account with this e-mail address."))
        self.account_user = user


class DeleteParticipantForm(FlaskForm):
    confirm = BooleanField(_l("The participant asked for their personal data to be deleted"),
                           validators=[DataRequired(message=_l("Tick the box to confirm."))])


class MilestoneForm(FlaskForm):
    title = StringField(_l("Milestone"), validators=[DataRequired(), Length(max=300)])
    due_date = DateField(_l("Due date"), validators=[Optional()])
    done_date = DateField(_l("Done on"), validators=[Optional(), _not_in_future])
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=5000)])


class ActivityForm(FlaskForm):
    occurred_on = DateField(_l("Date"), default=date.today,
                            validators=[DataRequired(), _not_in_future])
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    body = TextAreaField(_l("What happened"), validators=[Optional(), Length(max=20000)],
                         description=_l("Markdown."))
    attachments = MultipleFileField(
        _l("Attachments"), description=_l("Documents or images (PDF, Office, text, PNG, JPEG…)."))


class IndicatorForm(FlaskForm):
    name = StringField(_l("Indicator"), validators=[DataRequired(), Length(max=300)],
                       description=_l("For example: people trained in the home country."))
    unit = StringField(_l("Unit"), validators=[Optional(), Length(max=60)],
                       description=_l("For example: people, enterprises, %."))
    baseline = NumberField(_l("Baseline"), default=0, validators=[InputRequired(), _finite])
    target = NumberField(_l("Target"), validators=[InputRequired(), _finite])


class IndicatorValueForm(FlaskForm):
    measured_on = DateField(_l("Measured on"), default=date.today,
                            validators=[DataRequired(), _not_in_future])
    value = NumberField(_l("Value"), validators=[InputRequired(), _finite])
    note = StringField(_l("Note"), validators=[Optional(), Length(max=300)])


def form_data(form: FlaskForm, exclude=("csrf_token", "submit")) -> dict:
    return {name: f.data for name, f in form._fields.items() if name not in exclude}
