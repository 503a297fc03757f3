"""A world of a given size for the home pages: `populate(n)` makes n courses, workshops,
certificates, announcements, meetings, milestones and waiting accounts around one learner,
one trainer and one organiser, so that the query counts can be compared at two sizes."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from app.auth.audit import record_audit
from app.auth.models import LEARNER, User, UserRole
from app.certificates.models import Certificate
from app.courses.models import CourseActivity
from app.extensions import db
from app.meetings.models import Meeting
from app.notifications.models import Announcement
from app.pilots.models import PilotMilestone, PilotProject
from app.quizzes.models import Attempt, Quiz
from app.timeutil import to_utc, to_zone, utcnow
from app.workshops.models import (
    APPLIED,
    APPROVED,
    COMPLETED,
    RUNNING,
    STAFF_TRAINER,
    AttendanceSession,
    Enrolment,
    WorkshopStaff,
)
from tests.factories import complete_lesson, lesson_items, make_workshop
from tests.workshops.factories import make_course


def _official(n: int, tag: str, *, password: bool = True) -> User:
    user = User(email=f"{tag}-{n}@example.test", name=f"Official {tag} {n}", country="TH",
                password_hash="x" if password else None, role_rows=[UserRole(role=LEARNER)])
    db.session.add(user)
    return user


@pytest.fixture
def populate(make_user):
    def build(n: int, *, learner=None, trainer=None, organiser=None):
        learner = learner or make_user("learner", name="Lena Learner", timezone="Asia/Bangkok")
        trainer = trainer or make_user("trainer", name="Tom Trainer")
        organiser = organiser or make_user("organiser", name="Olga Organiser")
        today = date.today()
        for k in range(n):
            course = make_course(trainer, title=f"Course {k} of {n}")
            complete_lesson(learner, lesson_items(course)[0])
            db.session.add(CourseActivity(user_id=learner.id, course_id=course.id))
            others = [_official(k * 100 + j, f"c{n}") for j in range(n)]
            db.session.flush()
            for other in others:
                db.session.add(CourseActivity(user_id=other.id, course_id=course.id))
            quiz = db.session.query(Quiz).filter_by(course_id=course.id).one()
            quiz.closes_at = utcnow() + timedelta(days=3)
            # An essay waiting for the trainer.
            db.session.add(Attempt(quiz_id=quiz.id, user_id=others[0].id, state="finished",
                                   finished_at=utcnow(), needs_grading=True))
            workshop = make_workshop(organiser, courses=[course], status=RUNNING,
                                     title=f"Workshop {k} of {n}",
                                     start_date=today - timedelta(days=1),
                                     end_date=today + timedelta(days=5))
            workshop.staff.append(WorkshopStaff(user_id=trainer.id, role=STAFF_TRAINER))
            db.session.add(Enrolment(workshop=workshop, user=learner, status=APPROVED))
            for j, other in enumerate(others):
                db.session.add(Enrolment(workshop=workshop, user=other,
                                         status=APPLIED if j == 0 else APPROVED,
                                         completion_status=COMPLETED))
            # Today and tomorrow where the workshop is (its today, whatever the hour in UTC).
            here = to_zone(utcnow(), workshop.timezone).date()
            for offset in (0, 1):
                day = here + timedelta(days=offset)
                db.session.add(AttendanceSession(
                    workshop=workshop, title=f"Day {offset + 1}",
                    starts_at=to_utc(datetime.combine(day, time(12)), workshop.timezone),
                    ends_at=to_utc(datetime.combine(day, time(13)), workshop.timezone)))
            db.session.add(Certificate(
                serial=f"T-{n}-{k}", year=2026, number=n * 100 + k,
                verification_code=f"code-{n}-{k}", user_id=learner.id,
                workshop_id=workshop.id, template="classic", holder_name=learner.name,
                title=f"Certificate {k} of {n}", rendered_at=utcnow()))
            db.session.add(Certificate(
                serial=f"F-{n}-{k}", year=2026, number=n * 100 + 50 + k,
                verification_code=f"fail-{n}-{k}", user_id=others[0].id,
                workshop_id=workshop.id, template="classic", holder_name=others[0].name,
                render_error="font missing"))
            db.session.add(Announcement(workshop=workshop, author_id=trainer.id,
                                        title=f"Announcement {k} of {n}", body_html="<p>x</p>"))
            starts = utcnow() + timedelta(days=10 + k)
            db.session.add(Meeting(title=f"Meeting {k} of {n}", starts_at=starts,
                                   ends_at=starts + timedelta(hours=8),
                                   starts_on=starts.date(), city="Hanoi"))
            project = PilotProject(title=f"Project {k} of {n}", country="KH",
                                   sector="agriculture", status="active")
            project.milestones = [PilotMilestone(title=f"Milestone {k} of {n}",
                                                 due_date=today + timedelta(days=k - 1))]
            db.session.add(project)
            _official(k, f"invited{n}", password=False)
            record_audit("user.role.add", actor=organiser, target=f"user{k}@example.test")
        db.session.commit()
        return learner, trainer, organiser

    return build
