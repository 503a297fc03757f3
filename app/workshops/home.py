"""Reads for the home page: a learner's workshops (dates, the next session, what remains for
completion) and the workshops that wait for their staff (enrolment requests, attendance to
take today, completers without a certificate).

Each function costs a constant number of queries whatever the number of workshops, learners
or sessions: everything is read in bulk for all the user's workshops at once.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import and_, bindparam, func, select

from app.auth.models import User
from app.certificates.models import VALID, Certificate
from app.certificates.queries import failed_rendering
from app.courses import structure
from app.extensions import db
from app.quizzes.queries import quiz_standing
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


@dataclass(frozen=True)
class HomeWorkshop:
    """What the learner's home reads of a workshop: the card (title, dates, status) and the
    completion rules (completion.judge); not the description, venue or certificate
    settings."""

    id: int
    title: str
    start_date: date
    end_date: date
    status: str
    require_lessons: bool
    require_quizzes: bool
    min_attendance_percent: int

    has_rule = Workshop.has_rule  # the model's own rule, on these fields


HOME_WORKSHOP_COLUMNS = (Workshop.id, Workshop.title, Workshop.start_date, Workshop.end_date,
                         Workshop.status, Workshop.require_lessons, Workshop.require_quizzes,
                         Workshop.min_attendance_percent)


@dataclass(frozen=True)
class HomeEnrolment:
    id: int
    status: str
    workshop: HomeWorkshop


@dataclass
class MyWorkshop:
    """One of a learner's workshops, with what the home shows of it."""

    enrolment: HomeEnrolment
    next_session: Any = None  # a row of the session's id, title and times
    progress: completion.LearnerProgress | None = None  # approved, not cancelled
    course_ids: set[int] = field(default_factory=set)  # courses with lessons or quizzes

    @property
    def workshop(self) -> HomeWorkshop:
        return self.enrolment.workshop

    @property
    def remaining(self) -> list[completion.Step]:
        return self.progress.remaining if self.progress else []


@dataclass
class LearnerWorkshops:
    """A learner's workshops (`rows`, in the order of the home), those whose progress counts
    (`active`: approved, not cancelled) and the courses of these, in order: (workshop id,
    course id) pairs."""

    rows: list[MyWorkshop]
    active: list[MyWorkshop]
    links: list[tuple[int, int]]

    @property
    def course_ids(self) -> set[int]:
        return {course_id for _workshop_id, course_id in self.links}


def my_enrolments(user: User, now: datetime | None = None) -> LearnerWorkshops:
    """The user's workshops (applied, approved, waitlisted or invited; not withdrawn or
    declined), running and upcoming first, then the finished ones, and the courses of the
    active ones (one query)."""
    now = now or utcnow()
    found = db.session.execute(_enrolments_statement(), {"user_id": user.id}).all()
    enrolments: dict[int, HomeEnrolment] = {}
    for row in found:
        if row.enrolment_id not in enrolments:
            workshop = HomeWorkshop(*row[2:2 + len(HOME_WORKSHOP_COLUMNS)])
            enrolments[row.enrolment_id] = HomeEnrolment(row.enrolment_id, row.enrolment_status,
                                                         workshop)
    rows = [MyWorkshop(e) for e in enrolments.values()]
    active = [r for r in rows if r.enrolment.status == APPROVED
              and r.workshop.status != CANCELLED]
    active_ids = {r.workshop.id for r in active}
    links = sorted(((row.id, row.course_id) for row in found
                    if row.course_id is not None and row.id in active_ids),
                   key=lambda link: link[0])  # by workshop, each in its courses' order
    today = now.date()
    rows.sort(key=lambda r: (r.workshop.end_date < today or r.workshop.status in
                             (FINISHED, CANCELLED), r.workshop.start_date, r.workshop.id))
    return LearnerWorkshops(rows, active, links)


@cache
def _enrolments_statement():
    """The enrolments with their workshops and each workshop's courses (outer-joined: one
    row per course, or one without any), as rows (built once)."""
    return (select(Enrolment.id.label("enrolment_id"),
                   Enrolment.status.label("enrolment_status"), *HOME_WORKSHOP_COLUMNS,
                   WorkshopCourse.course_id)
            .join(Workshop, Workshop.id == Enrolment.workshop_id)
            .outerjoin(WorkshopCourse, WorkshopCourse.workshop_id == Workshop.id)
            .where(Enrolment.user_id == bindparam("user_id"),
                   Enrolment.status.not_in((WITHDRAWN, DECLINED)),
                   Workshop.status != DRAFT)
            .order_by(Workshop.end_date.desc(), Workshop.id.desc(), WorkshopCourse.position,
                      WorkshopCourse.id))


def steps_of(course) -> list:
    """The lessons and quizzes of a course (its structure), in order."""
    return [i for m in course.modules for i in m.items if i.kind in (LESSON, QUIZ)]


