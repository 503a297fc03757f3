"""Workshops: cohorts of officials around courses, with enrolment, attendance and completion."""

from __future__ import annotations

from babel.dates import format_date, format_datetime, format_time
from flask import Blueprint
from flask_babel import get_locale

from app.timeutil import to_zone

bp = Blueprint("workshops", __name__, url_prefix="/workshops")


@bp.app_template_filter("in_zone")
def in_zone(value, zone: str, fmt: str | None = None) -> str:
    """A naive UTC datetime shown in `zone` (a workshop's own time zone): the medium date
    and the short time ("Mar 4, 2030, 9:00 AM"), or a Babel format."""
    if value is None:
        return ""
    local, locale = to_zone(value, zone), get_locale() or "en"
    if fmt:
        return format_datetime(local, fmt, locale=locale)
    day = format_date(local, "medium", locale=locale)
    return f"{day}, {format_time(local, 'short', locale=locale)}"


@bp.app_template_filter("time_in_zone")
def time_in_zone(value, zone: str, fmt: str = "short") -> str:
    if value is None:
        return ""
    return format_time(to_zone(value, zone), fmt, locale=get_locale() or "en")


@bp.record_once
def _labels(state):
    """Translated labels of statuses and modes, for every template (and imported macros)."""
    from app.workshops import forms

    state.app.jinja_env.globals.update(
        enrolment_labels=forms.ENROLMENT_LABELS,
        completion_labels=forms.COMPLETION_LABELS,
        mode_labels=forms.MODE_LABELS,
        policy_labels=forms.POLICY_LABELS,
        workshop_status_labels=forms.WORKSHOP_STATUS_LABELS,
    )


from app.workshops import receivers, tasks, views  # noqa: E402,F401
