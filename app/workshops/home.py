"""Reads for the home page: a learner's workshops (dates, the next session, what remains for
completion) and the workshops that wait for their staff (enrolment requests, attendance to
take today, completers without a certificate).

Each function costs a constant number of queries whatever the number of workshops, learners
or sessions: everything is read in bulk for all the user's workshops at once.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import and_, func, select
from sqlalchemy.orm import contains_eager

from app.auth.models import User
from app.certificates.models import VALID, Certificate
from app.courses.models import Course, Module, ModuleItem
from app.extensions import db
from app.timeutil import to_zone, utcnow
from app.workshops import completion, progress
from app.workshops.models import (
    APPLIED,
    APPROVED,
    CANCELLED,
    COMPLETED,
    DECLINED,
    DRAFT,
    FINISHED,
    STAFF_ORGANISER,
    STAFF_TRAINER,
    WITHDRAWN,
    Attendance,
    AttendanceSession,
    Enrolment,
    Workshop,
    WorkshopCourse,
    WorkshopStaff,
)

LESSON, QUIZ = completion.LESSON, completion.QUIZ


@dataclass
class MyWorkshop:
    """One of a learner's workshops, with what the home shows of it."""

    enrolment: Enrolment
    next_session: AttendanceSession | None = None
    progress: completion.LearnerProgress | None = None  # approved, not cancelled
    course_ids: set[int] = field(default_factory=set)  # courses with lessons or quizzes

    @property
    def workshop(self) -> Workshop:
        return self.enrolment.workshop

    @property
    def remaining(self) -> list[completion.Step]:
        return self.progress.remaining if self.progress else []


def _items_by_workshop(workshop_ids: list[int]
                       ) -> tuple[dict[int, completion.WorkshopItems], dict[int, set[int]]]:
    """Lessons and quizzes of each workshop's courses, in course order, and the ids of those
    courses (one query)."""
    rows = db.session.execute(
        select(WorkshopCourse.workshop_id, Module.course_id, ModuleItem)
        .join(Module, Module.course_id == WorkshopCourse.course_id)
        .join(Course, Course.id == Module.course_id)
        .join(ModuleItem, ModuleItem.module_id == Module.id)
        # Each step links to its item, whose URL names its course: loaded with it.
        .options(contains_eager(ModuleItem.module).contains_eager(Module.course))
        .where(WorkshopCourse.workshop_id.in_(workshop_ids),
               ModuleItem.kind.in_((LESSON, QUIZ)))
        .order_by(WorkshopCourse.workshop_id, WorkshopCourse.position, Module.position,
                  ModuleItem.position, ModuleItem.id)).all()
    found: dict[int, list[ModuleItem]] = defaultdict(list)
    courses: dict[int, set[int]] = defaultdict(set)
    for workshop_id, course_id, item in rows:
        found[workshop_id].append(item)
        courses[workshop_id].add(course_id)
    return ({wid: completion.WorkshopItems(ordered=found.get(wid, [])) for wid in workshop_ids},
            courses)


def learner_workshops(user: User, now: datetime | None = None) -> list[MyWorkshop]:
    """The user's workshops (applied, approved, waitlisted or invited; not withdrawn or
    declined), running and upcoming first, then the finished ones; for approved enrolments
    the next session and what remains for completion. Seven queries at most."""
    now = now or utcnow()
    enrolments = list(db.session.scalars(
        select(Enrolment).join(Workshop, Workshop.id == Enrolment.workshop_id)
        .options(contains_eager(Enrolment.workshop))
        .where(Enrolment.user_id == user.id,
               Enrolment.status.not_in((WITHDRAWN, DECLINED)),
               Workshop.status != DRAFT)
        .order_by(Workshop.end_date.desc(), Workshop.id.desc())))
    if not enrolments:
        return []
    rows = [MyWorkshop(e) for e in enrolments]
    active = [r for r in rows if r.enrolment.status == APPROVED
              and r.workshop.status != CANCELLED]
    ids = [r.workshop.id for r in active]
    if ids:
        _fill_progress(user, active, ids, now)
    today = now.date()
    rows.sort(key=lambda r: (r.workshop.end_date < today or r.workshop.status in
                             (FINISHED, CANCELLED), r.workshop.start_date, r.workshop.id))
    return rows


def _fill_progress(user: User, rows: list[MyWorkshop], ids: list[int], now: datetime) -> None:
    items, courses = _items_by_workshop(ids)
    me = [user.id]  # the bulk reads take a list of learners: one, compared by equality
    lessons = [i.id for its in items.values() for i in its.lessons]
    quizzes = [i.id for its in items.values() for i in its.quizzes]
    done = progress.lessons_done(me, lessons).get(user.id, set())
    scores = progress.quiz_results(me, quizzes).get(user.id, {})
    sessions: dict[int, list[AttendanceSession]] = defaultdict(list)
    for session in db.session.scalars(
            select(AttendanceSession).where(AttendanceSession.workshop_id.in_(ids))
            .order_by(AttendanceSession.starts_at, AttendanceSession.id)):
        sessions[session.workshop_id].append(session)
    attended = dict(db.session.execute(
        select(AttendanceSession.workshop_id, func.count())
        .join(Attendance, Attendance.session_id == AttendanceSession.id)
        .where(AttendanceSession.workshop_id.in_(ids), Attendance.user_id == user.id,
               Attendance.present).group_by(AttendanceSession.workshop_id)).all())
    for row in rows:
        workshop = row.workshop
        its = items[workshop.id]
        mine = sessions.get(workshop.id, [])
        row.next_session = next((s for s in mine if s.ends_at >= now), None)
        line = completion.LearnerProgress(enrolment=row.enrolment, sessions=len(mine),
                                          attended=attended.get(workshop.id, 0))
        lessons_left = [i for i in its.lessons if i.id not in done]
        line.lessons_total = len(its.lessons)
        line.lessons_done = line.lessons_total - len(lessons_left)
        line.quizzes = [completion.QuizResult(i.id, i.title,
                                              *scores.get(i.id, (None, False, False)))
                        for i in its.quizzes]
        completion.evaluate(workshop, line, lessons_left=lessons_left,
                            quizzes_failed=[q for q in line.quizzes if not q.passed])
        failed = {q.item_id for q in line.quizzes if not q.passed}
        line.remaining = [completion.Step(i) for i in its.ordered if
                          (i.kind == LESSON and workshop.require_lessons and i.id not in done)
                          or (i.kind == QUIZ and workshop.require_quizzes and i.id in failed)]
        row.progress = line
        row.course_ids = courses.get(workshop.id, set())


