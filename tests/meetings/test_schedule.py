"""The schedule (upcoming, past, filters), the seams with experts and other domains, the
cost of the meeting page, and the demo data."""

from __future__ import annotations

import contextlib
from datetime import date, datetime, time, timedelta

from flask_login import AnonymousUserMixin
from sqlalchemy import event, func, select

from app.experts import contributions
from app.extensions import db
from app.meetings import agenda, services
from app.meetings.models import Meeting, MeetingParticipant, SessionPerson
from app.pilots.models import PilotProject
from app.timeutil import utcnow
from app.workshops.models import Workshop
from tests.conftest import login


@contextlib.contextmanager
def count_queries():
    counter = {"n": 0}

    def before(*args):
        counter["n"] += 1

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        yield counter
    finally:
        event.remove(db.engine, "before_cursor_execute", before)


def test_upcoming_and_past_with_filters(client, make_meeting):
    now = utcnow()
    make_meeting(title="Next in Bangkok", timezone="Asia/Bangkok", city="Bangkok",
                 country="TH", starts_local=now + timedelta(days=20),
                 ends_local=now + timedelta(days=21))
    make_meeting(title="Held in Seoul 2025", starts_local=datetime(2025, 6, 4, 9),
                 ends_local=datetime(2025, 6, 5, 17))
    make_meeting(title="Held in Manila 2024", timezone="Asia/Manila", city="Manila",
                 country="PH", starts_local=datetime(2024, 11, 2, 9),
                 ends_local=datetime(2024, 11, 3, 17))
    page = client.get("/meetings/").get_data(as_text=True)
    upcoming, past = page.split('id="past-heading"')
    assert "Next in Bangkok" in upcoming
    assert "Held in Seoul 2025" in past
    assert past.index("Held in Seoul 2025") < past.index("Held in Manila 2024")  # newest first
    assert '<option value="2025">2025</option>' in page
    assert '<option value="PH">Philippines</option>' in page

    page = client.get("/meetings/?year=2024").get_data(as_text=True)
    assert "Held in Manila 2024" in page
    assert "Held in Seoul 2025" not in page
    assert "Next in Bangkok" not in page
    page = client.get("/meetings/?country=TH").get_data(as_text=True)
    assert "Next in Bangkok" in page
    assert "Held in" not in page
    assert "No past meetings match." in page


def test_year_filter_uses_the_venue_date(app, make_meeting):
    # 1 January 2030, 08:00 in Seoul is still 2029 in UTC.
    meeting = make_meeting(starts_local=datetime(2030, 1, 1, 8),
                           ends_local=datetime(2030, 1, 1, 12))
    assert meeting.starts_at.year == 2029
    found = services.schedule(AnonymousUserMixin(), year=2030, now=datetime(2031, 1, 1))
    assert [m.id for m in found.past.items] == [meeting.id]
    assert found.years == [2030]


def test_expert_profile_contributions(app, make_user, make_meeting, make_expert, add_session):
    expert = make_expert("KANG Hye-rin")
    public = make_meeting(title="Public meeting")
    members = make_meeting(title="Members meeting", visibility="members")
    for meeting, role in ((public, "speaker"), (members, "chair")):
        session = add_session(meeting, title=f"Session of {meeting.title}")
        agenda.add_session_person(session, role=role, expert=expert)
    db.session.commit()
    with app.test_request_context():
        anonymous = contributions.contributions_of(expert.id, AnonymousUserMixin())
        assert [(str(c.kind), c.title) for c in anonymous] == [
            ("Speaker", "3rd International Experts Meeting: Public meeting — "
                        "Session of Public meeting")]
        assert anonymous[0].url == f"/meetings/{public.id}#agenda-session-{public.sessions[0].id}"

        member = contributions.contributions_of(expert.id, make_user("learner"))
        assert sorted(str(c.kind) for c in member) == ["Chair", "Speaker"]


def test_workshops_and_pilots_planned_at_the_meeting_show_on_its_page(client, make_user,
                                                                     make_meeting):
    meeting = make_meeting(status="held")
    other = make_meeting(title="Another meeting")
    cohort = Workshop(title="Labour migration governance, cohort 1", status="open",
                      start_date=date(2030, 7, 1), end_date=date(2030, 7, 3),
                      planned_by_meeting_id=meeting.id)
    draft = Workshop(title="Draft cohort", status="draft", start_date=date(2030, 8, 1),
                     end_date=date(2030, 8, 3), planned_by_meeting_id=meeting.id)
    pilot = PilotProject(title="Welding pilot", country="KH", sector="manufacturing",
                         is_public=True, planned_by_meeting_id=meeting.id)
    internal = PilotProject(title="Internal pilot", country="KH", sector="other",
                            is_public=False, planned_by_meeting_id=meeting.id)
    elsewhere = Workshop(title="Planned elsewhere", status="open", start_date=date(2030, 7, 1),
                         end_date=date(2030, 7, 3), planned_by_meeting_id=other.id)
    db.session.add_all([cohort, draft, pilot, internal, elsewhere])
    db.session.commit()

    page = " ".join(client.get(f"/meetings/{meeting.id}").get_data(as_text=True).split())
    assert "Came out of this meeting" in page
    assert f'<a href="/workshops/{cohort.id}">Labour migration governance, cohort 1</a>' in page
    assert f'<a href="/pilots/public/{pilot.id}">Welding pilot</a>' in page
    assert page.index("Welding pilot") < page.index("Labour migration governance")  # by kind
    assert "Draft cohort" not in page
    assert "Internal pilot" not in page
    assert "Planned elsewhere" not in page

    login(client, make_user("organiser"))
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert f'<a href="/pilots/{internal.id}">Internal pilot</a>' in page
    assert "Draft cohort" not in page  # drafts: only for the workshop's own staff
    form = client.get(f"/meetings/{other.id}/outcomes").get_data(as_text=True)
    assert "Came out of this meeting" in form
    assert f'<a href="/workshops/{elsewhere.id}">Planned elsewhere</a>' in form
    assert "Welding pilot" not in form


