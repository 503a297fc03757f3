"""Participants of a meeting: invitations, answers (RSVP) and attendance."""

from __future__ import annotations

import functools
from collections import Counter
from typing import NamedTuple

from flask_babel import gettext as _
from sqlalchemy import bindparam, select
from sqlalchemy.orm import selectinload

from app.auth.models import User
from app.experts.models import Expert
from app.extensions import db
from app.mail import send_mail
from app.meetings.models import (
    PARTICIPANT_ROLES,
    RSVP_ANSWERS,
    SPEAKER,
    Meeting,
    MeetingParticipant,
)
from app.meetings.services import MeetingError
from app.timeutil import utcnow

ROLE_ORDER = {role: index for index, role in enumerate(PARTICIPANT_ROLES)}


def participants_of(meeting: Meeting) -> list[MeetingParticipant]:
    """Speakers first, then participants and observers; by name."""
    rows = db.session.scalars(
        select(MeetingParticipant).where(MeetingParticipant.meeting_id == meeting.id)
        # The participants' roles are not shown: lazyload spares the page the query that
        # User.role_rows (lazy="selectin") would run for every list of participants.
        .options(selectinload(MeetingParticipant.user).lazyload(User.role_rows),
                 selectinload(MeetingParticipant.expert).selectinload(Expert.user)
                 .lazyload(User.role_rows))
    ).all()
    return sorted(rows, key=lambda p: (ROLE_ORDER.get(p.role, 9), p.name.casefold(), p.id))


class ParticipantRow(NamedTuple):
    """A participant as the meeting page lists them (plain values: a cache key's part)."""

    id: int
    name: str
    affiliation: str
    country: str
    role: str
    rsvp: str


@functools.cache
def _rows_statement():
    """The columns the list shows, one statement built once (the meeting id is bound)."""
    return (select(MeetingParticipant.id, MeetingParticipant.role, MeetingParticipant.rsvp,
                   MeetingParticipant.user_id, User.name, User.native_name, User.position,
                   User.agency, User.country, MeetingParticipant.expert_id, Expert.honorific,
                   Expert.name, Expert.native_name, Expert.position, Expert.organisation,
                   Expert.country)
            .outerjoin(User, User.id == MeetingParticipant.user_id)
            .outerjoin(Expert, Expert.id == MeetingParticipant.expert_id)
            .where(MeetingParticipant.meeting_id == bindparam("meeting_id")))


def _joined(*parts: str | None) -> str:
    return ", ".join(p for p in parts if p)


def _with_native(label: str, name: str, native: str | None) -> str:
    return f"{label} ({native})" if native and native != name else label


def participant_values(meeting_id: int) -> tuple[tuple, ...]:
    """The list's columns as plain tuples, as read (a cache key: they determine the list)."""
    return tuple(map(tuple, db.session.execute(_rows_statement(), {"meeting_id": meeting_id})))


def participant_rows(meeting_id: int, values: tuple[tuple, ...] | None = None
                     ) -> list[ParticipantRow]:
    """participants_of as plain rows (one query, no objects; none when the caller read the
    `values` already): the name, affiliation and country that MeetingParticipant.name,
    .affiliation and .country give (the account's, else the expert's), in the same order."""
    rows = []
    for (pid, role, rsvp, user_id, u_name, u_native, u_position, u_agency, u_country,
         expert_id, honorific, e_name, e_native, e_position, e_organisation,
         e_country) in (values if values is not None else participant_values(meeting_id)):
        if user_id is not None and u_name is not None:  # User.display_name
            name = _with_native(u_name, u_name, u_native)
            affiliation, country = _joined(u_position, u_agency), u_country
        elif expert_id is not None and e_name is not None:  # Expert.display_name
            name = _with_native(_joined_space(honorific, e_name), e_name, e_native)
            affiliation, country = _joined(e_position, e_organisation), e_country
        else:
            name = affiliation = country = ""
        rows.append(ParticipantRow(pid, name, affiliation, country or "", role, rsvp))
    rows.sort(key=lambda p: (ROLE_ORDER.get(p.role, 9), p.name.casefold(), p.id))
    return rows


def _joined_space(*parts: str | None) -> str:
    return " ".join(p for p in parts if p)


def answer_counts(participants: list[MeetingParticipant]) -> Counter:
    counts = Counter(p.rsvp for p in participants)
    counts["attended"] = sum(1 for p in participants if p.attended)
    return counts


def _existing_for_user(meeting: Meeting, user: User) -> MeetingParticipant | None:
    return db.session.scalars(
        select(MeetingParticipant)
        .outerjoin(Expert, Expert.id == MeetingParticipant.expert_id)
        .where(MeetingParticipant.meeting_id == meeting.id,
               (MeetingParticipant.user_id == user.id) | (Expert.user_id == user.id))
    ).first()