def trained_workshops(user: User, limit: int = 6) -> tuple[list[tuple[Workshop, int]], int]:
    """(workshop, approved learners) for the first `limit` workshops the user trains in, not
    cancelled, the current and upcoming ones first; and how many there are (three queries)."""
    mine = (Workshop.id.in_(select(WorkshopStaff.workshop_id).where(
        WorkshopStaff.user_id == user.id, WorkshopStaff.role == STAFF_TRAINER)),
        Workshop.status != CANCELLED)
    workshops = list(db.session.scalars(
        select(Workshop).where(*mine)
        .order_by(Workshop.status == FINISHED, Workshop.start_date, Workshop.id).limit(limit)))
    total = db.session.scalar(select(func.count(Workshop.id)).where(*mine)) or 0
    counts = _approved_counts([w.id for w in workshops])
    return [(w, counts.get(w.id, 0)) for w in workshops], total


def _approved_counts(ids: list[int]) -> dict[int, int]:
    if not ids:
        return {}
    return dict(db.session.execute(
        select(Enrolment.workshop_id, func.count())
        .where(Enrolment.workshop_id.in_(ids), Enrolment.status == APPROVED)
        .group_by(Enrolment.workshop_id)).all())


@dataclass
class WorkshopActions:
    """What waits for a workshop's organisers."""

    workshop: Workshop
    requests: int = 0  # enrolment requests to decide
    sessions_today: list[tuple[AttendanceSession, int]] = field(default_factory=list)
    completers_without_certificate: int = 0
    failed_certificates: int = 0

    @property
    def needs_action(self) -> bool:
        return bool(self.requests or self.sessions_today or
                    self.completers_without_certificate or self.failed_certificates)


def organised_workshops(user: User, *, failed_renderings: dict[int, int],
                        now: datetime | None = None) -> list[WorkshopActions]:
    """The workshops the user organises (neither draft nor cancelled) that need action, each
    with its counts (four queries). `failed_renderings` maps workshop ids to certificates
    whose PDF could not be rendered (read by the certificates domain)."""
    now = now or utcnow()
    workshops = list(db.session.scalars(
        select(Workshop).where(
            Workshop.id.in_(select(WorkshopStaff.workshop_id).where(
                WorkshopStaff.user_id == user.id, WorkshopStaff.role == STAFF_ORGANISER)),
            Workshop.status.not_in((DRAFT, CANCELLED)))
        .order_by(Workshop.start_date, Workshop.id)))
    if not workshops:
        return []
    ids = [w.id for w in workshops]
    requests = dict(db.session.execute(
        select(Enrolment.workshop_id, func.count())
        .where(Enrolment.workshop_id.in_(ids), Enrolment.status == APPLIED)
        .group_by(Enrolment.workshop_id)).all())
    holder = select(Certificate.id).where(Certificate.workshop_id == Enrolment.workshop_id,
                                          Certificate.user_id == Enrolment.user_id,
                                          Certificate.status == VALID)
    uncertified = dict(db.session.execute(
        select(Enrolment.workshop_id, func.count())
        .where(Enrolment.workshop_id.in_(ids), Enrolment.status == APPROVED,
               Enrolment.completion_status == COMPLETED, ~holder.exists())
        .group_by(Enrolment.workshop_id)).all())
    # Sessions of today wherever the workshop is: a window of ±14 h around now holds every
    # zone's today; each session is then checked in its workshop's own zone.
    by_id = {w.id: w for w in workshops}
    recorded = (select(func.count(Attendance.id))
                .where(Attendance.session_id == AttendanceSession.id)
                .correlate(AttendanceSession).scalar_subquery())
    today: dict[int, list[tuple[AttendanceSession, int]]] = defaultdict(list)
    for session, count in db.session.execute(
            select(AttendanceSession, recorded)
            .where(AttendanceSession.workshop_id.in_(ids),
                   and_(AttendanceSession.starts_at < now + timedelta(hours=38),
                        AttendanceSession.ends_at > now - timedelta(hours=38)))
            .order_by(AttendanceSession.starts_at, AttendanceSession.id)):
        zone = by_id[session.workshop_id].timezone
        if to_zone(session.starts_at, zone).date() == to_zone(now, zone).date():
            today[session.workshop_id].append((session, count))
    found = [WorkshopActions(w, requests=requests.get(w.id, 0),
                             sessions_today=today.get(w.id, []),
                             completers_without_certificate=uncertified.get(w.id, 0),
                             failed_certificates=failed_renderings.get(w.id, 0))
             for w in workshops]
    return [a for a in found if a.needs_action]


def organised_workshop_ids(user: User):
    """A SELECT of the ids of the workshops the user organises (for other domains' reads)."""
    return select(WorkshopStaff.workshop_id).where(WorkshopStaff.user_id == user.id,
                                                   WorkshopStaff.role == STAFF_ORGANISER)
