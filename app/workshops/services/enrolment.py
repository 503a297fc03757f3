"""Enrolment: policies, capacity (a row lock), the waiting list, decisions, invitations.

Every status change goes through `_set_status`, which sends ``signals.enrolment_changed``."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from app import signals
from app.auth import services as accounts
from app.auth.audit import record_audit
from app.auth.models import LEARNER, User
from app.extensions import db
from app.timeutil import utcnow
from app.web import external_url
from app.workshops import notify
from app.workshops.errors import (
    AlreadyEnrolled,
    EnrolmentClosed,
    NameNeeded,
    NotInvited,
    WorkshopError,
    WorkshopFull,
)
from app.workshops.models import (
    APPLIED,
    APPROVED,
    COMPLETED,
    DECLINED,
    INVITED,
    OPEN,
    POLICY_APPROVAL,
    POLICY_INVITATION,
    RUNNING,
    WAITLISTED,
    WITHDRAWN,
    Enrolment,
    Workshop,
)
from app.workshops.services.reading import enrolment_is_open, seats_left


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
                note: str | None = None, decided: bool = True) -> None:
    """Change the status (flushed) and tell other domains (``signals.enrolment_changed``).

    `actor` made the change (None: the system); `decided` records them as the organiser who
    decided (False when learners act for themselves)."""
    previous = None if enrolment.id is None else enrolment.status
    enrolment.status = status
    enrolment.status_changed_at = utcnow()
    if actor is not None and decided:
        enrolment.decided_by_id = actor.id
    if note is not None:
        enrolment.note = note.strip()
    db.session.flush()
    if previous != status:
        signals.enrolment_changed.send(enrolment, previous=previous, actor=actor)


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
        _set_status(enrolment, APPLIED, actor=user, decided=False)
    elif _has_seat(workshop):
        _set_status(enrolment, APPROVED, actor=user, decided=False)
    else:
        _set_status(enrolment, WAITLISTED, actor=user, decided=False)
    db.session.flush()
    if enrolment.status == APPROVED:
        notify.enrolment_approved(enrolment)
    return enrolment


def withdraw(enrolment: Enrolment, *, actor: User) -> None:
    """The learner (or an organiser for them) leaves; the first on the waiting list moves up."""
    if enrolment.status in (WITHDRAWN, DECLINED):
        raise WorkshopError(_("This enrolment is not active."))
    if enrolment.completion_status == COMPLETED and actor.id == enrolment.user_id:
        raise WorkshopError(_("You have completed this workshop: there is nothing to withdraw "
                              "from."))
    workshop = lock_workshop(enrolment.workshop)
    held_seat = enrolment.status == APPROVED
    _set_status(enrolment, WITHDRAWN, actor=actor, decided=actor.id != enrolment.user_id)
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
        promoted.append(enrolment)  # told by app.notifications (enrolment_changed)
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
    db.session.flush()  # the learner is told by app.notifications (enrolment_changed)


def _move_off_seat(enrolment: Enrolment, status: str, *, actor: User, note: str) -> None:
    """Decline or waitlist: the seat it held (if any) goes to the waiting list."""
    held_seat = enrolment.status == APPROVED
    _set_status(enrolment, status, actor=actor, note=note)
    action = "decline" if status == DECLINED else "waitlist"
    record_audit(f"workshop.{action}", actor=actor, target=f"workshop:{enrolment.workshop_id}",
                 details=enrolment.user.email)
    db.session.flush()
    if status == DECLINED:
        notify.enrolment_declined(enrolment)
    if held_seat:
        promote_waitlist(enrolment.workshop)


def decline(enrolment: Enrolment, *, actor: User, note: str = "") -> None:
    _move_off_seat(enrolment, DECLINED, actor=actor, note=note)


def waitlist(enrolment: Enrolment, *, actor: User, note: str = "") -> None:
    _move_off_seat(enrolment, WAITLISTED, actor=actor, note=note)


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
    return external_url("auth.accept_invitation", token=token)


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