def invite(meeting: Meeting, *, users: list[User] = (), experts: list[Expert] = (),
           role: str, actor: User | None = None, notify: bool = False,
           link: str = "") -> tuple[list[MeetingParticipant], list[str]]:
    """Invite accounts and experts. Returns (new participants, names already invited)."""
    if role not in PARTICIPANT_ROLES:
        raise MeetingError(_("Choose a role from the list."), "role")
    added: list[MeetingParticipant] = []
    already: list[str] = []
    for user in users:
        if _existing_for_user(meeting, user) is not None:
            already.append(user.display_name)
            continue
        added.append(MeetingParticipant(meeting=meeting, user=user, role=role,
                                        invited_by_id=getattr(actor, "id", None)))
        db.session.add(added[-1])
    for expert in experts:
        exists = db.session.scalar(select(MeetingParticipant.id).where(
            MeetingParticipant.meeting_id == meeting.id,
            MeetingParticipant.expert_id == expert.id))
        linked = (db.session.scalar(select(MeetingParticipant.id).where(
            MeetingParticipant.meeting_id == meeting.id,
            MeetingParticipant.user_id == expert.user_id)) if expert.user_id else None)
        if exists is not None or linked is not None:
            already.append(expert.display_name)
            continue
        added.append(MeetingParticipant(meeting=meeting, expert=expert, role=role,
                                        invited_by_id=getattr(actor, "id", None)))
        db.session.add(added[-1])
    db.session.flush()
    if notify:
        for participant in added:
            _notify_invitation(meeting, participant, link)
    return added, already


def _notify_invitation(meeting: Meeting, participant: MeetingParticipant, link: str) -> None:
    from app.meetings.display import format_span, full_title

    account = participant.account
    if account is None or not account.active:
        return
    when = format_span(meeting.starts_at, meeting.ends_at, meeting.timezone)
    send_mail(
        account.email,
        _("Invitation: %(title)s", title=full_title(meeting)),
        _("You are invited to %(title)s, %(when)s (time at the venue, %(zone)s).\n\n"
          "Please tell the organisers whether you will take part:\n\n%(link)s",
          title=full_title(meeting), when=when, zone=meeting.timezone, link=link),
    )


def ensure_expert_participant(meeting: Meeting, expert: Expert, *,
                              actor: User | None = None) -> MeetingParticipant:
    """An expert who chairs or speaks is a participant with the speaker role."""
    existing = db.session.scalars(select(MeetingParticipant).where(
        MeetingParticipant.meeting_id == meeting.id,
        MeetingParticipant.expert_id == expert.id)).first()
    if existing is None and expert.user_id:
        existing = db.session.scalars(select(MeetingParticipant).where(
            MeetingParticipant.meeting_id == meeting.id,
            MeetingParticipant.user_id == expert.user_id)).first()
    if existing is not None:
        if existing.role != SPEAKER:
            existing.role = SPEAKER
        return existing
    participant = MeetingParticipant(meeting=meeting, expert=expert, role=SPEAKER,
                                     invited_by_id=getattr(actor, "id", None))
    db.session.add(participant)
    db.session.flush()
    return participant


def change_role(participant: MeetingParticipant, role: str) -> None:
    if role not in PARTICIPANT_ROLES:
        raise MeetingError(_("Choose a role from the list."), "role")
    participant.role = role
    db.session.flush()


def remove_participant(participant: MeetingParticipant) -> None:
    db.session.delete(participant)
    db.session.flush()


def answer_invitation(participant: MeetingParticipant, *, answer: str, note: str = "") -> None:
    if answer not in RSVP_ANSWERS:
        raise MeetingError(_("Choose an answer."), "answer")
    participant.rsvp = answer
    participant.rsvp_note = note.strip()[:300]
    participant.responded_at = utcnow()
    db.session.flush()


def record_attendance(meeting: Meeting, attended_ids: set[int]) -> int:
    """Mark who attended (every other participant: did not attend). Returns the count."""
    count = 0
    for participant in db.session.scalars(select(MeetingParticipant).where(
            MeetingParticipant.meeting_id == meeting.id)):
        participant.attended = participant.id in attended_ids
        count += participant.attended
    db.session.flush()
    return count


def chair_expert_ids(meeting: Meeting) -> set[int]:
    """The directory experts who chair a session of the meeting (one query): the
    participants table shows them as chairs, whatever their participant role."""
    from app.meetings.models import CHAIR, MeetingSession, SessionPerson

    return set(db.session.scalars(
        select(SessionPerson.expert_id).join(MeetingSession,
                                             MeetingSession.id == SessionPerson.session_id)
        .where(MeetingSession.meeting_id == meeting.id, SessionPerson.role == CHAIR,
               SessionPerson.expert_id.is_not(None))))

