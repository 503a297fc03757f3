"""A pilot project links to the meeting that planned it and to workshops (related
trainings): the project page shows their titles with links, the form offers them."""

from __future__ import annotations

from datetime import date, datetime

from app.extensions import db
from app.meetings import services as meetings
from app.pilots import services
from app.workshops.models import Workshop
from tests.conftest import login


def test_project_page_shows_the_planning_meeting_and_related_workshops(client, make_user,
                                                                        make_project):
    organiser = make_user("organiser")
    meeting = meetings.create_meeting({
        "title": "Brain circulation in ASEAN", "series_number": 4, "status": "held",
        "visibility": "public", "mode": "in-person", "timezone": "Asia/Seoul",
        "starts_local": datetime(2025, 6, 4, 9), "ends_local": datetime(2025, 6, 4, 17),
        "venue": "Hall", "city": "Seoul", "country": "KR", "join_url": "",
        "objectives": "", "description": ""}, organisers=[], actor=None)
    first = Workshop(title="Data on labour migration", start_date=date(2030, 1, 6),
                     end_date=date(2030, 1, 8))
    second = Workshop(title="Return and reintegration", start_date=date(2030, 2, 3),
                      end_date=date(2030, 2, 5))
    db.session.add_all([first, second])
    db.session.commit()
    project = make_project(planned_by_meeting_id=meeting.id)
    assert services.workshop_choices(project) == [(second.id, "Return and reintegration"),
                                                  (first.id, "Data on labour migration")]
    services.link_workshop(project, first.id)
    db.session.commit()
    assert services.workshop_choices(project) == [(second.id, "Return and reintegration")]

    login(client, organiser)
    page = client.get(f"/pilots/{project.id}").get_data(as_text=True)
    assert f'<a href="/meetings/{meeting.id}">Brain circulation in ASEAN</a>' in page
    assert f'<a href="/workshops/{first.id}">Data on labour migration</a>' in page
    assert "Return and reintegration" in page  # offered in the "Link workshop" select
    form = client.get(f"/pilots/{project.id}/edit").get_data(as_text=True)
    assert "Brain circulation in ASEAN (2025-06-04)" in form