def test_meeting_choices_for_other_domains(app, make_meeting):
    meeting = make_meeting()
    with app.test_request_context():
        assert services.meeting_choices() == [
            (meeting.id, "3rd International Experts Meeting: Labour mobility in the region "
                         "(2030-06-04)")]


def test_meeting_page_queries_do_not_grow_with_the_agenda(client, make_user, make_meeting,
                                                          make_expert):
    organiser = make_user("organiser")
    meeting = make_meeting()
    meeting_id = meeting.id
    login(client, organiser)

    def add_sessions(count: int) -> None:
        for n in range(count):
            session = agenda.save_session(meeting, None, day=meeting.days[n % 2],
                                            start=time(8 + n % 9), end=time(9 + n % 9),
                                            title=f"S{n}", kind="panel")
            agenda.add_session_person(session, role="speaker", expert=make_expert())
            agenda.add_session_person(session, role="chair", guest_name=f"Guest {n}")
        db.session.commit()

    def queries() -> int:
        with count_queries() as counter:
            assert client.get(f"/meetings/{meeting_id}").status_code == 200
        return counter["n"]

    add_sessions(2)
    few = queries()
    add_sessions(10)
    assert queries() == few
    assert few <= 20


def test_demo_is_idempotent(app, runner):
    from app.auth import demo as auth_demo
    from app.meetings import demo

    auth_demo.load()
    demo.load()
    db.session.commit()
    counts = (db.session.scalar(select(func.count(Meeting.id))),
              db.session.scalar(select(func.count(SessionPerson.id))),
              db.session.scalar(select(func.count(MeetingParticipant.id))))
    demo.load()
    db.session.commit()
    assert counts == (db.session.scalar(select(func.count(Meeting.id))),
                      db.session.scalar(select(func.count(SessionPerson.id))),
                      db.session.scalar(select(func.count(MeetingParticipant.id))))
    meetings = db.session.scalars(select(Meeting).order_by(Meeting.series_number)).all()
    assert [m.series_number for m in meetings] == [1, 2, 3]
    assert all("(demo)" in m.title and m.is_demo for m in meetings)
    seoul, _online, bangkok = meetings
    assert (seoul.city, seoul.status) == ("Seoul", "held")
    assert (bangkok.city, bangkok.mode) == ("Bangkok", "hybrid")
    assert bangkok.starts_at > utcnow()


def test_huge_page_and_year_numbers_are_refused_or_clamped(client, make_meeting):
    past = make_meeting(title="Held long ago", starts_local=datetime(2020, 3, 2, 9),
                        ends_local=datetime(2020, 3, 2, 17))
    assert client.get("/meetings/?year=99999999999999999999").status_code == 400
    assert client.get("/meetings/?year=0").status_code == 400
    response = client.get("/meetings/?page=99999999999999999999")
    assert response.status_code == 200
    assert "Held long ago" not in response.get_data(as_text=True)
    response = client.get("/meetings/?year=2020&country=KR%00")  # the NUL is ignored
    assert response.status_code == 200
    assert past.title in response.get_data(as_text=True)
    assert past.title not in client.get("/meetings/?year=2021").get_data(as_text=True)


def test_agenda_lists_each_days_sessions_in_order_with_their_own_documents(
        client, make_user, make_meeting):
    """The page loads the sessions once for the meeting and hands them to their days, and
    the documents once, handed to their sessions: each still shows where it belongs."""
    import io

    organiser = make_user("organiser")
    meeting = make_meeting(organisers=[organiser])
    later = agenda.save_session(meeting, None, day=meeting.days[0], start=time(11),
                                end=time(12), title="Later panel", kind="panel")
    first = agenda.save_session(meeting, None, day=meeting.days[0], start=time(9),
                                end=time(10), title="Opening panel", kind="panel")
    second_day = agenda.save_session(meeting, None, day=meeting.days[1], start=time(9),
                                     end=time(10), title="Second-day panel", kind="panel")
    db.session.commit()
    meeting_id, ids = meeting.id, (first.id, later.id, second_day.id)
    login(client, organiser)
    response = client.post(f"/meetings/{meeting_id}/documents/new", data={
        "title": "Second-day slides", "kind": "presentation", "visibility": "public",
        "session": second_day.id,
        "upload": (io.BytesIO(b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"),
                   "slides.pdf")}, content_type="multipart/form-data")
    assert response.status_code == 302

    html = client.get(f"/meetings/{meeting_id}").get_data(as_text=True)
    agenda_html = html.split('id="agenda"', 1)[1].split('id="speakers"', 1)[0]
    days = agenda_html.split('class="agenda-day"')[1:]
    assert len(days) == 2
    assert days[0].index("Opening panel") < days[0].index("Later panel")
    assert "Second-day panel" not in days[0]
    assert "Second-day panel" in days[1]
    blocks = {sid: agenda_html.split(f'id="agenda-session-{sid}"', 1)[1].split("</li>\n", 1)[0]
              for sid in ids}
    assert "Second-day slides" in blocks[ids[2]]
    assert "Second-day slides" not in blocks[ids[0]] + blocks[ids[1]]
