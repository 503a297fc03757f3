"""Forms of the notifications domain."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length


class AnnouncementForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    body = TextAreaField(_l("Message"), validators=[Length(max=20000)],
                         description=_l("Markdown: **bold**, *italic*, lists, links."))


class EmptyForm(FlaskForm):
    """A POST with only its CSRF token (mark read, new token, revoke)."""
