"""Reading workshops and enrolments: lists, seats, choices for the forms."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.auth.models import User, UserRole
from app.courses.models import Course
from app.experts.models import Expert
from app.extensions import db
from app.timeutil import to_zone, utcnow
from app.workshops.models import (
    APPROVED,
    CANCELLED,
    DRAFT,
    FINISHED,
    OPEN,
    RUNNING,
    WITHDRAWN,
    Enrolment,
    Workshop,
    WorkshopCourse,
    WorkshopResourcePerson,
    WorkshopStaff,
)


def get_workshop(workshop_id: int, *, staff_only: bool = False) -> Workshop | None:
    """The workshop with its staff (and their accounts), courses and resource persons;
    `staff_only`: with only its staff rows, what the permission checks read (for the pages
    that show none of the rest: the roster, the gradebook)."""
    if staff_only:
        return db.session.scalar(select(Workshop).where(Workshop.id == workshop_id)
                                 .options(selectinload(Workshop.staff)))
    return db.session.scalar(
        select(Workshop).where(Workshop.id == workshop_id).options(
            selectinload(Workshop.staff).joinedload(WorkshopStaff.user),
            selectinload(Workshop.course_links).joinedload(WorkshopCourse.course),
            selectinload(Workshop.resource_person_links).joinedload(
                WorkshopResourcePerson.expert),
        )
    )


def today_at(workshop: Workshop) -> date:
    """Today's date where the workshop takes place."""
    return to_zone(utcnow(), workshop.timezone).date()


@dataclass
class WorkshopLists:
    open_now: list[Workshop] = field(default_factory=list)
    upcoming: list[Workshop] = field(default_factory=list)
    running: list[Workshop] = field(default_factory=list)
    past: list[Workshop] = field(default_factory=list)
    drafts: list[Workshop] = field(default_factory=list)


def list_workshops(*, include_drafts_of: User | None = None, all_drafts: bool = False,
                   past_limit: int = 30) -> WorkshopLists:
    """Public lists (open for enrolment, upcoming, running, past) and the drafts one may see."""
    result = WorkshopLists()
    options = [selectinload(Workshop.course_links).joinedload(WorkshopCourse.course)]
    visible = db.session.scalars(
        select(Workshop).where(Workshop.status.in_((OPEN, RUNNING)))
        .options(*options).order_by(Workshop.start_date, Workshop.id)
    ).all()
    for workshop in visible:
        if workshop.status == RUNNING:
            result.running.append(workshop)
        elif enrolment_is_open(workshop):
            result.open_now.append(workshop)
        else:
            result.upcoming.append(workshop)
    result.past = list(db.session.scalars(
        select(Workshop).where(Workshop.status.in_((FINISHED, CANCELLED)))
        .options(*options).order_by(Workshop.start_date.desc(), Workshop.id.desc())
        .limit(past_limit)
    ))
    if all_drafts or include_drafts_of is not None:
        query = select(Workshop).where(Workshop.status == DRAFT).options(*options)
        if not all_drafts:
            query = query.where(Workshop.id.in_(
                select(WorkshopStaff.workshop_id).where(
                    WorkshopStaff.user_id == include_drafts_of.id)))
        result.drafts = list(db.session.scalars(query.order_by(Workshop.start_date)))
    return result


def my_enrolments(user: User) -> list[Enrolment]:
    return list(db.session.scalars(
        select(Enrolment).where(Enrolment.user_id == user.id, Enrolment.status != WITHDRAWN)
        .options(selectinload(Enrolment.workshop))
        .join(Workshop, Workshop.id == Enrolment.workshop_id)
        .order_by(Workshop.start_date.desc())
    ))


def staff_workshops(user: User) -> list[Workshop]:
    """Workshops the user organises or trains (not cancelled)."""
    return list(db.session.scalars(
        select(Workshop).where(
            Workshop.id.in_(select(WorkshopStaff.workshop_id).where(
                WorkshopStaff.user_id == user.id)),
            Workshop.status != CANCELLED,
        ).order_by(Workshop.start_date.desc())
    ))


def enrolment_of(workshop: Workshop, user) -> Enrolment | None:
    if not (user and user.is_authenticated):
        return None
    return db.session.scalar(select(Enrolment).where(
        Enrolment.workshop_id == workshop.id, Enrolment.user_id == user.id))


def enrolments(workshop: Workshop, *, statuses: tuple[str, ...] | None = None) -> list[Enrolment]:
    query = (select(Enrolment).where(Enrolment.workshop_id == workshop.id)
             .options(selectinload(Enrolment.user))
             .order_by(Enrolment.status_changed_at, Enrolment.id))
    if statuses:
        query = query.where(Enrolment.status.in_(statuses))
    return list(db.session.scalars(query))


def status_counts(workshop: Workshop) -> dict[str, int]:
    rows = db.session.execute(
        select(Enrolment.status, func.count()).where(Enrolment.workshop_id == workshop.id)
        .group_by(Enrolment.status))
    return dict(rows.all())


def seats_taken(workshop: Workshop) -> int:
    return db.session.scalar(select(func.count()).select_from(Enrolment).where(
        Enrolment.workshop_id == workshop.id, Enrolment.status == APPROVED)) or 0


def seats_left(workshop: Workshop) -> int | None:
    """Free seats, or None when the workshop has no capacity limit."""
    if workshop.capacity is None:
        return None
    return max(workshop.capacity - seats_taken(workshop), 0)


def enrolment_is_open(workshop: Workshop) -> bool:
    if workshop.status != OPEN:
        return False
    return workshop.enrolment_deadline is None or today_at(workshop) <= workshop.enrolment_deadline


def staff_choices(*roles: str) -> list[tuple[int, str]]:
    """Active users holding one of `roles`, for the organiser and trainer checkboxes."""
    users = db.session.scalars(
        select(User).where(User.active, User.role_rows.any(UserRole.role.in_(roles)))
        .order_by(User.name))
    return [(u.id, f"{u.name} <{u.email}>") for u in users]


def workshops_opening(user, course: Course) -> list[Workshop]:
    """The workshops (neither draft nor cancelled) that include `course` and in which `user`
    is enrolled: such an enrolment opens the course whatever its prerequisites (they
    become advice)."""
    if not (user and user.is_authenticated):
        return []
    return list(db.session.scalars(
        select(Workshop).join(WorkshopCourse, WorkshopCourse.workshop_id == Workshop.id)
        .join(Enrolment, Enrolment.workshop_id == Workshop.id)
        .where(WorkshopCourse.course_id == course.id, Enrolment.user_id == user.id,
               Enrolment.status == APPROVED, Workshop.status.not_in((DRAFT, CANCELLED)))
        .order_by(Workshop.start_date)))


def prerequisites_outside(workshop: Workshop) -> list[tuple[Course, list[Course]]]:
    """(course, its prerequisites that are not courses of the workshop) for each course of
    the workshop that has some: organisers are warned, enrolled learners are not locked."""
    chosen = {c.id for c in workshop.courses}
    found = []
    for course in workshop.courses:
        outside = [p for p in course.prerequisites if p.id not in chosen]
        if outside:
            found.append((course, outside))
    return found


def course_choices() -> list[tuple[int, str]]:
    courses = db.session.scalars(
        select(Course).where(Course.status != "archived").order_by(Course.title))
    return [(c.id, c.title) for c in courses]


def expert_choices() -> list[tuple[int, str]]:
    experts = db.session.scalars(
        select(Expert).where(Expert.archived.is_(False)).order_by(Expert.name))
    return [(e.id, e.display_name) for e in experts]
