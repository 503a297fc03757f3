"""Workshop operations: saving, status, enrolment (policies, capacity, waitlist, invitations,
roster import). Plain functions: no request, no commit."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.auth import services as accounts
from app.auth.audit import record_audit
from app.auth.models import LEARNER, User, UserRole
from app.courses.models import Course
from app.experts.models import Expert
from app.extensions import db
from app.timeutil import to_zone, utcnow
from app.workshops import notify
from app.workshops.errors import (
    AlreadyEnrolled,
    EnrolmentClosed,
    InvalidTransition,
    NameNeeded,
    NotInvited,
    WorkshopError,
    WorkshopFull,
)
from app.workshops.models import (
    APPLIED,
    APPROVED,
    CANCELLED,
    DECLINED,
    DRAFT,
    FINISHED,
    INVITED,
    OPEN,
    POLICY_APPROVAL,
    POLICY_INVITATION,
    RUNNING,
    STAFF_ORGANISER,
    STAFF_TRAINER,
    WAITLISTED,
    WITHDRAWN,
    Enrolment,
    Workshop,
    WorkshopCourse,
    WorkshopResourcePerson,
    WorkshopStaff,
)

# Plain columns a workshop form sets.
WORKSHOP_FIELDS = (
    "title", "description", "start_date", "end_date", "mode", "host_country", "city", "venue",
    "timezone", "capacity", "enrolment_policy", "enrolment_deadline", "languages",
    "certificate_template", "certificate_languages", "planned_by_meeting_id",
    "require_lessons", "require_quizzes", "min_attendance_percent",
)
RULE_FIELDS = ("require_lessons", "require_quizzes", "min_attendance_percent")

# Allowed status changes.
TRANSITIONS = {
    DRAFT: {OPEN, CANCELLED},
    OPEN: {DRAFT, RUNNING, CANCELLED},
    RUNNING: {OPEN, FINISHED, CANCELLED},
    FINISHED: {RUNNING},
    CANCELLED: {DRAFT},
}


# ---------------------------------------------------------------- reading


def get_workshop(workshop_id: int) -> Workshop | None:
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


def course_choices() -> list[tuple[int, str]]:
    courses = db.session.scalars(
        select(Course).where(Course.status != "archived").order_by(Course.title))
    return [(c.id, c.title) for c in courses]


def expert_choices() -> list[tuple[int, str]]:
    experts = db.session.scalars(
        select(Expert).where(Expert.archived.is_(False)).order_by(Expert.name))
    return [(e.id, e.display_name) for e in experts]


# ---------------------------------------------------------------- saving


def save_workshop(workshop: Workshop | None, data: dict, *, actor: User) -> Workshop:
    """Create (workshop=None) or update a workshop from form data.

    `data` holds WORKSHOP_FIELDS plus course_ids, organiser_ids, trainer_ids, expert_ids.
    """
    creating = workshop is None
    if creating:
        workshop = Workshop(created_by_id=actor.id, status=DRAFT)
        db.session.add(workshop)
    before_capacity = workshop.capacity
    before_rule = tuple(getattr(workshop, f) for f in RULE_FIELDS)
    for name in WORKSHOP_FIELDS:
        if name in data:
            setattr(workshop, name, data[name])
    _set_links(workshop, data)
    db.session.flush()
    record_audit("workshop.create" if creating else "workshop.edit", actor=actor,
                 target=f"workshop:{workshop.id}", details=workshop.title)
    if not creating:
        grew = workshop.capacity is None or (before_capacity is not None
                                             and workshop.capacity > before_capacity)
        if grew:
            promote_waitlist(workshop)
        if tuple(getattr(workshop, f) for f in RULE_FIELDS) != before_rule:
            from app.workshops.completion import refresh_completion

            refresh_completion(workshop)
    return workshop


def _set_links(workshop: Workshop, data: dict) -> None:
    if "course_ids" in data:
        wanted = [int(i) for i in data["course_ids"]]
        current = {link.course_id: link for link in workshop.course_links}
        workshop.course_links = [
            current.get(cid) or WorkshopCourse(course_id=cid) for cid in dict.fromkeys(wanted)]
        for position, link in enumerate(workshop.course_links):
            link.position = position
    for role, key in ((STAFF_ORGANISER, "organiser_ids"), (STAFF_TRAINER, "trainer_ids")):
        if key not in data:
            continue
        wanted = {int(i) for i in data[key]}
        keep = [s for s in workshop.staff if s.role != role or s.user_id in wanted]
        have = {s.user_id for s in keep if s.role == role}
        workshop.staff = keep + [WorkshopStaff(user_id=uid, role=role)
                                 for uid in sorted(wanted - have)]
    if "expert_ids" in data:
        wanted = [int(i) for i in data["expert_ids"]]
        current = {link.expert_id: link for link in workshop.resource_person_links}
        workshop.resource_person_links = [
            current.get(eid) or WorkshopResourcePerson(expert_id=eid)
            for eid in dict.fromkeys(wanted)]
        for position, link in enumerate(workshop.resource_person_links):
            link.position = position


def set_status(workshop: Workshop, status: str, *, actor: User) -> None:
    if status not in TRANSITIONS.get(workshop.status, set()):
        raise InvalidTransition(_("A workshop cannot go from %(a)s to %(b)s.",
                                  a=workshop.status, b=status))
    if status == OPEN and not workshop.course_links and not workshop.sessions:
        raise InvalidTransition(_("Add at least one course or attendance session before "
                                  "opening the workshop."))
    before = workshop.status
    workshop.status = status
    record_audit("workshop.status", actor=actor, target=f"workshop:{workshop.id}",
                 details=f"{before} -> {status}")
    if status in (FINISHED, RUNNING):
        from app.workshops.completion import refresh_completion

        refresh_completion(workshop)


# ---------------------------------------------------------------- enrolment


def lock_workshop(workshop: Workshop) -> Workshop:
    """Serialise enrolments in one workshop: SELECT … FOR UPDATE on PostgreSQL.

    (SQLite write transactions begin IMMEDIATE, which already serialises writers; there the
    FOR UPDATE clause is not rendered.)
    """
    return db.session.scalars(
        select(Workshop).where(Workshop.id == workshop.id).with_for_update()
        .execution_options(populate_existing=True)
    ).one()


def _set_status(enrolment: Enrolment, status: str, *, actor: User | None = None,
                note: str | None = None) -> None:
    enrolment.status = status
    enrolment.status_changed_at = utcnow()
    if actor is not None:
        enrolment.decided_by_id = actor.id
    if note is not None:
        enrolment.note = note.strip()


def _get_or_new(workshop: Workshop, user: User) -> Enrolment:
    enrolment = db.session.scalar(select(Enrolment).where(
        Enrolment.workshop_id == workshop.id, Enrolment.user_id == user.id))
    if enrolment is None:
        enrolment = Enrolment(workshop=workshop, user=user, status=APPLIED)
        db.session.add(enrolment)
    return enrolment


def _has_seat(workshop: Workshop) -> bool:
    left = seats_left(workshop)
    return left is None or left > 0


def enrol(workshop: Workshop, user: User) -> Enrolment:
    """A learner enrols (open policy), applies (on approval) or accepts an invitation."""
    workshop = lock_workshop(workshop)
    if not enrolment_is_open(workshop):
        raise EnrolmentClosed(_("Enrolment in this workshop is closed."))
    enrolment = _get_or_new(workshop, user)
    if enrolment.id is not None:
        if enrolment.status in (APPROVED, APPLIED, WAITLISTED):
            raise AlreadyEnrolled(_("You have already applied to this workshop."))
        if enrolment.status == DECLINED:
            raise WorkshopError(_("Your application to this workshop was declined."))
    invited = enrolment.status == INVITED
    if workshop.enrolment_policy == POLICY_INVITATION and not invited:
        raise NotInvited(_("This workshop is by invitation only."))
    if workshop.enrolment_policy == POLICY_APPROVAL and not invited:
        _set_status(enrolment, APPLIED)
    elif _has_seat(workshop):
        _set_status(enrolment, APPROVED)
    else:
        _set_status(enrolment, WAITLISTED)
    db.session.flush()
    if enrolment.status == APPROVED:
        notify.enrolment_approved(enrolment)
    return enrolment


def withdraw(enrolment: Enrolment, *, actor: User) -> None:
    """The learner (or an organiser for them) leaves; the first on the waiting list moves up."""
    if enrolment.status in (WITHDRAWN, DECLINED):
        raise WorkshopError(_("This enrolment is not active."))
    workshop = lock_workshop(enrolment.workshop)
    held_seat = enrolment.status == APPROVED
    _set_status(enrolment, WITHDRAWN, actor=actor if actor.id != enrolment.user_id else None)
    record_audit("workshop.withdraw", actor=actor, target=f"workshop:{workshop.id}",
                 details=enrolment.user.email)
    db.session.flush()
    if held_seat:
        promote_waitlist(workshop)


def promote_waitlist(workshop: Workshop) -> list[Enrolment]:
    """Give free seats to the waiting list, first come first served."""
    workshop = lock_workshop(workshop)
    if workshop.status not in (OPEN, RUNNING):
        return []
    promoted = []
    waiting = db.session.scalars(
        select(Enrolment).where(Enrolment.workshop_id == workshop.id,
                                Enrolment.status == WAITLISTED)
        .order_by(Enrolment.status_changed_at, Enrolment.id))
    for enrolment in waiting:
        if not _has_seat(workshop):
            break
        _set_status(enrolment, APPROVED)
        db.session.flush()
        promoted.append(enrolment)
        notify.enrolment_approved(enrolment)
    return promoted


def approve(enrolment: Enrolment, *, actor: User, note: str = "") -> None:
    workshop = lock_workshop(enrolment.workshop)
    if enrolment.status == APPROVED:
        return
    if not _has_seat(workshop):
        raise WorkshopFull(_("No seat is left (capacity %(n)d). Put the application on the "
                             "waiting list or raise the capacity.", n=workshop.capacity))
    _set_status(enrolment, APPROVED, actor=actor, note=note)
    record_audit("workshop.approve", actor=actor, target=f"workshop:{workshop.id}",
                 details=enrolment.user.email)
    db.session.flush()
    notify.enrolment_approved(enrolment)


def decline(enrolment: Enrolment, *, actor: User, note: str = "") -> None:
    held_seat = enrolment.status == APPROVED
    _set_status(enrolment, DECLINED, actor=actor, note=note)
    record_audit("workshop.decline", actor=actor, target=f"workshop:{enrolment.workshop_id}",
                 details=enrolment.user.email)
    db.session.flush()
    notify.enrolment_declined(enrolment)
    if held_seat:
        promote_waitlist(enrolment.workshop)


def waitlist(enrolment: Enrolment, *, actor: User, note: str = "") -> None:
    held_seat = enrolment.status == APPROVED
    _set_status(enrolment, WAITLISTED, actor=actor, note=note)
    record_audit("workshop.waitlist", actor=actor, target=f"workshop:{enrolment.workshop_id}",
                 details=enrolment.user.email)
    db.session.flush()
    if held_seat:
        promote_waitlist(enrolment.workshop)


def decide(enrolment: Enrolment, action: str, *, actor: User, note: str | None = "") -> None:
    """An organiser's decision on one enrolment: approve, waitlist, decline or withdraw."""
    note = note or ""
    if action == "withdraw":
        withdraw(enrolment, actor=actor)
    elif action in DECISIONS:
        DECISIONS[action](enrolment, actor=actor, note=note)
    else:
        raise WorkshopError(_("Unknown decision."))


