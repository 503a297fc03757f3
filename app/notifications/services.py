"""Notifying people: one row per (user, kind, subject, event), an e-mail copy when the user
wants one (in their language), marking read, preferences, announcements and the calendar
token. Plain functions: they add and flush, the request (or the task) commits."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select, update

from app.auth.audit import record_audit
from app.auth.models import ORGANISER, TRAINER, User
from app.extensions import db
from app.mail import send_mail
from app.markdown import render_markdown
from app.notifications.kinds import KINDS, STAFF, text_of
from app.notifications.links import absolute
from app.notifications.models import (
    Announcement,
    CalendarToken,
    Notification,
    NotificationPreference,
)
from app.timeutil import utcnow


class NotificationError(Exception):
    """A request the notifications domain refuses (shown to the user)."""


# ---------------------------------------------------------------- notifying


def notify(users: Iterable[User], kind: str, *, subject: str, event: str, data: dict,
           url: str = "", email: bool = True, email_text: str = "") -> list[Notification]:
    """Notify each of `users` once about this event (those already notified are skipped),
    and queue an e-mail copy to those whose preference asks for one (none when `email` is
    false: demo data; `email_text` is added to the e-mail, e.g. an announcement's text).
    Constant queries: who was notified already, the preferences."""
    if kind not in KINDS:
        raise KeyError(kind)
    recipients = {u.id: u for u in users if u is not None}
    if not recipients:
        return []
    db.session.flush()
    already = set(db.session.scalars(select(Notification.user_id).where(
        Notification.user_id.in_(list(recipients)), Notification.kind == kind,
        Notification.subject == subject, Notification.event == event)))
    fresh = [u for uid, u in recipients.items() if uid not in already]
    if not fresh:
        return []
    wants = email_wanted([u.id for u in fresh], kind) if email else set()
    created = []
    for user in fresh:
        note = Notification(user_id=user.id, kind=kind, subject=subject[:80],
                            event=event[:120], data=data, url=url[:500],
                            emailed=user.id in wants and user.active)
        db.session.add(note)
        created.append(note)
        if note.emailed:
            _email(user, note, email_text)
    db.session.flush()
    return created


def _email(user: User, note: Notification, extra: str = "") -> None:
    with force_locale(user.language or "en"):
        line = text_of(note.kind, note.data)
        body = _("Dear %(name)s,\n\n%(text)s", name=user.name, text=line)
        if extra:
            body += "\n\n" + extra
        if note.url:
            body += "\n\n" + absolute(note.url)
        body += "\n\n" + _("You receive this e-mail because of your notification "
                           "preferences: %(link)s", link=absolute("/notifications/preferences"))
        subject = line
    send_mail(user.email, subject, body)


def email_wanted(user_ids: list[int], kind: str) -> set[int]:
    """Which of these users want an e-mail copy of `kind` (one query)."""
    rows = dict(db.session.execute(
        select(NotificationPreference.user_id, NotificationPreference.email).where(
            NotificationPreference.user_id.in_(user_ids),
            NotificationPreference.kind == kind)).all())
    default = KINDS[kind].email_default
    return {uid for uid in user_ids if rows.get(uid, default)}


# ---------------------------------------------------------------- reading


def mark_read(user: User, notification_id: int) -> bool:
    """Mark one of the user's notifications read; False when it is not theirs."""
    result = db.session.execute(
        update(Notification)
        .where(Notification.id == notification_id, Notification.user_id == user.id,
               Notification.read_at.is_(None))
        .values(read_at=utcnow()))
    if result.rowcount:
        return True
    return db.session.scalar(select(func.count()).select_from(Notification).where(
        Notification.id == notification_id, Notification.user_id == user.id)) > 0


def mark_all_read(user: User) -> int:
    result = db.session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow()))
    return result.rowcount


# ---------------------------------------------------------------- preferences


def kinds_for(user: User) -> list:
    """The kinds a user may receive: learners' kinds, and staff kinds for staff."""
    staff = user.has_role(TRAINER, ORGANISER)
    return [k for k in KINDS.values() if k.audience != STAFF or staff]


def preferences(user: User) -> dict[str, bool]:
    """kind → e-mail copy wanted, for every kind this user may receive."""
    kinds = kinds_for(user)
    stored = dict(db.session.execute(
        select(NotificationPreference.kind, NotificationPreference.email)
        .where(NotificationPreference.user_id == user.id)).all())
    return {k.name: stored.get(k.name, k.email_default) for k in kinds}


def save_preferences(user: User, email_kinds: set[str]) -> None:
    """Store the user's choice: an e-mail copy for the kinds in `email_kinds` only."""
    rows = {p.kind: p for p in db.session.scalars(
        select(NotificationPreference).where(NotificationPreference.user_id == user.id))}
    for kind in kinds_for(user):
        row = rows.get(kind.name)
        if row is None:
            row = NotificationPreference(user_id=user.id, kind=kind.name)
            db.session.add(row)
        row.email = kind.name in email_kinds
    db.session.flush()


# ---------------------------------------------------------------- announcements


def post_announcement(workshop, *, author: User, title: str, body: str) -> Announcement:
    """Post to the workshop's cohort; the notifications go out from a task after the
    commit (one per learner, even if the task runs twice)."""
    from app import jobs
    from app.notifications import tasks

    title, body = title.strip(), body.strip()
    if not title:
        raise NotificationError(_("An announcement needs a title."))
    announcement = Announcement(workshop_id=workshop.id, author_id=author.id, title=title[:200],
                                body=body, body_html=render_markdown(body))
    db.session.add(announcement)
    db.session.flush()
    record_audit("notifications.announcement_post", actor=author,
                 target=f"workshop:{workshop.id}",
                 details=f"announcement {announcement.id}: {announcement.title}")
    jobs.enqueue(tasks.send_announcement, announcement.id)
    return announcement


# ---------------------------------------------------------------- the calendar feed


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_calendar_token(user: User) -> str:
    """A new secret for the user's feed (the previous one stops working). Only its hash is
    kept: the token is shown once."""
    token = secrets.token_urlsafe(32)
    row = db.session.scalar(select(CalendarToken).where(CalendarToken.user_id == user.id))
    if row is None:
        row = CalendarToken(user_id=user.id)
        db.session.add(row)
    row.token_hash, row.created_at = _digest(token), utcnow()
    db.session.flush()
    record_audit("notifications.calendar_token_new", actor=user, target=f"user:{user.id}")
    return token


def revoke_calendar_token(user: User) -> bool:
    row = db.session.scalar(select(CalendarToken).where(CalendarToken.user_id == user.id))
    if row is None:
        return False
    db.session.delete(row)
    db.session.flush()
    record_audit("notifications.calendar_token_revoke", actor=user, target=f"user:{user.id}")
    return True


def has_calendar_token(user: User) -> CalendarToken | None:
    return db.session.scalar(select(CalendarToken).where(CalendarToken.user_id == user.id))


def user_of_calendar_token(token: str) -> User | None:
    """The active user whose feed this token opens, or None."""
    if not token or len(token) > 100:
        return None
    row = db.session.scalar(select(CalendarToken).where(
        CalendarToken.token_hash == _digest(token)))
    if row is None or not row.user.active:
        return None
    return row.user
