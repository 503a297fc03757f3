"""GET requests of the directory domains write nothing: no INSERT, UPDATE or DELETE on the
domains' tables while an organiser, then a participant, reads every page. (The audit log of
a personal-data export and the sign-in session bookkeeping belong to auth, not to a page.)"""

from __future__ import annotations

import re
from contextlib import contextmanager
from datetime import time

import pytest
from sqlalchemy import event

from app.extensions import db
from app.meetings import agenda
from tests.conftest import login
from tests.pilots.test_privacy import _pages, world  # noqa: F401 (the fixture)

WRITE = re.compile(r"^\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+\"?(\w+)", re.IGNORECASE)
NOT_A_PAGE = {"audit_entries", "user_sessions"}


@contextmanager
def writes():
    found: list[str] = []

    def listener(conn, cursor, statement, parameters, context, executemany):
        match = WRITE.match(statement)
        if match and match.group(2) not in NOT_A_PAGE:
            found.append(statement.split("\n")[0])

    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        yield found
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)


@pytest.fixture
def meeting_pages(app, make_user):
    from app.experts.models import Expert
    from app.meetings import services
    from tests.meetings.conftest import meeting_data

    meeting = services.create_meeting(meeting_data(), organisers=[], actor=None)
    expert = Expert(name="KANG Hye-rin", country="KR", consent_date=meeting.starts_on)
    db.session.add(expert)
    db.session.flush()
    session = agenda.save_session(meeting, None, day=meeting.days[0], start=time(9),
                                  end=time(10), title="Opening", kind="panel")
    agenda.add_session_person(session, role="speaker", expert=expert)
    db.session.commit()
    m = meeting.id
    return [
        "/meetings/", f"/meetings/{m}", f"/meetings/{m}/agenda", f"/meetings/{m}.ics",
        "/meetings.ics", f"/meetings/{m}/edit", f"/meetings/{m}/outcomes",
        f"/meetings/{m}/participants", f"/meetings/{m}/sessions/{session.id}/edit",
        f"/meetings/{m}/days/new", f"/meetings/{m}/sessions/new", f"/meetings/{m}/documents/new",
        "/experts/", f"/experts/{expert.id}", f"/experts/{expert.id}.vcf",
        f"/experts/{expert.id}/edit", f"/experts/{expert.id}/merge", "/experts/areas",
        "/experts/import",
    ]


def test_reading_every_page_writes_nothing(client, world, meeting_pages):  # noqa: F811
    pages = list(_pages(world).values())
    login(client, world["users"]["organiser"])
    with writes() as found:
        for url in [*pages, *meeting_pages]:
            assert client.get(url).status_code == 200, url
    assert found == []
    client.post("/logout")
    login(client, world["users"]["own"])
    with writes() as found:
        for url in ("/pilots/mine", f"/pilots/participants/{world['own']}",
                    f"/pilots/public/{world['project']}", meeting_pages[1]):
            assert client.get(url).status_code == 200, url
    assert found == []
