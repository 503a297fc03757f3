"""Workshops of the benchmark dataset: 100 workshops on the seeded courses, the first with
500 approved learners (the roster benchmark), three attendance days and its staff."""

from __future__ import annotations

from datetime import date, timedelta

from app.extensions import db

BIG = 500
OTHERS = 40  # learners in each of the other workshops


def seed(s) -> None:
    n_workshops = max(2, round(100 * s.scale))
    big = max(5, round(BIG * s.scale))
    others = max(2, round(OTHERS * s.scale))
    courses = s.world["courses"]
    officials = s.world["officials"]
    organiser, trainer = s.world["accounts"]["organiser"], s.world["accounts"]["trainer"]
    learner = s.world["accounts"]["learner"]
    ids = s.ids("workshops", n_workshops)
    workshops, links, staff, enrolments = [], [], [], []
    link_ids = iter(s.ids("workshop_courses", n_workshops))
    staff_ids = iter(s.ids("workshop_staff", n_workshops * 2))
    enrol_ids = iter(s.ids("enrolments", big + (n_workshops - 1) * others + 1))
    start = date(2026, 9, 1)
    columns = s.tables["workshops"].c
    for w, wid in enumerate(ids):
        row = {
            "id": wid, "title": f"Regional workshop on labour migration {w + 1}",
            "description": "Five modules online, then two days in person.",
            "start_date": start + timedelta(days=7 * (w % 20)),
            "end_date": start + timedelta(days=7 * (w % 20) + 30),
            "mode": "blended", "host_country": ["TH", "VN", "ID", "PH", "KR"][w % 5],
            "city": "Bangkok", "venue": "Training centre", "timezone": "Asia/Bangkok",
            "capacity": None, "enrolment_policy": "open", "languages": ["en"],
            "certificate_template": "classic", "certificate_languages": [],
            "status": "running", "require_lessons": True, "require_quizzes": True,
            "min_attendance_percent": 0, "created_by_id": organiser, "is_demo": False,
            "created_at": s.now, "updated_at": s.now,
        }
        workshops.append({k: v for k, v in row.items() if k in columns})
        links.append({"id": next(link_ids), "workshop_id": wid,
                      "course_id": courses[w % len(courses)], "position": 0})
        staff.append({"id": next(staff_ids), "workshop_id": wid, "user_id": organiser,
                      "role": "organiser"})
        staff.append({"id": next(staff_ids), "workshop_id": wid, "user_id": trainer,
                      "role": "trainer"})
        if w == 0:
            members = [learner, *officials[:big - 1]]
        else:
            offset = (big + w * others) % max(1, len(officials) - others)
            members = officials[offset:offset + others]
        for uid in members:
            enrolments.append({"id": next(enrol_ids), "workshop_id": wid, "user_id": uid,
                               "status": "approved", "note": "", "created_at": s.now,
                               "status_changed_at": s.now, "completion_status": "in_progress"})
    s.insert("workshops", workshops)
    s.insert("workshop_courses", links)
    s.insert("workshop_staff", staff)
    s.insert("enrolments", enrolments)

    session_ids = s.ids("attendance_sessions", 3)
    s.insert("attendance_sessions", [
        {"id": sid, "workshop_id": ids[0], "title": f"Day {d + 1}",
         "starts_at": s.now + timedelta(days=d), "ends_at": s.now + timedelta(days=d,
                                                                             hours=8),
         "created_at": s.now} for d, sid in enumerate(session_ids)])
    members = [e["user_id"] for e in enrolments if e["workshop_id"] == ids[0]]
    att_ids = iter(s.ids("attendances", len(members) * len(session_ids)))
    s.insert("attendances", [
        {"id": next(att_ids), "session_id": sid, "user_id": uid, "present": (uid % 7) != 0,
         "method": "manual", "recorded_at": s.now, "recorded_by_id": organiser,
         "log": ""} for sid in session_ids for uid in members])
    db.session.flush()
    s.world["workshops"] = ids
    s.world["big_workshop"] = ids[0]
    s.world["big_workshop_members"] = [e["user_id"] for e in enrolments
                                       if e["workshop_id"] == ids[0]]
    s.world["enrolments"] = [(e["workshop_id"], e["user_id"]) for e in enrolments]
    s.world["urls"]["workshop_roster"] = f"/workshops/{ids[0]}/roster"
