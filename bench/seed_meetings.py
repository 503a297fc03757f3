"""Meetings of the benchmark dataset: 50 International Experts Meetings, each with two days
of four sessions, two speakers per session (from the directory) and 40 participants."""

from __future__ import annotations

import uuid
from datetime import timedelta

from app.extensions import db


def seed(s) -> None:
    n = max(2, round(50 * s.scale))
    experts = s.world.get("experts") or []
    officials = s.world["officials"]
    organiser = s.world["accounts"]["organiser"]
    learner = s.world["accounts"]["learner"]
    t = s.tables
    ids = s.ids("meetings", n)
    meetings, organisers, days, sessions, people, participants = [], [], [], [], [], []
    org_ids = iter(s.ids("meeting_organisers", n)) if "meeting_organisers" in t else None
    day_ids = iter(s.ids("meeting_days", n * 2))
    session_ids = iter(s.ids("meeting_sessions", n * 8))
    people_ids = iter(s.ids("meeting_session_people", n * 16))
    part_ids = iter(s.ids("meeting_participants", n * 41))
    for k, mid in enumerate(ids):
        start = s.now + timedelta(days=30 * (k - n // 2))
        row = {"id": mid, "uid": str(uuid.UUID(int=mid)), "title":
               f"International Experts Meeting on migration and development {k + 1}",
               "series_number": k + 1, "objectives": "Plan regional cooperation.\n\n" * 3,
               "description": "Experts and officials review labour migration policy.",
               "starts_at": start, "ends_at": start + timedelta(days=1, hours=8),
               "timezone": "Asia/Bangkok", "starts_on": start.date(), "mode": "in-person",
               "venue": "Conference centre", "city": "Bangkok", "country": "TH",
               "join_url": "", "status": "planned", "visibility": "public", "minutes": "",
               "recommendations": "", "sequence": 0, "created_at": s.now,
               "updated_at": s.now, "created_by_id": organiser, "is_demo": False}
        meetings.append({key: v for key, v in row.items() if key in t["meetings"].c})
        if org_ids is not None:
            organisers.append({"id": next(org_ids), "meeting_id": mid, "user_id": organiser})
        for d in range(2):
            did = next(day_ids)
            days.append({"id": did, "meeting_id": mid, "date": (start + timedelta(days=d))
                         .date(), "title": f"Day {d + 1}"})
            for h in range(4):
                sid = next(session_ids)
                begins = start + timedelta(days=d, hours=2 * h)
                sessions.append({"id": sid, "meeting_id": mid, "day_id": did,
                                 "starts_at": begins, "ends_at": begins + timedelta(hours=1,
                                                                                  minutes=30),
                                 "title": f"Session {h + 1}: recruitment costs",
                                 "kind": "panel", "room": "Room A", "description": ""})
                for p in range(2):
                    if experts:
                        people.append({"id": next(people_ids), "session_id": sid,
                                       "role": "speaker",
                                       "expert_id": experts[(k * 16 + h * 2 + p) % len(experts)],
                                       "guest_name": "", "guest_affiliation": "",
                                       "position": p})
        members = [learner, *officials[(k * 40) % len(officials):(k * 40) % len(officials) + 39]]
        for uid in members:
            participants.append({"id": next(part_ids), "meeting_id": mid, "user_id": uid,
                                 "expert_id": None, "role": "participant", "rsvp": "yes"})
    s.insert("meetings", meetings)
    if organisers:
        s.insert("meeting_organisers", organisers)
    s.insert("meeting_days", days)
    s.insert("meeting_sessions", sessions)
    if people:
        s.insert("meeting_session_people", people)
    s.insert("meeting_participants", [
        {key: v for key, v in r.items() if key in t["meeting_participants"].c}
        for r in participants])
    db.session.flush()
    s.world["meetings"] = ids
    s.world["urls"]["meeting"] = f"/meetings/{ids[n // 2]}"
