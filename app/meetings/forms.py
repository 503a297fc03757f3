"""Organiser forms for meetings, agenda, participants, documents and outcomes."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms import validators as v

from app.meetings.display import (
    DOCUMENT_KIND_LABELS,
    DOCUMENT_VISIBILITY_LABELS,
    MODE_LABELS,
    PARTICIPANT_ROLE_LABELS,
    RSVP_LABELS,
    SESSION_KIND_LABELS,
    SESSION_ROLE_LABELS,
    STATUS_LABELS,
    VISIBILITY_LABELS,
    choices,
)
from app.meetings.models import HYBRID, IN_PERSON, RSVP_ANSWERS
from app.reference import ALL_TIMEZONES, country_choices, timezone_choices

MARKDOWN_HINT = _l("Markdown: **bold**, *italic*, lists with -, links as [text](https://…).")


# <input type="datetime-local"> sends and expects "2030-06-04T09:00" (the first is rendered).
LOCAL_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]


def _country_choices():
    return [("", "—"), *country_choices()]


class MeetingForm(FlaskForm):
    title = StringField(_l("Title"), validators=[v.DataRequired(), v.Length(max=300)],
                        description=_l("The theme, e.g. Labour mobility and skills recognition."))
    series_number = IntegerField(
        _l("Number in the series"), validators=[v.Optional(), v.NumberRange(min=1, max=999)],
        description=_l("3 gives “3rd International Experts Meeting”. Leave empty for a "
                       "meeting outside the series."))
    status = SelectField(_l("Status"), choices=lambda: choices(STATUS_LABELS))
    visibility = RadioField(_l("Who can see it"), choices=lambda: choices(VISIBILITY_LABELS),
                            default="public")
    mode = RadioField(_l("Format"), choices=lambda: choices(MODE_LABELS), default=IN_PERSON)
    starts_local = DateTimeLocalField(_l("Starts (time at the venue)"), format=LOCAL_FORMATS,
                                      validators=[v.InputRequired()])
    ends_local = DateTimeLocalField(_l("Ends (time at the venue)"), format=LOCAL_FORMATS,
                                    validators=[v.InputRequired()])
    timezone = SelectField(_l("Time zone of the venue"), choices=timezone_choices,
                           default="Asia/Seoul")
    venue = StringField(_l("Venue"), validators=[v.Optional(), v.Length(max=300)],
                        description=_l("Building or hotel and address."))
    city = StringField(_l("City"), validators=[v.Optional(), v.Length(max=120)])
    country = SelectField(_l("Country"), choices=_country_choices, validate_choice=True)
    join_url = StringField(
        _l("Online join link"), validators=[v.Optional(), v.Length(max=500),
                                            v.URL(message=_l("Enter a full web address."))],
        description=_l("Shown only to participants and organisers. It can be added later."))
    objectives = TextAreaField(_l("Objectives"), description=MARKDOWN_HINT)
    description = TextAreaField(_l("Description"), description=MARKDOWN_HINT)
    organisers = TextAreaField(
        _l("Organisers"), validators=[v.Length(max=4000)],
        description=_l("E-mail addresses of the accounts that organise this meeting, one per "
                       "line. They can change it even without the organiser role."))

    def validate_timezone(self, field):
        if field.data not in ALL_TIMEZONES:
            raise v.ValidationError(_l("Choose a time zone from the list."))

    def validate_join_url(self, field):
        if field.data and urlsplit(field.data).scheme not in ("http", "https"):
            raise v.ValidationError(_l("The link must start with https://."))

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if self.starts_local.data and self.ends_local.data and \
                self.ends_local.data <= self.starts_local.data:
            self.ends_local.errors.append(_l("The meeting must end after it starts."))
            ok = False
        if self.mode.data in (IN_PERSON, HYBRID):
            for name in ("city", "country"):
                field = getattr(self, name)
                if not field.data:
                    field.errors.append(_l("Required for a meeting with a venue."))
                    ok = False
        return ok


class DayForm(FlaskForm):
    date = DateField(_l("Date (at the venue)"), validators=[v.InputRequired()])
    title = StringField(_l("Theme of the day"), validators=[v.Optional(), v.Length(max=200)],
                        description=_l("Optional, e.g. Regional perspectives."))


class SessionForm(FlaskForm):
    day = SelectField(_l("Day"), coerce=int)
    start = TimeField(_l("Starts"), validators=[v.InputRequired()])
    end = TimeField(_l("Ends"), validators=[v.InputRequired()])
    title = StringField(_l("Title"), validators=[v.DataRequired(), v.Length(max=300)])
    kind = SelectField(_l("Type"), choices=lambda: choices(SESSION_KIND_LABELS))
    room = StringField(_l("Room"), validators=[v.Optional(), v.Length(max=120)])
    description = TextAreaField(_l("Description"), description=MARKDOWN_HINT)

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if self.start.data and self.end.data and self.end.data <= self.start.data:
            self.end.errors.append(_l("The session must end after it starts."))
            ok = False
        return ok


class PersonForm(FlaskForm):
    role = SelectField(_l("Role"), choices=lambda: choices(SESSION_ROLE_LABELS))
    expert = SelectField(_l("Expert from the directory"), coerce=int, validate_choice=True)
    guest_name = StringField(_l("or a guest's name"), validators=[v.Optional(), v.Length(max=200)])
    guest_affiliation = StringField(_l("Guest's position and organisation"),
                                    validators=[v.Optional(), v.Length(max=300)])

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        has_expert, has_guest = bool(self.expert.data), bool((self.guest_name.data or "").strip())
        if has_expert == has_guest:
            self.expert.errors.append(_l("Choose an expert from the directory or type a "
                                         "guest's name, not both."))
            ok = False
        return ok


class DocumentForm(FlaskForm):
    title = StringField(_l("Title"), validators=[v.Optional(), v.Length(max=300)],
                        description=_l("Leave empty to use the file name."))
    kind = SelectField(_l("Type"), choices=lambda: choices(DOCUMENT_KIND_LABELS))
    visibility = SelectField(_l("Who can download it"),
                             choices=lambda: choices(DOCUMENT_VISIBILITY_LABELS))
    session = SelectField(_l("Session"), coerce=int, validate_choice=True,
                          description=_l("For a presentation given in a session."))
    upload = FileField(_l("File"), validators=[FileRequired()],
                     description=_l("PDF, Office or OpenDocument files, text, CSV or images."))


class DocumentEditForm(DocumentForm):
    upload = FileField(_l("Replace the file"), validators=[v.Optional()])


class InviteForm(FlaskForm):
    emails = TextAreaField(_l("Accounts (e-mail addresses)"), validators=[v.Length(max=20000)],
                           description=_l("One per line; officials and other platform users."))
    expert = SelectField(_l("Expert from the directory"), coerce=int, validate_choice=True)
    role = SelectField(_l("Role"), choices=lambda: choices(PARTICIPANT_ROLE_LABELS),
                       default="participant")
    notify = BooleanField(_l("Send the invitation by e-mail"), default=True)

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if not (self.emails.data or "").strip() and not self.expert.data:
            self.emails.errors.append(_l("Enter at least one e-mail address or choose an "
                                         "expert."))
            ok = False
        return ok


class RsvpForm(FlaskForm):
    answer = RadioField(_l("Will you take part?"),
                        choices=lambda: [(a, str(RSVP_LABELS[a])) for a in RSVP_ANSWERS],
                        validators=[v.InputRequired(message=_l("Choose an answer."))])
    note = StringField(_l("Note to the organisers"), validators=[v.Optional(), v.Length(max=300)],
                       description=_l("Optional, e.g. online only, or a colleague will come."))


class OutcomesForm(FlaskForm):
    minutes = TextAreaField(_l("Minutes"), validators=[v.Length(max=200000)],
                            description=MARKDOWN_HINT)
    recommendations = TextAreaField(_l("Recommendations"), validators=[v.Length(max=200000)],
                                    description=MARKDOWN_HINT)
