"""Meetings: every route × the five roles.

The learner is invited to the public meeting (a participant); organisers manage every meeting.
Destructive cases act on objects of their own so they do not disturb the other cases.
"""

from __future__ import annotations

import io
from datetime import datetime, time

from werkzeug.datastructures import FileStorage

from app.extensions import db
from app.meetings import agenda, participation, services
from tests.access import ADMIN, ANON, LEARNER, LOGIN, ORGANISER, TRAINER, Case, everyone, only

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def _meeting(title: str, **overrides):
    data = {
        "title": title, "series_number": 1, "status": "confirmed", "visibility": "public",
        "mode": "hybrid", "timezone": "Asia/Seoul", "starts_local": datetime(2030, 6, 4, 9, 0),
        "ends_local": datetime(2030, 6, 5, 17, 0), "venue": "Hall", "city": "Seoul",
        "country": "KR", "join_url": "https://meet.example.org/x", "objectives": "",
        "description": "",
    }
    data.update(overrides)
    return services.create_meeting(data, organisers=[], actor=None)


def _doc(meeting, visibility, session=None):
    upload = FileStorage(io.BytesIO(PDF), filename=f"{visibility}.pdf")
    return services.add_document(meeting, upload, title=visibility, kind="report",
                                 visibility=visibility, session=session)


def seed(world):
    users = world["users"]
    meeting = _meeting("Access meeting")
    members = _meeting("Members meeting", visibility="members")
    doomed = _meeting("Doomed meeting")
    day, spare_day = meeting.days
    session = agenda.save_session(meeting, None, day=day, start=time(9), end=time(10),
                                    title="Panel", kind="panel")
    spare_session = agenda.save_session(meeting, None, day=day, start=time(11),
                                          end=time(12), title="Spare", kind="panel")
    person = agenda.add_session_person(session, role="speaker", guest_name="Guest A")
    agenda.add_session_person(session, role="speaker", guest_name="Guest B")
    spare_person = agenda.add_session_person(session, role="speaker", guest_name="Guest C")
    participation.invite(meeting, users=[users[LEARNER]], role="participant")
    extra, _ = participation.invite(meeting, users=[users[TRAINER]], role="observer")
    world["meetings"] = {
        "meeting": meeting, "members": members, "doomed": doomed, "day": day,
        "spare_day": spare_day, "session": session, "spare_session": spare_session,
        "person": person, "spare_person": spare_person, "public_doc": _doc(meeting, "public"),
        "participants_doc": _doc(meeting, "participants"),
        "spare_doc": _doc(meeting, "organisers"),
        "participant": participation.participants_of(meeting)[0], "extra": extra[0],
    }
    db.session.commit()


def cases(world):
    w = world["meetings"]
    m = w["meeting"].id
    base = f"/meetings/{m}"
    manage = only(ORGANISER)
    manage_post = only(ORGANISER, status=302)
    sid = w["session"].id
    return [
        Case("meetings.index", "/meetings/", everyone(200)),
        Case("meetings_feed.upcoming", "/meetings.ics", everyone(200)),
        Case("meetings.detail", base, everyone(200)),
        Case("meetings.detail", f"/meetings/{w['members'].id}", {**everyone(200), ANON: LOGIN}),
        Case("meetings.detail", "/meetings/999999", everyone(404)),
        Case("meetings.agenda", f"{base}/agenda", everyone(200)),
        Case("meetings.ics", f"/meetings/{m}.ics", everyone(200)),
        Case("meetings.ics", f"/meetings/{w['members'].id}.ics",
             {**everyone(200), ANON: LOGIN}),
        Case("meetings.document", f"{base}/documents/{w['public_doc'].id}", everyone(200)),
        Case("meetings.document", f"{base}/documents/{w['participants_doc'].id}",
             {ANON: LOGIN, LEARNER: 200, TRAINER: 200, ORGANISER: 200, ADMIN: 200}),
        Case("meetings.document", f"{base}/documents/{w['spare_doc'].id}",
             {ANON: LOGIN, LEARNER: 403, TRAINER: 403, ORGANISER: 200, ADMIN: 200}),
        Case("meetings.document", f"/meetings/{w['members'].id}/documents/"
             f"{w['public_doc'].id}", {**everyone(404), ANON: LOGIN}),
        # Only invited people answer: the learner (participant) and the trainer (observer).
        Case("meetings.rsvp", f"{base}/rsvp",
             {ANON: LOGIN, LEARNER: 302, TRAINER: 302, ORGANISER: 403, ADMIN: 403},
             "POST", {"answer": "yes"}),
        Case("meetings.create", "/meetings/new", manage),
        Case("meetings.edit", f"{base}/edit", manage),
        Case("meetings.edit", "/meetings/999999/edit", everyone(404)),
        Case("meetings.outcomes", f"{base}/outcomes", manage),
        Case("meetings.add_day", f"{base}/days/new", manage),
        Case("meetings.edit_day", f"{base}/days/{w['day'].id}/edit", manage),
        Case("meetings.edit_day", f"/meetings/{w['members'].id}/days/{w['day'].id}/edit",
             {**manage, ORGANISER: 404, ADMIN: 404}),
        Case("meetings.add_session", f"{base}/sessions/new?day={w['day'].id}", manage),
        Case("meetings.edit_session", f"{base}/sessions/{sid}/edit", manage),
        Case("meetings.add_person", f"{base}/sessions/{sid}/people", manage_post, "POST",
             {"role": "speaker", "expert": "0", "guest_name": "Guest D"}),
        Case("meetings.move_person", f"{base}/sessions/{sid}/people/{w['person'].id}/move",
             manage_post, "POST", {"direction": "down"}),
        Case("meetings.remove_person",
             f"{base}/sessions/{sid}/people/{w['spare_person'].id}/delete", manage_post,
             "POST"),
        Case("meetings.add_document", f"{base}/documents/new", manage),
        Case("meetings.edit_document", f"{base}/documents/{w['public_doc'].id}/edit", manage),
        Case("meetings.delete_document", f"{base}/documents/{w['spare_doc'].id}/delete",
             manage_post, "POST"),
        Case("meetings.participants", f"{base}/participants", manage),
        Case("meetings.participant_role",
             f"{base}/participants/{w['participant'].id}/role", manage_post, "POST",
             {"role": "speaker"}),
        Case("meetings.attendance", f"{base}/attendance", manage_post, "POST",
             {"attended": str(w["participant"].id)}),
        Case("meetings.remove_participant",
             f"{base}/participants/{w['extra'].id}/delete", manage_post, "POST"),
        Case("meetings.delete_session", f"{base}/sessions/{w['spare_session'].id}/delete",
             manage_post, "POST"),
        Case("meetings.delete_day", f"{base}/days/{w['spare_day'].id}/delete", manage_post,
             "POST"),
        Case("meetings.delete", f"/meetings/{w['doomed'].id}/delete", manage_post, "POST"),
    ]
