"""What other domains' events change in meetings: an expert's profile shows in agendas."""

from __future__ import annotations

from sqlalchemy import select, update

from app import signals
from app.extensions import db
from app.meetings.models import Meeting, MeetingSession, SessionPerson


@signals.expert_profile_changed.connect
def _expert_changed(expert, **_):
    """The agendas that list the expert as a chair or speaker show the change: their
    meetings get a new revision (a stale cached agenda is never served)."""
    speaking = (select(MeetingSession.meeting_id)
                .join(SessionPerson, SessionPerson.session_id == MeetingSession.id)
                .where(SessionPerson.expert_id == expert.id))
    db.session.execute(update(Meeting).where(Meeting.id.in_(speaking))
                       .values(revision=Meeting.revision + 1)
                       .execution_options(synchronize_session="fetch"))
