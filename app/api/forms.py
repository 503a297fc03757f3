"""Creating an API token."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectMultipleField, StringField, widgets
from wtforms.validators import DataRequired, Length


class TokenForm(FlaskForm):
    name = StringField(_l("Integration"), validators=[DataRequired(), Length(max=120)],
                       description=_l("Which system will use it, e.g. “Ministry HR records”."))
    scopes = SelectMultipleField(_l("Permissions"), choices=[],
                                 widget=widgets.ListWidget(prefix_label=False),
                                 option_widget=widgets.CheckboxInput())