DECISIONS = {"approve": approve, "decline": decline, "waitlist": waitlist}


def invitation_link(user: User) -> str:
    token = accounts.make_reset_token(user, purpose="invite")
    return notify.absolute_url("auth.accept_invitation", token=token)


def invite(workshop: Workshop, *, email: str, name: str = "", actor: User,
           **profile) -> tuple[Enrolment, bool]:
    """Invite someone by e-mail; unknown addresses get a learner account (returns created)."""
    user = accounts.get_user_by_email(email)
    created = user is None
    if created:
        if not name.strip():
            raise NameNeeded(_("Give the name of the person: there is no account with this "
                                  "e-mail address yet."))
        user = accounts.create_user(email=email, name=name, roles={LEARNER}, actor=actor,
                                    **profile)
    enrolment = _get_or_new(workshop, user)
    if enrolment.id is not None and enrolment.status in (APPROVED, WAITLISTED):
        raise AlreadyEnrolled(_("%(name)s is already enrolled.", name=user.name))
    _set_status(enrolment, INVITED, actor=actor)
    record_audit("workshop.invite", actor=actor, target=f"workshop:{workshop.id}",
                 details=user.email)
    db.session.flush()
    notify.invited(enrolment, account_link=invitation_link(user) if created else None)
    return enrolment, created


