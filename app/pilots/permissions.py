"""Who may see and change pilot records.

Participants' personal data is for organisers and admins, and for the participant's own
account (their own record only). Everybody else sees public projects' summaries and counts.
"""

from __future__ import annotations

from sqlalchemy import select

from app.auth.permissions import is_organiser
from app.extensions import db
from app.pilots.models import PilotParticipant, PilotProject


def can_manage_pilots(user) -> bool:
    """Organisers (and admins, who pass every role check) keep the pilot records."""
    return is_organiser(user)


def can_see_participant(user, participant: PilotParticipant) -> bool:
    if can_manage_pilots(user):
        return True
    return bool(user and user.is_authenticated and participant.anonymised_at is None
                and participant.user_id is not None and participant.user_id == user.id)


def is_participant_in(user, project: PilotProject) -> bool:
    if not (user and user.is_authenticated):
        return False
    return db.session.scalar(
        select(PilotParticipant.id).where(
            PilotParticipant.project_id == project.id,
            PilotParticipant.user_id == user.id,
            PilotParticipant.anonymised_at.is_(None),
        ).limit(1)
    ) is not None


def can_see_project(user, project: PilotProject) -> bool:
    """The public summary: public projects for everybody; otherwise organisers and the
    project's own participants."""
    return project.is_public or can_manage_pilots(user) or is_participant_in(user, project)
