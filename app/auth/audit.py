"""Recording sensitive actions in the audit log."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.auth.models import AuditEntry, User
from app.extensions import db

# What each recorded action means, for the audit log page (the code stays the filter value).
ACTION_LABELS = {
    "login.success": _l("Signed in"),
    "login.failed": _l("Failed sign-in"),
    "user.create": _l("Account created"),
    "user.edit": _l("Account edited"),
    "user.email": _l("E-mail address changed"),
    "user.roles": _l("Roles changed"),
    "user.activate": _l("Account activated"),
    "user.deactivate": _l("Account deactivated"),
    "user.profile": _l("Profile edited"),
    "user.password_change": _l("Password changed"),
    "user.password_reset": _l("Password reset"),
    "user.password_invite": _l("Password chosen from an invitation"),
    "user.password_set": _l("Password set from the command line"),
    "certificate.issue": _l("Certificate issued"),
    "certificate.reissue": _l("Certificate reissued"),
    "certificate.revoke": _l("Certificate revoked"),
    "certificate.key_rotate": _l("New signing key"),
    "course.import": _l("Course imported"),
    "course.publish": _l("Course published"),
    "course.unpublish": _l("Course back to draft"),
    "course.archive": _l("Course archived"),
    "course.author.add": _l("Course author added"),
    "course.author.remove": _l("Course author removed"),
    "quiz.grade": _l("Attempt graded"),
    "quiz.regrade": _l("Attempts regraded"),
    "expert.create": _l("Expert added"),
    "expert.edit": _l("Expert edited"),
    "expert.archive": _l("Expert archived"),
    "expert.restore": _l("Expert restored"),
    "expert.merge": _l("Expert records merged"),
    "expert.photo": _l("Expert photo changed"),
    "expert.import": _l("Experts imported"),
    "expert_area.create": _l("Expertise area added"),
    "expert_area.edit": _l("Expertise area edited"),
    "meeting.create": _l("Meeting scheduled"),
    "meeting.delete": _l("Meeting deleted"),
    "pilots.participant.delete": _l("Participant's personal data deleted"),
    "pilots.participants.export": _l("Participants exported"),
    "workshop.create": _l("Workshop created"),
    "workshop.edit": _l("Workshop edited"),
    "workshop.status": _l("Workshop status changed"),
    "workshop.invite": _l("Invitation to a workshop"),
    "workshop.approve": _l("Application approved"),
    "workshop.decline": _l("Application declined"),
    "workshop.waitlist": _l("Put on the waiting list"),
    "workshop.withdraw": _l("Withdrawn from a workshop"),
    "workshop.roster_import": _l("Roster imported"),
    "workshop.session_add": _l("Attendance session added"),
    "workshop.session_delete": _l("Attendance session deleted"),
    "workshop.attendance_correct": _l("Attendance corrected"),
    "workshop.completion_withdrawn": _l("Completion withdrawn"),
}


def action_label(action: str) -> str:
    """The action in the interface language; an unknown code is shown as it is."""
    return str(ACTION_LABELS.get(action, action))


def record_audit(
    action: str,
    *,
    actor: User | None = None,
    target: str = "",
    details: str = "",
    ip_address: str = "",
) -> AuditEntry:
    entry = AuditEntry(
        action=action,
        actor_id=actor.id if actor is not None else None,
        target=target[:200],
        details=details,
        ip_address=ip_address[:64],
    )
    db.session.add(entry)
    return entry
