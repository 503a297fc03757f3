"""Account forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional, ValidationError

from app.auth.models import ROLE_LABELS, ROLES
from app.i18n import interface_language_choices
from app.reference import (
    ALL_TIMEZONES,
    country_choices,
    timezone_choices,
)
from app.widgets import MultiCheckboxField


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=512)])
    remember = BooleanField(_l("Keep me signed in on this device"))


class ForgotPasswordForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(), Length(max=254)])


class NewPasswordForm(FlaskForm):
    password = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=512)])
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))],
    )


class ChangePasswordForm(NewPasswordForm):
    current = PasswordField(_l("Current password"), validators=[DataRequired()])


def _timezone_valid(form, field):
    if field.data not in ALL_TIMEZONES:
        raise ValidationError(_l("Choose a time zone from the list."))


class ProfileForm(FlaskForm):
    name = StringField(
        _l("Name in Latin script"),
        validators=[DataRequired(), Length(max=200)],
        description=_l("As in your passport, e.g. NGUYEN Van An."),
    )
    native_name = StringField(
        _l("Name in native script"),
        validators=[Optional(), Length(max=200)],
        description=_l("For example 김민준, ສົມພອນ or Nguyễn Văn An."),
        render_kw={"dir": "auto"},  # Jawi is written right to left
    )
    country = SelectField(_l("Country"), choices=country_choices)
    agency = StringField(_l("Agency or ministry"), validators=[Optional(), Length(max=200)])
    position = StringField(_l("Position"), validators=[Optional(), Length(max=200)])
    language = SelectField(_l("Preferred language"), choices=interface_language_choices)
    timezone = SelectField(_l("Time zone"), choices=timezone_choices,
                           validators=[_timezone_valid])


class AccountForm(ProfileForm):
    """The profile with the account's e-mail (registration, the administrators' user form)."""

    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(), Length(max=254)])


class RegisterForm(AccountForm, NewPasswordForm):
    """A new account: the profile, the e-mail and a password."""


class AdminUserForm(AccountForm):
    roles = MultiCheckboxField(_l("Roles"), choices=[(r, ROLE_LABELS[r]) for r in ROLES])
    active = BooleanField(_l("Active (can sign in)"), default=True)


class UserImportForm(FlaskForm):
    file = FileField(_l("CSV file"), validators=[FileRequired()])
