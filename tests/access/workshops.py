from datetime import date
from datetime import time as clock

from app.extensions import db
from app.workshops import attendance, checkin, services
from app.workshops.models import Enrolment
from tests.access import ADMIN, ANON, LEARNER, LOGIN, ORGANISER, TRAINER, Case, everyone, signed_in
from tests.workshops.factories import make_course, make_workshop


def _expect(anon, learner, trainer, organiser, admin) -> dict:
    return {ANON: anon, LEARNER: learner, TRAINER: trainer, ORGANISER: organiser, ADMIN: admin}


MANAGE = _expect(LOGIN, 403, 403, 200, 200)  # the workshop's organisers (and admins)
RUN = _expect(LOGIN, 403, 200, 200, 200)  # its organisers and trainers


def seed(world):
    users = world["users"]
    organiser, trainer = users[ORGANISER], users[TRAINER]
    course = make_course(lessons=2, quizzes=1)
    workshop = make_workshop(organiser, courses=[course], trainer_ids=[trainer.id])
    draft = make_workshop(organiser, status="draft", trainer_ids=[trainer.id])
    services.enrol(workshop, users[LEARNER])
    applicant = Enrolment(workshop_id=workshop.id, user_id=users[ADMIN].id, status="applied")
    db.session.add(applicant)
    session = attendance.add_session(workshop, title="Day 1", day=date(2030, 1, 6),
                                     start=clock(9), end=clock(12), actor=organiser)
    db.session.commit()
    world["ws_workshop"], world["ws_draft"], world["ws_session"] = workshop, draft, session
    world["ws_applicant"] = applicant
    world["ws_checkin_token"] = checkin.make_token(session)


def cases(world):
    w, d, s = world["ws_workshop"].id, world["ws_draft"].id, world["ws_session"].id
    token, applicant = world["ws_checkin_token"], world["ws_applicant"].id
    redirect_manage = _expect(LOGIN, 403, 403, 302, 302)
    return [
        Case("workshops.index", "/workshops/", everyone(200)),
        Case("workshops.detail", f"/workshops/{w}", everyone(200)),
        Case("workshops.detail", f"/workshops/{d}", _expect(404, 404, 200, 200, 200)),
        Case("workshops.create", "/workshops/new", _expect(LOGIN, 403, 403, 200, 200)),
        Case("workshops.edit", f"/workshops/{w}/edit", MANAGE),
        Case("workshops.edit", f"/workshops/{d}/edit", _expect(LOGIN, 404, 403, 200, 200)),
        Case("workshops.enrolments", f"/workshops/{w}/enrolments", MANAGE),
        Case("workshops.invite", f"/workshops/{w}/invite", MANAGE),
        Case("workshops.import_roster", f"/workshops/{w}/roster/import", MANAGE),
        Case("workshops.roster", f"/workshops/{w}/roster", RUN),
        Case("workshops.roster_csv", f"/workshops/{w}/roster.csv", RUN),
        Case("workshops.sessions", f"/workshops/{w}/sessions", RUN),
        Case("workshops.take_attendance", f"/workshops/{w}/sessions/{s}", RUN),
        Case("workshops.take_attendance", f"/workshops/{d}/sessions/{s}",
             _expect(LOGIN, 404, 404, 404, 404)),
        Case("workshops.qr", f"/workshops/{w}/sessions/{s}/qr", RUN),
        # Only enrolled learners can check in; the others are told why (400).
        Case("workshops.check_in", f"/workshops/{w}/check-in/{token}",
             _expect(LOGIN, 200, 400, 400, 400)),
        Case("workshops.check_in", f"/workshops/{w}/check-in/{token}",
             _expect(LOGIN, 302, 400, 400, 400), "POST"),
        Case("workshops.take_attendance", f"/workshops/{w}/sessions/{s}",
             _expect(LOGIN, 403, 302, 302, 302), "POST", {"present": []}),
        Case("workshops.decide", f"/workshops/{w}/enrolments/{applicant}", redirect_manage,
             "POST", {"action": "approve", "note": "ok"}),
        Case("workshops.enrol", f"/workshops/{w}/enrol", signed_in(302), "POST"),
        Case("workshops.withdraw", f"/workshops/{w}/withdraw", signed_in(302), "POST"),
        Case("workshops.set_status", f"/workshops/{w}/status", redirect_manage, "POST",
             {"status": "running"}),
        Case("workshops.delete_session", f"/workshops/{w}/sessions/{s}/delete",
             redirect_manage, "POST"),
    ]
