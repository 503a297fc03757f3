"""The events that cross domains: one blinker namespace, declared here and nowhere else.

A domain *sends* a signal when something happened that other domains may care about, and
*connects* receivers (in its ``__init__`` or a ``receivers`` module, imported by the
blueprint's package) to the signals of others. Senders never know who listens. Receivers run
inside the same request and transaction as the sender, so what they write commits or rolls
back with it; slow work (mail, rendering) is enqueued, not done in a receiver.

Conventions (as indico's ``core/signals``):
- the *sender* is the object the event is about (a ``LessonProgress``, an ``Attempt``…),
  further facts are keyword arguments, listed in each signal's doc;
- receivers take ``(sender, **kwargs)`` and ignore keywords they do not need;
- a signal is sent after the change is flushed, so receivers can query it.

Example::

    from app import signals

    @signals.lesson_completed.connect
    def _recompute(progress, **_):
        ...

    signals.lesson_completed.send(progress, user=user, lesson=lesson)
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

# --- courses ---------------------------------------------------------------------------
lesson_completed = _signals.signal("lesson-completed", doc="""
A learner marked a lesson done (or undid it, ``completed=False``).
sender: the LessonProgress; kwargs: user, lesson, completed (bool).""")

enrolment_changed = _signals.signal("enrolment-changed", doc="""
A workshop enrolment was created or changed status (requested, approved, waitlisted,
promoted, withdrawn, removed).
sender: the Enrolment; kwargs: previous (status before, or None for a new one), actor (the
user who made the change, or None for the system).""")

# --- quizzes ---------------------------------------------------------------------------
attempt_finished = _signals.signal("attempt-finished", doc="""
A quiz attempt was submitted or closed at its deadline (not sent for previews).
sender: the Attempt; kwargs: user, quiz, needs_grading (bool: an essay waits for a trainer).""")

attempt_graded = _signals.signal("attempt-graded", doc="""
A finished attempt got its final grade from a trainer (essay graded, regrade).
sender: the Attempt; kwargs: grader (the trainer, or None for a regrade by the system).""")

# --- workshops -------------------------------------------------------------------------
attendance_recorded = _signals.signal("attendance-recorded", doc="""
Attendance was taken or a learner checked in for a workshop day.
sender: the Workshop; kwargs: user_ids (the learners whose attendance changed).""")

workshop_completed = _signals.signal("workshop-completed", doc="""
A learner's workshop completion was recorded (they met the completion rule).
sender: the Enrolment; kwargs: workshop, user.""")

# --- certificates ----------------------------------------------------------------------
certificate_issued = _signals.signal("certificate-issued", doc="""
A certificate was issued.
sender: the Certificate; kwargs: actor (the organiser, or None).""")

certificate_revoked = _signals.signal("certificate-revoked", doc="""
A certificate was revoked.
sender: the Certificate; kwargs: actor, reason.""")

# --- experts / meetings ----------------------------------------------------------------
expert_contribution_changed = _signals.signal("expert-contribution-changed", doc="""
Where experts contributed changed (a speaker, a resource person, a mentor added or removed).
sender: the object they contribute to (a Meeting, a Workshop, a Project…);
kwargs: expert_ids (the experts concerned).""")

expert_profile_changed = _signals.signal("expert-profile-changed", doc="""
What the directory shows of an expert changed: their profile (name, position,
organisation…), archived or restored, or a duplicate merged into them.
sender: the Expert; kwargs: fields (the names of what changed).""")

meeting_outcome_linked = _signals.signal("meeting-outcome-linked", doc="""
A workshop or pilot project was linked to (or unlinked from) the meeting that planned it.
sender: the Workshop or Project; kwargs: meeting_id (the meeting now linked, or None),
previous_meeting_id.""")
