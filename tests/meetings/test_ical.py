"""The .ics files parse back as valid iCalendar with the right zone, instants and UIDs."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from icalendar import Calendar

from app.extensions import db
from app.meetings import agenda, services
from app.timeutil import utcnow
from tests.conftest import login


def parse(response) -> Calendar:
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    body = response.get_data()
    assert b"\r\n" in body  # RFC 5545 line endings
    assert all(len(line) <= 75 for line in body.split(b"\r\n"))  # folded lines
    return Calendar.from_ical(body)


def utc_instant(calendar: Calendar, event, name: str) -> datetime:
    """Resolve DTSTART/DTEND through the file's own VTIMEZONE (as a calendar client does)."""
    prop = event[name]
    tzid = prop.params["TZID"]
    zones = {tz["TZID"]: tz.to_tz() for tz in calendar.walk("VTIMEZONE")}
    wall = prop.dt.replace(tzinfo=None)
    return wall.replace(tzinfo=zones[tzid]).astimezone(UTC).replace(tzinfo=None)


def test_meeting_ics_has_the_meeting_and_its_sessions(client, make_meeting, add_session,
                                                      make_expert):
    meeting = make_meeting(timezone="Asia/Seoul")
    keynote = add_session(meeting, start=time(9, 30), end=time(10, 15), title="Keynote",
                          kind="keynote", room="Hall A")
    agenda.add_session_person(keynote, role="speaker", expert=make_expert("KANG Hye-rin"))
    add_session(meeting, day=1, start=time(14, 0), end=time(15, 0), title="Closing")
    db.session.commit()

    response = client.get(f"/meetings/{meeting.id}.ics")
    assert "attachment" in response.headers["Content-Disposition"]
    calendar = parse(response)
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"]
    events = calendar.walk("VEVENT")
    assert len(events) == 3
    main, first, second = events
    assert str(main["SUMMARY"]) == ("3rd International Experts Meeting: "
                                    "Labour mobility in the region")
    assert main["DTSTART"].params["TZID"] == "Asia/Seoul"
    assert main["DTSTART"].dt.replace(tzinfo=None) == datetime(2030, 6, 4, 9, 0)
    assert utc_instant(calendar, main, "DTSTART") == datetime(2030, 6, 4, 0, 0)
    assert utc_instant(calendar, main, "DTEND") == datetime(2030, 6, 5, 8, 30)
    assert utc_instant(calendar, first, "DTSTART") == datetime(2030, 6, 4, 0, 30)
    assert utc_instant(calendar, second, "DTSTART") == datetime(2030, 6, 5, 5, 0)
    assert str(first["SUMMARY"]).startswith("Keynote")
    assert "KANG Hye-rin" in str(first["DESCRIPTION"])
    assert "Hall A" in str(first["LOCATION"])
    assert str(first["RELATED-TO"]) == str(main["UID"])
    for event in events:
        assert event["DTSTAMP"].dt.tzinfo is not None  # DTSTAMP in UTC
        assert event["UID"]
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Seoul"]
    assert str(main["STATUS"]) == "CONFIRMED"


def test_uids_are_stable_and_distinct(client, make_meeting, add_session):
    meeting = make_meeting()
    add_session(meeting)
    first = [str(e["UID"]) for e in parse(client.get(f"/meetings/{meeting.id}.ics"))
             .walk("VEVENT")]
    second = [str(e["UID"]) for e in parse(client.get(f"/meetings/{meeting.id}.ics"))
              .walk("VEVENT")]
    assert first == second
    assert len(set(first)) == 2
    assert meeting.uid in first[0]


def test_changes_raise_the_sequence(client, make_meeting, add_session):
    meeting = make_meeting()
    before = int(parse(client.get(f"/meetings/{meeting.id}.ics")).walk("VEVENT")[0]["SEQUENCE"])
    add_session(meeting)
    services.update_meeting(meeting, {**_data(meeting), "status": "postponed"}, organisers=[],
                            actor=None)
    db.session.commit()
    event = parse(client.get(f"/meetings/{meeting.id}.ics")).walk("VEVENT")[0]
    assert int(event["SEQUENCE"]) > before
    assert str(event["STATUS"]) == "TENTATIVE"


