"""Venue time and the viewer's own time: DST-free zones of the region, others, and DST."""

from __future__ import annotations

from datetime import datetime, time

import pytest
from babel import Locale

from app.meetings import display
from app.timeutil import to_utc
from tests.conftest import login


def norm(text: str) -> str:
    """Babel uses thin and narrow no-break spaces around dashes: compare words only."""
    return " ".join(text.split())


@pytest.fixture
def request_ctx(app):
    with app.test_request_context():
        yield


# A session at 09:00–10:30 in Seoul (KST, UTC+9, no daylight saving) is 00:00–01:30 UTC.
@pytest.mark.parametrize(("zone", "local", "offset"), [
    ("Asia/Yangon", "06:30 – 08:00", "UTC+6:30"),
    ("Asia/Bangkok", "07:00 – 08:30", "UTC+7"),
    ("Asia/Jakarta", "07:00 – 08:30", "UTC+7"),
    ("Asia/Ho_Chi_Minh", "07:00 – 08:30", "UTC+7"),
    ("Asia/Phnom_Penh", "07:00 – 08:30", "UTC+7"),
    ("Asia/Vientiane", "07:00 – 08:30", "UTC+7"),
    ("Asia/Kuala_Lumpur", "08:00 – 09:30", "UTC+8"),
    ("Asia/Singapore", "08:00 – 09:30", "UTC+8"),
    ("Asia/Manila", "08:00 – 09:30", "UTC+8"),
    ("Asia/Brunei", "08:00 – 09:30", "UTC+8"),
    ("Asia/Makassar", "08:00 – 09:30", "UTC+8"),
    ("Asia/Kolkata", "05:30 – 07:00", "UTC+5:30"),
    ("Asia/Kathmandu", "05:45 – 07:15", "UTC+5:45"),
    ("UTC", "00:00 – 01:30", "UTC"),
])
def test_seoul_session_seen_from_dst_free_zones(request_ctx, make_meeting, add_session, zone,
                                                local, offset):
    meeting = make_meeting(timezone="Asia/Seoul")
    session = add_session(meeting, start=time(9, 0), end=time(10, 30))
    assert session.starts_at == datetime(2030, 6, 4, 0, 0)  # stored as naive UTC
    when = display.session_when(session, meeting, zone)
    assert norm(when.venue.text) == "09:00 – 10:30"
    assert norm(when.venue.zone) == "South Korea Time (UTC+9)"
    assert when.local is not None
    assert norm(when.local.text) == local
    assert when.local.zone.endswith(f"({offset})") or when.local.zone == offset


@pytest.mark.parametrize("zone", ["Asia/Seoul", "Asia/Tokyo", "Asia/Dili", "Asia/Jayapura"])
def test_same_clock_shows_only_the_venue_time(request_ctx, make_meeting, add_session, zone):
    meeting = make_meeting(timezone="Asia/Seoul")
    session = add_session(meeting)
    assert display.session_when(session, meeting, zone).local is None
    assert display.meeting_when(meeting, zone).local is None


def test_anonymous_viewer_sees_the_venue_time_only(request_ctx, make_meeting):
    meeting = make_meeting(timezone="Asia/Seoul")
    when = display.meeting_when(meeting)
    assert norm(when.venue.text) == "Tue, Jun 4, 2030, 09:00 – Wed, Jun 5, 2030, 17:30"
    assert when.local is None


def test_local_time_on_another_day_shows_the_date(request_ctx, make_meeting, add_session):
    # 08:00 in Seoul is 13:00 the day before in Honolulu (UTC−10, no daylight saving).
    meeting = make_meeting(timezone="Asia/Seoul")
    session = add_session(meeting, start=time(8, 0), end=time(9, 0))
    when = display.session_when(session, meeting, "Pacific/Honolulu")
    assert norm(when.local.text) == "Mon, Jun 3, 13:00 – 14:00"
    assert when.local.zone.endswith("(UTC\u221210)")


def test_session_crossing_midnight_in_the_viewers_zone(request_ctx, make_meeting, add_session):
    meeting = make_meeting(timezone="Asia/Seoul")
    session = add_session(meeting, start=time(17, 0), end=time(18, 30))
    # 17:00–18:30 KST is 13:45–15:15 in Kathmandu (UTC+5:45), on the same day.
    assert norm(display.session_when(session, meeting, "Asia/Kathmandu").local.text) == \
        "13:45 – 15:15"
    # A venue in Honolulu seen from Seoul: the next day, and a session across midnight.
    hawaii = make_meeting(timezone="Pacific/Honolulu", title="Online from Hawaii",
                          mode="online", city="", country="")
    late = add_session(hawaii, start=time(6, 0), end=time(7, 0))  # 01:00–02:00 KST next day
    assert norm(display.session_when(late, hawaii, "Asia/Seoul").local.text) == \
        "Wed, Jun 5, 01:00 – 02:00"
    evening = add_session(hawaii, start=time(4, 30), end=time(5, 30))  # 23:30–00:30 KST
    assert norm(display.session_when(evening, hawaii, "Asia/Seoul").local.text) == \
        "Tue, Jun 4, 23:30 – Wed, Jun 5, 00:30"


