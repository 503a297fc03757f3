"""The issue's "done when": an organiser schedules a hybrid meeting in Seoul with a two-day
agenda of directory speakers; a participant in Yangon sees both times; the .ics carries the
right instants; after the meeting the organiser records outcomes and a workshop it planned
shows under "Came out of this meeting"."""

from __future__ import annotations

from datetime import UTC, datetime

from icalendar import Calendar
from sqlalchemy import select

from app.extensions import db
from app.meetings.models import Meeting, MeetingSession
from app.workshops.models import Workshop
from tests.conftest import login


def text(response) -> str:
    return " ".join(response.get_data(as_text=True).split())


def test_hybrid_meeting_in_seoul_from_scheduling_to_outcomes(app, client, make_user,
                                                             make_expert):
    organiser = make_user("organiser", email="secretariat@example.test")
    official = make_user("learner", email="official@example.test", timezone="Asia/Yangon",
                         name="Aung Aung", country="MM")
    kang = make_expert("KANG Hye-rin", native_name="강혜린", country="KR")
    siri = make_expert("Siriporn WONGSAKUL", country="TH")

    login(client, organiser)
    response = client.post("/meetings/new", data={
        "title": "Skills recognition", "series_number": "4", "status": "confirmed",
        "visibility": "public", "mode": "hybrid", "timezone": "Asia/Seoul",
        "starts_local": "2030-09-03T09:00", "ends_local": "2030-09-04T17:00",
        "venue": "Hall A", "city": "Seoul", "country": "KR",
        "join_url": "https://meet.example.org/iem4", "organisers": "secretariat@example.test"})
    assert response.status_code == 302
    meeting = db.session.scalars(select(Meeting)).one()
    day1, day2 = meeting.days
    for day, start, end, title, expert in ((day1, "09:30", "11:00", "Keynote", kang),
                                           (day2, "14:00", "15:30", "Pilot design", siri)):
        assert client.post(f"/meetings/{meeting.id}/sessions/new?day={day.id}", data={
            "day": day.id, "start": start, "end": end, "title": title,
            "kind": "keynote"}).status_code == 302
        session = db.session.scalars(select(MeetingSession).where(
            MeetingSession.title == title)).one()
        assert client.post(f"/meetings/{meeting.id}/sessions/{session.id}/people", data={
            "role": "speaker", "expert": expert.id}).status_code == 302
    assert client.post(f"/meetings/{meeting.id}/participants", data={
        "emails": "official@example.test", "expert": "0", "role": "participant",
        "notify": "y"}).status_code == 302
    client.post("/logout")

    login(client, official)
    page = text(client.get(f"/meetings/{meeting.id}"))
    assert "4th International Experts Meeting" in page
    assert "Tue, Sep 3, 2030, 09:00 – Wed, Sep 4, 2030, 17:00" in page  # at the venue
    assert "Tue, Sep 3, 2030, 06:30 – Wed, Sep 4, 2030, 14:30" in page  # in Yangon
    assert "09:30 – 11:00" in page
    assert "07:00 – 08:30" in page  # the keynote in Yangon
    assert "KANG Hye-rin (강혜린)" in page
    assert "https://meet.example.org/iem4" in page
    client.post(f"/meetings/{meeting.id}/rsvp", data={"answer": "yes"})

    calendar = Calendar.from_ical(client.get(f"/meetings/{meeting.id}.ics").get_data())
    zones = {tz["TZID"]: tz.to_tz() for tz in calendar.walk("VTIMEZONE")}
    starts = sorted(
        e["DTSTART"].dt.replace(tzinfo=zones[e["DTSTART"].params["TZID"]]).astimezone(UTC)
        for e in calendar.walk("VEVENT"))
    assert starts == [datetime(2030, 9, 3, 0, 0, tzinfo=UTC),
                      datetime(2030, 9, 3, 0, 30, tzinfo=UTC),
                      datetime(2030, 9, 4, 5, 0, tzinfo=UTC)]
    assert "https://meet.example.org/iem4" in calendar.to_ical().decode()
    client.post("/logout")

    login(client, organiser)
    form = client.get(f"/meetings/{meeting.id}/edit")
    assert form.status_code == 200
    meeting.status = "held"
    db.session.commit()
    assert client.post(f"/meetings/{meeting.id}/outcomes", data={
        "minutes": "Agreed on the pilot design.",
        "recommendations": "- Train officials on skills recognition"}).status_code == 302

    workshop = Workshop(title="Skills recognition for officials", status="open",
                        start_date=meeting.starts_on, end_date=meeting.starts_on,
                        planned_by_meeting_id=meeting.id)
    db.session.add(workshop)
    db.session.commit()
    page = text(client.get(f"/meetings/{meeting.id}"))
    assert "Agreed on the pilot design." in page
    assert "Came out of this meeting" in page
    assert f'<a href="/workshops/{workshop.id}">Skills recognition for officials</a>' in page
    assert "Will attend" in page  # the official's answer, seen by the organiser
