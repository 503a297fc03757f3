"""Workshop forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional, ValidationError

from app.reference import ALL_TIMEZONES, country_choices, language_choices, timezone_choices
from app.widgets import MultiCheckboxField
from app.workshops.models import (
    BLENDED,
    IN_PERSON,
    ONLINE,
    POLICY_APPROVAL,
    POLICY_INVITATION,
    POLICY_OPEN,
)

MODE_CHOICES = [(ONLINE, _l("Online")), (IN_PERSON, _l("In person")), (BLENDED, _l("Blended"))]
POLICY_CHOICES = [
    (POLICY_OPEN, _l("Open: officials enrol themselves")),
    (POLICY_APPROVAL, _l("On approval: officials apply, organisers decide")),
    (POLICY_INVITATION, _l("By invitation only")),
]


def _timezone_valid(form, field):
    if field.data not in ALL_TIMEZONES:
        raise ValidationError(_l("Choose a time zone from the list."))


def _optional_int(value):
    return int(value) if value not in (None, "", "None") else None


class WorkshopForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=20000)],
                                description=_l("Markdown: objectives, audience, programme."))
    course_ids = MultiCheckboxField(_l("Courses"), coerce=int, validate_choice=True)
    start_date = DateField(_l("Start date"), validators=[DataRequired()])
    end_date = DateField(_l("End date"), validators=[DataRequired()])
    mode = SelectField(_l("Mode"), choices=MODE_CHOICES)
    host_country = SelectField(_l("Host country"), choices=country_choices)
    city = StringField(_l("City"), validators=[Optional(), Length(max=120)])
    venue = StringField(_l("Venue"), validators=[Optional(), Length(max=300)])
    timezone = SelectField(_l("Time zone"), choices=timezone_choices,
                           validators=[_timezone_valid],
                           description=_l("Attendance sessions and deadlines are in this zone."))
    organiser_ids = MultiCheckboxField(_l("Organisers"), coerce=int)
    trainer_ids = MultiCheckboxField(_l("Trainers"), coerce=int)
    expert_ids = MultiCheckboxField(_l("Resource persons"), coerce=int,
                                    description=_l("From the expert directory."))
    capacity = IntegerField(_l("Capacity"), validators=[Optional(), NumberRange(min=1,
                                                                               max=100000)],
                            description=_l("Number of seats; leave empty for no limit."))
    enrolment_policy = SelectField(_l("Enrolment"), choices=POLICY_CHOICES)
    enrolment_deadline = DateField(_l("Enrolment deadline"), validators=[Optional()],
                                   description=_l("Last day to enrol (inclusive)."))
    languages = MultiCheckboxField(_l("Languages"), choices=language_choices)
    require_lessons = BooleanField(_l("All lessons of the courses done"))
    require_quizzes = BooleanField(_l("All quizzes of the courses passed"))
    min_attendance_percent = IntegerField(
        _l("Minimum attendance (%)"), default=0,
        validators=[Optional(), NumberRange(min=0, max=100)],
        description=_l("Share of the attendance sessions a learner must attend; 0 for none."))
    certificate_template = SelectField(_l("Certificate template"), validate_choice=True,
                                       description=_l("Used when the organisers issue the "
                                                      "cohort's certificates."))
    certificate_languages = MultiCheckboxField(
        _l("Certificate languages"), choices=language_choices,
        description=_l("English is always printed; a bilingual template adds the first "
                       "other language chosen here."))
    planned_by_meeting_id = SelectField(_l("Planned at the experts' meeting"),
                                        coerce=_optional_int, choices=[],
                                        validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from app.meetings.services import meeting_choices

        self.planned_by_meeting_id.choices = [(None, "—"), *meeting_choices()]

    def validate_end_date(self, field):
        if self.start_date.data and field.data and field.data < self.start_date.data:
            raise ValidationError(_l("The workshop cannot end before it starts."))

    def validate_enrolment_deadline(self, field):
        if field.data and self.end_date.data and field.data > self.end_date.data:
            raise ValidationError(_l("The deadline must not be after the end of the workshop."))

    def validate_organiser_ids(self, field):
        if not field.data:
            raise ValidationError(_l("Choose at least one organiser."))

    def validate_min_attendance_percent(self, field):
        if not (self.require_lessons.data or self.require_quizzes.data or (field.data or 0)):
            raise ValidationError(_l("Choose at least one completion requirement: lessons, "
                                     "quizzes or a minimum attendance."))

    def data_for_service(self) -> dict:
        data = {name: f.data for name, f in self._fields.items() if name != "csrf_token"}
        data["min_attendance_percent"] = data.get("min_attendance_percent") or 0
        for key in ("city", "venue", "description", "certificate_template"):
            data[key] = (data.get(key) or "").strip()
        data["title"] = data["title"].strip()
        return data


class DecisionForm(FlaskForm):
    action = SelectField(_l("Decision"), choices=[
        ("approve", _l("Approve")), ("waitlist", _l("Waiting list")), ("decline", _l("Decline")),
        ("withdraw", _l("Withdraw"))])
    note = TextAreaField(_l("Note to the official"), validators=[Optional(), Length(max=2000)])


class InviteForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(), Length(max=254)])
    name = StringField(_l("Name in Latin script"), validators=[Optional(), Length(max=200)],
                       description=_l("Needed when the person has no account yet."))
    country = SelectField(_l("Country"), choices=country_choices, default="XX")
    agency = StringField(_l("Agency or ministry"), validators=[Optional(), Length(max=200)])


class RosterImportForm(FlaskForm):
    file = FileField(_l("CSV file"), validators=[FileRequired()])


class SessionForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)],
                        description=_l("For example: Day 1 — morning."))
    day = DateField(_l("Date"), validators=[DataRequired()])
    start = TimeField(_l("Starts"), validators=[DataRequired()])
    end = TimeField(_l("Ends"), validators=[DataRequired()])

    def validate_end(self, field):
        if self.start.data and field.data and field.data <= self.start.data:
            raise ValidationError(_l("The session must end after it starts."))


STATUS_ACTIONS = {
    "open": _l("Open for enrolment"),
    "draft": _l("Back to draft"),
    "running": _l("Mark as running"),
    "finished": _l("Mark as finished"),
    "cancelled": _l("Cancel the workshop"),
}

ENROLMENT_LABELS = {
    "applied": _l("applied"),
    "approved": _l("enrolled"),
    "declined": _l("declined"),
    "waitlisted": _l("on the waiting list"),
    "withdrawn": _l("withdrawn"),
    "invited": _l("invited"),
}
COMPLETION_LABELS = {
    "in_progress": _l("In progress"),
    "completed": _l("Completed"),
    "not_completed": _l("Not completed"),
}
MODE_LABELS = dict(MODE_CHOICES)
POLICY_LABELS = {
    POLICY_OPEN: _l("Open enrolment"),
    POLICY_APPROVAL: _l("On approval"),
    POLICY_INVITATION: _l("By invitation only"),
}
WORKSHOP_STATUS_LABELS = {
    "draft": _l("Draft"),
    "open": _l("Open for enrolment"),
    "running": _l("Running"),
    "finished": _l("Finished"),
    "cancelled": _l("Cancelled"),
}


class CheckInForm(FlaskForm):
    """The check-in button (only the CSRF token)."""