def test_dst_zone_viewer_summer_and_winter(request_ctx, make_meeting, add_session):
    summer = make_meeting(timezone="Asia/Seoul")  # June: Berlin is on CEST, UTC+2
    june = add_session(summer, start=time(9, 0), end=time(10, 0))
    assert norm(display.session_when(june, summer, "Europe/Berlin").local.text) == "02:00 – 03:00"
    assert display.session_when(june, summer, "Europe/Berlin").local.zone.endswith("(UTC+2)")
    winter = make_meeting(timezone="Asia/Seoul", starts_local=datetime(2030, 1, 15, 9, 0),
                          ends_local=datetime(2030, 1, 15, 17, 0), title="Winter")
    january = add_session(winter, start=time(9, 0), end=time(10, 0))
    assert norm(display.session_when(january, winter, "Europe/Berlin").local.text) == \
        "01:00 – 02:00"
    assert display.session_when(january, winter, "Europe/Berlin").local.zone.endswith("(UTC+1)")


def test_meeting_at_a_dst_venue_across_the_change(request_ctx, make_meeting):
    # Berlin moves to summer time on Sunday 31 March 2030 at 02:00.
    meeting = make_meeting(timezone="Europe/Berlin", city="Berlin", country="XX",
                           starts_local=datetime(2030, 3, 29, 9, 0),
                           ends_local=datetime(2030, 4, 1, 17, 0))
    assert meeting.starts_at == datetime(2030, 3, 29, 8, 0)  # CET, UTC+1
    assert meeting.ends_at == datetime(2030, 4, 1, 15, 0)  # CEST, UTC+2
    when = display.meeting_when(meeting, "Asia/Seoul")
    assert norm(when.local.text) == "Fri, Mar 29, 2030, 17:00 – Tue, Apr 2, 2030, 00:00"
    # Seoul and UTC+1 agree at no point; a zone equal to Berlin's start but not its end still
    # gets its own line (the clocks differ for part of the meeting).
    assert display.meeting_when(meeting, "Africa/Lagos").local is not None  # UTC+1 all year
    assert display.meeting_when(meeting, "Europe/Paris").local is None


def test_to_utc_round_trip_for_every_region_zone():
    from app.reference import REGION_TIMEZONES
    from app.timeutil import to_zone

    for zone in REGION_TIMEZONES:
        local = datetime(2030, 6, 4, 9, 0)
        assert to_zone(to_utc(local, zone), zone).replace(tzinfo=None) == local


@pytest.mark.parametrize(("n", "text"), [
    (1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (11, "11th"), (12, "12th"), (13, "13th"),
    (21, "21st"), (22, "22nd"), (23, "23rd"), (101, "101st"), (111, "111th"), (112, "112th"),
])
def test_english_ordinals(n, text):
    assert display.ordinal(n, Locale("en")) == text


def test_ordinals_of_other_languages():
    assert display.ordinal(3, Locale("ko")) == "제3차"
    assert display.ordinal(3, Locale("th")) == "ครั้งที่ 3"
    assert display.ordinal(3, Locale("vi")) == "lần thứ 3"
    assert display.ordinal(3, Locale.parse("my")) == "3"


def test_series_label(request_ctx, make_meeting):
    meeting = make_meeting(series_number=3)
    assert display.series_label(meeting) == "3rd International Experts Meeting"
    assert display.full_title(meeting) == ("3rd International Experts Meeting: "
                                           "Labour mobility in the region")
    meeting.series_number = None
    assert display.series_label(meeting) == ""
    assert display.full_title(meeting) == "Labour mobility in the region"


def test_meeting_page_shows_both_times_to_a_participant_in_yangon(client, make_user,
                                                                  make_meeting):
    meeting = make_meeting(timezone="Asia/Seoul")
    login(client, make_user("learner", timezone="Asia/Yangon"))
    page = norm(client.get(f"/meetings/{meeting.id}").get_data(as_text=True))
    assert "Tue, Jun 4, 2030, 09:00 – Wed, Jun 5, 2030, 17:30" in page
    assert "South Korea Time (UTC+9)" in page
    assert "Your time:" in page
    assert "Tue, Jun 4, 2030, 06:30 – Wed, Jun 5, 2030, 15:00" in page
    assert "Myanmar (Burma) Time (UTC+6:30)" in page


def test_meeting_page_in_seoul_for_a_seoul_user_shows_one_time(client, make_user, make_meeting):
    meeting = make_meeting(timezone="Asia/Seoul")
    login(client, make_user("learner", timezone="Asia/Seoul"))
    response = client.get(f"/meetings/{meeting.id}")
    assert response.status_code == 200
    page = norm(response.get_data(as_text=True))
    assert "Tue, Jun 4, 2030, 09:00 – Wed, Jun 5, 2030, 17:30" in page  # the venue time
    assert "South Korea Time (UTC+9)" in page
    assert "Your time:" not in page  # and no second one


def test_korean_interface_formats_the_venue_time(client, make_user, make_meeting):
    meeting = make_meeting(timezone="Asia/Seoul")
    login(client, make_user("learner", timezone="Asia/Seoul", language="ko"))
    app = client.application
    if "ko" not in app.config["INTERFACE_LANGUAGES"]:
        app.config["INTERFACE_LANGUAGES"] = [*app.config["INTERFACE_LANGUAGES"], "ko"]
    page = norm(client.get(f"/meetings/{meeting.id}").get_data(as_text=True))
    assert "2030년 6월 4일 (화) 09:00" in page