def learner_workshops(user: User, now: datetime | None = None) -> list[MyWorkshop]:
    """my_enrolments with, for approved enrolments, the next session and what remains for
    completion (six queries at most; the home reads the courses and the learner's records
    once for all its sections and calls fill_progress)."""
    now = now or utcnow()
    found = my_enrolments(user, now)
    if found.active:
        courses = {c.id: c for c in structure.shaped_courses(found.course_ids)}
        steps = [i for c in courses.values() for i in steps_of(c)]
        done = progress.lessons_done([user.id], [i.id for i in steps if i.kind == LESSON])
        fill_progress(user, found, courses, now, lessons_done=done.get(user.id, set()),
                      standing=quiz_standing(user, [i.id for i in steps if i.kind == QUIZ]))
    return found.rows


def fill_progress(user: User, found: LearnerWorkshops, courses: dict, now: datetime, *,
                  lessons_done: set[int], standing: dict[int, tuple]) -> None:
    """The next session and what remains of each active workshop, from the courses'
    structures (`courses`: id → shaped course), the lesson items the user has done and
    their quiz standing (quizzes.queries.quiz_standing); one query (the sessions)."""
    ids = [r.workshop.id for r in found.active]
    if not ids:
        return
    ordered: dict[int, list] = defaultdict(list)
    course_ids: dict[int, set[int]] = defaultdict(set)
    for workshop_id, course_id in found.links:
        steps = steps_of(courses[course_id]) if course_id in courses else []
        if steps:
            ordered[workshop_id].extend(steps)
            course_ids[workshop_id].add(course_id)
    sessions: dict[int, list] = defaultdict(list)
    attended: dict[int, int] = defaultdict(int)
    for session in db.session.execute(_sessions_statement(), {"user_id": user.id, "ids": ids}):
        sessions[session.workshop_id].append(session)
        attended[session.workshop_id] += bool(session.present)
    done = lessons_done
    for row in found.active:
        workshop = row.workshop
        its = completion.WorkshopItems(ordered=ordered.get(workshop.id, []))
        mine = sessions.get(workshop.id, [])
        row.next_session = next((s for s in mine if s.ends_at >= now), None)
        line = completion.LearnerProgress(enrolment=row.enrolment, sessions=len(mine),
                                          attended=attended.get(workshop.id, 0))
        lessons_left = [i for i in its.lessons if i.id not in done]
        line.lessons_total = len(its.lessons)
        line.lessons_done = line.lessons_total - len(lessons_left)
        line.quizzes = [completion.QuizResult(i.id, i.title,
                                              *standing.get(i.id, (None, False, False)))
                        for i in its.quizzes]
        completion.evaluate(workshop, line, lessons_left=lessons_left,
                            quizzes_failed=[q for q in line.quizzes if not q.passed])
        failed = {q.item_id for q in line.quizzes if not q.passed}
        line.remaining = [completion.Step(i) for i in its.ordered if
                          (i.kind == LESSON and workshop.require_lessons and i.id not in done)
                          or (i.kind == QUIZ and workshop.require_quizzes and i.id in failed)]
        row.progress = line
        row.course_ids = course_ids.get(workshop.id, set())


@cache
def _sessions_statement():
    """The sessions of some workshops with whether the user was there (one query for both;
    built once)."""
    present = (select(Attendance.id)
               .where(Attendance.session_id == AttendanceSession.id,
                      Attendance.user_id == bindparam("user_id"), Attendance.present)
               .correlate(AttendanceSession).exists())
    return (select(AttendanceSession.id, AttendanceSession.workshop_id, AttendanceSession.title,
                   AttendanceSession.starts_at, AttendanceSession.ends_at,
                   present.label("present"))
            .where(AttendanceSession.workshop_id.in_(bindparam("ids", expanding=True)))
            .order_by(AttendanceSession.starts_at, AttendanceSession.id))


def trained_workshops(user: User, limit: int = 6) -> tuple[list[tuple], int]:
    """(workshop, approved learners) for the first `limit` workshops the user trains in, not
    cancelled, the current and upcoming ones first; and how many there are (one query: the
    learners a subquery, the total a window count). The workshops are rows of what the home
    shows: id, title, start_date, end_date."""
    rows = db.session.execute(_trained_statement(),
                              {"user_id": user.id, "limit": limit}).all()
    return [(w, w.learners) for w in rows], rows[0].total if rows else 0


