"""Small form helpers shared by every domain."""

from __future__ import annotations

from wtforms import EmailField, SelectMultipleField, widgets
from wtforms.validators import Email, Length, Optional


class MultiCheckboxField(SelectMultipleField):
    """A group of checkboxes (works without JavaScript, unlike a multi-select)."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def account_email_field(label, description) -> EmailField:
    """An optional e-mail naming a platform account to link a record to (an expert's profile,
    a pilot participant): empty, or a valid address of at most 254 characters."""
    return EmailField(label, validators=[Optional(), Email(), Length(max=254)],
                      description=description)
