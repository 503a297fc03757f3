from app.extensions import db
from app.workshops import services
from tests.access import ADMIN, ANON, LEARNER, LOGIN, ORGANISER, TRAINER, Case
from tests.workshops.factories import make_course, make_workshop

RUN = {ANON: LOGIN, LEARNER: 403, TRAINER: 200, ORGANISER: 200, ADMIN: 200}


def seed(world):
    users = world["users"]
    course = make_course(lessons=1, quizzes=1)
    workshop = make_workshop(users[ORGANISER], courses=[course],
                             trainer_ids=[users[TRAINER].id], title="Graded workshop")
    services.enrol(workshop, users[LEARNER])
    db.session.commit()
    world["gb_workshop"] = workshop


def cases(world):
    w = world["gb_workshop"].id
    return [
        Case("gradebook.workshop", f"/gradebook/workshops/{w}", RUN),
        Case("gradebook.xlsx", f"/gradebook/workshops/{w}/gradebook.xlsx", RUN),
        Case("gradebook.csv", f"/gradebook/workshops/{w}/gradebook.csv", RUN),
        Case("gradebook.workshop", "/gradebook/workshops/999999",
             {ANON: LOGIN, LEARNER: 404, TRAINER: 404, ORGANISER: 404, ADMIN: 404}),
    ]