@cache
def _trained_statement():
    approved = (select(func.count(Enrolment.id))
                .where(Enrolment.workshop_id == Workshop.id, Enrolment.status == APPROVED)
                .correlate(Workshop).scalar_subquery())
    return (select(Workshop.id, Workshop.title, Workshop.start_date, Workshop.end_date,
                   approved.label("learners"), func.count().over().label("total"))
            .where(Workshop.id.in_(select(WorkshopStaff.workshop_id).where(
                WorkshopStaff.user_id == bindparam("user_id"),
                WorkshopStaff.role == STAFF_TRAINER)),
                Workshop.status != CANCELLED)
            .order_by(Workshop.status == FINISHED, Workshop.start_date, Workshop.id)
            .limit(bindparam("limit")))


@dataclass
class WorkshopActions:
    """What waits for a workshop's organisers."""

    workshop: Workshop  # a row of its id, title, dates and zone
    requests: int = 0  # enrolment requests to decide
    # (session: a row of its id, title and start, attendances recorded)
    sessions_today: list[tuple] = field(default_factory=list)
    completers_without_certificate: int = 0
    failed_certificates: int = 0

    @property
    def needs_action(self) -> bool:
        return bool(self.requests or self.sessions_today or
                    self.completers_without_certificate or self.failed_certificates)


def organised_workshops(user: User, *, now: datetime | None = None) -> list[WorkshopActions]:
    """The workshops the user organises (neither draft nor cancelled) that need action, each
    with its counts (two queries: the workshops as rows with their counts, today's
    sessions). The certificates whose PDF could not be rendered are counted as the
    certificates domain does (certificates.queries.failed_rendering)."""
    now = now or utcnow()
    # Rows, not objects: the card shows the title, the dates and times in the zone.
    workshops = db.session.execute(_organised_statement(), {"user_id": user.id}).all()
    if not workshops:
        return []
    # Sessions of today wherever the workshop is: a window of ±14 h around now holds every
    # zone's today; each session is then checked in its workshop's own zone.
    by_id = {w.id: w for w in workshops}
    today: dict[int, list[tuple]] = defaultdict(list)
    dates: dict[str, date] = {}  # each zone's today
    for session in db.session.execute(
            _sessions_around_statement(),
            {"ids": list(by_id), "before": now + timedelta(hours=38),
             "after": now - timedelta(hours=38)}):
        zone = by_id[session.workshop_id].timezone
        if zone not in dates:
            dates[zone] = to_zone(now, zone).date()
        if to_zone(session.starts_at, zone).date() == dates[zone]:
            today[session.workshop_id].append((session, session.recorded))
    found = [WorkshopActions(w, requests=w.requests, sessions_today=today.get(w.id, []),
                             completers_without_certificate=w.uncertified,
                             failed_certificates=w.failed)
             for w in workshops]
    return [a for a in found if a.needs_action]


@cache
def _organised_statement():
    """The workshops a user organises (neither draft nor cancelled) with their counts, as
    rows (built once)."""
    requests = (select(func.count(Enrolment.id))
                .where(Enrolment.workshop_id == Workshop.id, Enrolment.status == APPLIED)
                .correlate(Workshop).scalar_subquery())
    holder = select(Certificate.id).where(Certificate.workshop_id == Enrolment.workshop_id,
                                          Certificate.user_id == Enrolment.user_id,
                                          Certificate.status == VALID)
    uncertified = (select(func.count(Enrolment.id))
                   .where(Enrolment.workshop_id == Workshop.id, Enrolment.status == APPROVED,
                          Enrolment.completion_status == COMPLETED, ~holder.exists())
                   .correlate(Workshop).scalar_subquery())
    failed = (select(func.count(Certificate.id))
              .where(Certificate.workshop_id == Workshop.id, *failed_rendering())
              .correlate(Workshop).scalar_subquery())
    return (select(Workshop.id, Workshop.title, Workshop.start_date, Workshop.end_date,
                   Workshop.timezone, requests.label("requests"),
                   uncertified.label("uncertified"), failed.label("failed"))
            .where(Workshop.id.in_(select(WorkshopStaff.workshop_id).where(
                WorkshopStaff.user_id == bindparam("user_id"),
                WorkshopStaff.role == STAFF_ORGANISER)),
                Workshop.status.not_in((DRAFT, CANCELLED)))
            .order_by(Workshop.start_date, Workshop.id))


@cache
def _sessions_around_statement():
    """The sessions of some workshops that overlap a window, with the attendances recorded
    (built once)."""
    recorded = (select(func.count(Attendance.id))
                .where(Attendance.session_id == AttendanceSession.id)
                .correlate(AttendanceSession).scalar_subquery())
    return (select(AttendanceSession.id, AttendanceSession.workshop_id, AttendanceSession.title,
                   AttendanceSession.starts_at, recorded.label("recorded"))
            .where(AttendanceSession.workshop_id.in_(bindparam("ids", expanding=True)),
                   and_(AttendanceSession.starts_at < bindparam("before"),
                        AttendanceSession.ends_at > bindparam("after")))
            .order_by(AttendanceSession.starts_at, AttendanceSession.id))
