from app.extensions import db
from app.imports.models import DONE, ImportJob
from tests.access import ADMIN, ANON, LEARNER, LOGIN, ORGANISER, TRAINER, Case


def seed(world):
    job = ImportJob(kind="experts", actor_id=world["users"][ORGANISER].id, target_id=None,
                    filename="experts.csv", options={}, payload="", status=DONE, total=3,
                    done=3, errors=[], result={"created": 3})
    db.session.add(job)
    db.session.commit()
    world["im_job"] = job.id


def cases(world):
    job = world["im_job"]
    return [
        # Only the uploader (the organiser) and admins see a job; to others it does not exist.
        Case("imports.progress", f"/imports/{job}",
             {ANON: LOGIN, LEARNER: 404, TRAINER: 404, ORGANISER: 200, ADMIN: 200}),
        Case("imports.progress", "/imports/999999", {ANON: LOGIN, LEARNER: 404, TRAINER: 404,
                                                     ORGANISER: 404, ADMIN: 404}),
    ]
