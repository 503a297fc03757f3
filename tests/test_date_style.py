"""Dates shown by the templates carry four-digit years, in the user's time zone (issue #16)."""

from datetime import date, datetime

from flask import render_template_string
from flask_babel import force_locale


def test_short_dates_and_times_have_four_digit_years(app):
    moment = datetime(2026, 12, 1, 7, 30)  # UTC, as stored
    with app.test_request_context("/"):
        with force_locale("en"):
            text = render_template_string(
                "{{ m|datetime('short') }} | {{ d|date('short') }} | {{ m|datetime }}",
                m=moment, d=date(2026, 3, 4))
        with force_locale("vi"):
            vi = render_template_string("{{ m|datetime('short') }}", m=moment)
    short, day, medium = text.split(" | ")
    assert "2026" in short, short
    assert "/26" not in short, short
    assert "2026" in day, day
    assert "/26" not in day, day
    assert "2026" in medium
    assert "2026" in vi, vi
