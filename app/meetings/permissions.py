"""Who may see and change what of a meeting.

- Organisers (the role; admins too) manage every meeting; the users named as a meeting's
  organisers manage that meeting.
- Public meetings are seen by everybody, members' meetings by signed-in users.
- The join link and the participants list: the meeting's participants and its managers.
- Documents: public (whoever sees the meeting), participants, organisers.
"""

from __future__ import annotations

import functools
from typing import NamedTuple

from flask import g, has_request_context
from sqlalchemy import bindparam, or_, select

from app.auth.permissions import is_organiser
from app.experts.models import Expert
from app.extensions import db
from app.meetings.models import (
    CANCELLED,
    HELD,
    MEMBERS,
    ORGANISERS,
    PARTICIPANTS,
    PUBLIC,
    Meeting,
    MeetingDocument,
    MeetingParticipant,
)
from app.timeutil import utcnow


def _signed_in(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def can_create_meeting(user) -> bool:
    return is_organiser(user)


def can_manage_meeting(user, meeting: Meeting) -> bool:
    if not _signed_in(user):
        return False
    if is_organiser(user):
        return True
    return any(link.user_id == user.id for link in meeting.organiser_links)


def participant_record(user, meeting: Meeting) -> MeetingParticipant | None:
    """The user's participant row in `meeting` (invited directly or as their expert record)."""
    if not _signed_in(user) or meeting.id is None:
        return None
    key = (meeting.id, user.id)
    cache = g.setdefault("_meeting_participants", {}) if has_request_context() else None
    if cache is not None and key in cache:
        return cache[key]
    found = db.session.scalars(_participant_record_statement(),
                               {"meeting_id": meeting.id, "user_id": user.id}).first()
    if cache is not None:
        cache[key] = found
    return found


@functools.cache
def _participant_record_statement():
    """Built once (every view of a meeting runs it): the bind parameters take the ids."""
    return (select(MeetingParticipant)
            .outerjoin(Expert, Expert.id == MeetingParticipant.expert_id)
            .where(MeetingParticipant.meeting_id == bindparam("meeting_id"),
                   or_(MeetingParticipant.user_id == bindparam("user_id"),
                       Expert.user_id == bindparam("user_id")))
            .order_by(MeetingParticipant.id))


def is_participant(user, meeting: Meeting) -> bool:
    return participant_record(user, meeting) is not None


def can_see_meeting(user, meeting: Meeting) -> bool:
    if meeting.visibility == PUBLIC:
        return True
    if meeting.visibility == MEMBERS:
        return _signed_in(user)
    return can_manage_meeting(user, meeting) or is_participant(user, meeting)


def can_see_join_link(user, meeting: Meeting) -> bool:
    if not meeting.is_online or not meeting.join_url:
        return False
    return can_manage_meeting(user, meeting) or is_participant(user, meeting)


def can_see_participants(user, meeting: Meeting) -> bool:
    return can_manage_meeting(user, meeting) or is_participant(user, meeting)


def can_see_document(user, document: MeetingDocument) -> bool:
    meeting = document.meeting
    if not can_see_meeting(user, meeting):
        return False
    if document.visibility == PUBLIC:
        return True
    if document.visibility == PARTICIPANTS:
        return can_see_participants(user, meeting)
    if document.visibility == ORGANISERS:
        return can_manage_meeting(user, meeting)
    return False


VIEWER_CLASSES = ("organiser", "manager", "participant", "public")


def viewer_class(user, meeting: Meeting) -> str:
    """What of the agenda and documents `user` sees, in one word (a cache key's part):
    organiser (the role: every expert's profile linked, every document, the buttons),
    manager (one of the meeting's organisers), participant, public (whoever sees the meeting)."""
    if is_organiser(user):
        return "organiser"
    if can_manage_meeting(user, meeting):
        return "manager"
    return "participant" if is_participant(user, meeting) else "public"


def can_answer_invitation(user, meeting: Meeting) -> bool:
    """Participants answer (RSVP) until the meeting ends, unless it was cancelled."""
    return (is_participant(user, meeting) and meeting.status not in (HELD, CANCELLED)
            and meeting.ends_at > utcnow())


class MeetingAccess(NamedTuple):
    """What `user` may see and do on a meeting's page, worked out once per request (the
    predicates above, each asked once): the same answers as those predicates."""

    viewer_class: str  # see viewer_class
    manage: bool  # can_manage_meeting
    mine: MeetingParticipant | None  # participant_record
    see_participants: bool  # can_see_participants
    join_link: bool  # can_see_join_link
    answer: bool  # can_answer_invitation


def meeting_access(user, meeting: Meeting) -> MeetingAccess:
    organiser = is_organiser(user)
    manage = organiser or can_manage_meeting(user, meeting)
    mine = participant_record(user, meeting)
    participant = mine is not None
    if organiser:
        kind = "organiser"
    elif manage:
        kind = "manager"
    else:
        kind = "participant" if participant else "public"
    return MeetingAccess(
        viewer_class=kind, manage=manage, mine=mine,
        see_participants=manage or participant,
        join_link=bool(meeting.is_online and meeting.join_url and (manage or participant)),
        answer=(participant and meeting.status not in (HELD, CANCELLED)
                and meeting.ends_at > utcnow()),
    )
