"""Workshop operations: plain functions, no request, no commit.

- ``reading``: lists, enrolments, seats, the choices of the workshop form;
- ``editing``: saving a workshop, its status, reminders;
- ``enrolment``: enrolling, the waiting list, organisers' decisions, invitations;
- ``roster_import``: enrolling a CSV of officials.

Callers import the package (``from app.workshops import services``) and use the names below.
"""

from app.workshops.services.editing import (
    RULE_FIELDS,
    TRANSITIONS,
    WORKSHOP_FIELDS,
    due_reminders,
    save_workshop,
    send_reminders,
    set_status,
)
from app.workshops.services.enrolment import (
    DECISIONS,
    approve,
    decide,
    decline,
    enrol,
    invitation_link,
    invite,
    lock_workshop,
    promote_waitlist,
    waitlist,
    withdraw,
)
from app.workshops.services.reading import (
    WorkshopLists,
    course_choices,
    enrolment_is_open,
    enrolment_of,
    enrolments,
    expert_choices,
    get_workshop,
    list_workshops,
    my_enrolments,
    prerequisites_outside,
    seats_left,
    seats_taken,
    staff_choices,
    staff_workshops,
    status_counts,
    today_at,
    workshops_opening,
)
from app.workshops.services.roster_import import RosterImport, import_roster

__all__ = [
    "DECISIONS", "RULE_FIELDS", "TRANSITIONS", "WORKSHOP_FIELDS", "RosterImport",
    "WorkshopLists", "approve", "course_choices", "decide", "decline", "due_reminders",
    "enrol", "enrolment_is_open", "enrolment_of", "enrolments", "expert_choices",
    "get_workshop", "import_roster", "invitation_link", "invite", "list_workshops",
    "lock_workshop", "my_enrolments", "prerequisites_outside", "promote_waitlist",
    "save_workshop", "seats_left",
    "seats_taken", "send_reminders", "set_status", "staff_choices", "staff_workshops",
    "status_counts", "today_at", "waitlist", "withdraw", "workshops_opening",
]