# ---------------------------------------------------------------- roster import


@dataclass
class RosterImport:
    errors: list[accounts.RowError] = field(default_factory=list)
    added: list[Enrolment] = field(default_factory=list)
    already: list[Enrolment] = field(default_factory=list)
    created: list[User] = field(default_factory=list)


def import_roster(workshop: Workshop, text: str, *, actor: User | None) -> RosterImport:
    """Enrol every official of a users CSV (the user-import format), creating the accounts
    that do not exist (with an e-mailed invitation). Every bad row is reported by line and
    then nothing is added."""
    result = RosterImport()
    parsed = accounts.parse_user_csv(text, require_new=False)
    result.errors = list(parsed.errors)
    workshop = lock_workshop(workshop)
    if workshop.status in (FINISHED, CANCELLED):
        result.errors.insert(0, accounts.RowError(1, _("the workshop is %(s)s",
                                                       s=workshop.status)))
    emails = [row["email"] for row in parsed.rows]
    users = {u.email: u for u in db.session.scalars(select(User).where(User.email.in_(emails)))}
    current = {e.user_id: e for e in db.session.scalars(select(Enrolment).where(
        Enrolment.workshop_id == workshop.id,
        Enrolment.user_id.in_([u.id for u in users.values()])))}
    left = seats_left(workshop)
    to_add = []
    for row in parsed.rows:
        user = users.get(row["email"])
        if user is None and row["roles"] - {LEARNER}:
            result.errors.append(accounts.RowError(row["line"], _(
                "a workshop roster creates learner accounts only (roles: %(r)s)",
                r=", ".join(sorted(row["roles"])))))
            continue
        if user is not None and not user.active:
            result.errors.append(accounts.RowError(row["line"], _(
                "the account of %(e)s is deactivated", e=row["email"])))
            continue
        enrolment = current.get(user.id) if user is not None else None
        if enrolment is not None and enrolment.status == APPROVED:
            result.already.append(enrolment)
            continue
        if left is not None and len(to_add) >= left:
            result.errors.append(accounts.RowError(row["line"], _(
                "no seat left for %(e)s (capacity %(n)d)", e=row["email"],
                n=workshop.capacity)))
            continue
        to_add.append((row, user, enrolment))
    result.errors.sort(key=lambda e: e.line)
    if result.errors:
        result.already = []
        return result
    for row, user, enrolment in to_add:
        created = user is None
        if created:
            data = {k: v for k, v in row.items() if k not in {"line", "roles", "email", "name"}}
            user = accounts.create_user(email=row["email"], name=row["name"],
                                        roles={LEARNER}, actor=actor, **data)
            result.created.append(user)
        if enrolment is None:
            enrolment = Enrolment(workshop=workshop, user=user, status=APPROVED)
            db.session.add(enrolment)
        _set_status(enrolment, APPROVED, actor=actor)
        result.added.append((enrolment, created))
    db.session.flush()
    record_audit("workshop.roster_import", actor=actor, target=f"workshop:{workshop.id}",
                 details=f"{len(result.added)} added, {len(result.created)} new accounts, "
                         f"{len(result.already)} already enrolled")
    for enrolment, created in result.added:
        notify.added_to_roster(enrolment, account_link=invitation_link(enrolment.user)
                               if created else None)
    result.added = [enrolment for enrolment, _created in result.added]
    return result


def due_reminders(now: datetime, *, days: int) -> list[Workshop]:
    """Open or running workshops starting within `days` days whose reminder is not sent."""
    found = db.session.scalars(
        select(Workshop).where(Workshop.status.in_((OPEN, RUNNING)),
                               Workshop.reminder_sent_at.is_(None),
                               Workshop.start_date >= now.date() - timedelta(days=1),
                               Workshop.start_date <= now.date() + timedelta(days=days))
        .order_by(Workshop.start_date))
    return [w for w in found if today_at(w) <= w.start_date]


def send_reminders(workshop: Workshop) -> int:
    """E-mail every approved learner that the workshop is starting; returns how many."""
    sent = 0
    for enrolment in enrolments(workshop, statuses=(APPROVED,)):
        notify.workshop_starting(enrolment)
        sent += 1
    workshop.reminder_sent_at = utcnow()
    return sent