def _data(meeting):
    from tests.meetings.conftest import meeting_data

    return meeting_data(title=meeting.title)


def test_cancelled_meeting_is_cancelled_in_calendars(client, make_meeting):
    meeting = make_meeting(status="cancelled")
    event = parse(client.get(f"/meetings/{meeting.id}.ics")).walk("VEVENT")[0]
    assert str(event["STATUS"]) == "CANCELLED"


def test_dst_venue_has_standard_and_daylight_rules(client, make_meeting):
    meeting = make_meeting(timezone="Europe/Berlin", city="Berlin", country="XX",
                           starts_local=datetime(2030, 3, 29, 9, 0),
                           ends_local=datetime(2030, 4, 1, 17, 0))
    calendar = parse(client.get(f"/meetings/{meeting.id}.ics"))
    zone = calendar.walk("VTIMEZONE")[0]
    assert zone["TZID"] == "Europe/Berlin"
    assert {c.name for c in zone.subcomponents} == {"STANDARD", "DAYLIGHT"}
    event = calendar.walk("VEVENT")[0]
    assert utc_instant(calendar, event, "DTSTART") == datetime(2030, 3, 29, 8, 0)  # CET
    assert utc_instant(calendar, event, "DTEND") == datetime(2030, 4, 1, 15, 0)  # CEST


def test_yangon_venue_half_hour_offset(client, make_meeting):
    meeting = make_meeting(timezone="Asia/Yangon", city="Yangon", country="MM")
    calendar = parse(client.get(f"/meetings/{meeting.id}.ics"))
    event = calendar.walk("VEVENT")[0]
    assert event["DTSTART"].params["TZID"] == "Asia/Yangon"
    assert utc_instant(calendar, event, "DTSTART") == datetime(2030, 6, 4, 2, 30)


def test_join_link_only_in_the_participants_calendar(client, make_meeting, make_user):
    meeting = make_meeting()
    anonymous = parse(client.get(f"/meetings/{meeting.id}.ics")).walk("VEVENT")[0]
    assert "meet.example.org" not in str(anonymous["DESCRIPTION"])
    organiser = make_user("organiser")
    login(client, organiser)
    mine = parse(client.get(f"/meetings/{meeting.id}.ics")).walk("VEVENT")[0]
    assert "https://meet.example.org/iem3" in str(mine["DESCRIPTION"])


def test_feed_lists_upcoming_public_meetings(client, make_meeting):
    now = utcnow()
    soon = make_meeting(title="Soon", starts_local=now + timedelta(days=30),
                        ends_local=now + timedelta(days=31))
    make_meeting(title="Members only", visibility="members",
                 starts_local=now + timedelta(days=40), ends_local=now + timedelta(days=41))
    make_meeting(title="Long ago", starts_local=now - timedelta(days=400),
                 ends_local=now - timedelta(days=399))
    make_meeting(title="In Bangkok", timezone="Asia/Bangkok", city="Bangkok", country="TH",
                 starts_local=now + timedelta(days=60), ends_local=now + timedelta(days=61))
    response = client.get("/meetings.ics")
    assert "inline" in response.headers["Content-Disposition"]
    calendar = parse(response)
    summaries = [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")]
    assert len(summaries) == 2
    assert summaries[0].endswith("Soon")
    assert summaries[1].endswith("In Bangkok")
    assert sorted(tz["TZID"] for tz in calendar.walk("VTIMEZONE")) == ["Asia/Bangkok",
                                                                       "Asia/Seoul"]
    event = calendar.walk("VEVENT")[0]
    assert str(event["UID"]) == f"meeting-{soon.uid}@akmn-learn"
    assert str(event["URL"]).endswith(f"/meetings/{soon.id}")


def test_empty_feed_is_still_a_valid_calendar(client):
    calendar = parse(client.get("/meetings.ics"))
    assert calendar.walk("VEVENT") == []


def test_members_meeting_ics_needs_sign_in(client, make_meeting):
    meeting = make_meeting(visibility="members")
    response = client.get(f"/meetings/{meeting.id}.ics")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
