"""The kinds of notification: who gets them, their label on the preferences page, and the
text of the notification and of its e-mail copy (built in the reader's language)."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

LEARNER, STAFF = "learner", "staff"


class _Blank(dict):
    """The data of a notification: a field it lacks reads as empty."""

    def __missing__(self, key: str) -> str:
        return ""


@dataclass(frozen=True)
class Kind:
    name: str
    label: object  # lazy string for the preferences page
    audience: str  # LEARNER or STAFF: staff kinds are offered only to trainers/organisers
    message: object  # lazy string, %(field)s from the data: the line in the list, the subject
    email_default: bool = True

    def text(self, data: dict) -> str:
        return str(self.message) % _Blank(data)


KINDS: dict[str, Kind] = {kind.name: kind for kind in (
    Kind("enrolment_approved", _l("My enrolment is approved"), LEARNER,
         _l("Your enrolment in “%(title)s” is approved.")),
    Kind("enrolment_waitlisted", _l("I am put on a waiting list"), LEARNER,
         _l("You are on the waiting list of “%(title)s”.")),
    Kind("enrolment_promoted", _l("I get a seat from the waiting list"), LEARNER,
         _l("A seat became free: your enrolment in “%(title)s” is approved.")),
    Kind("attempt_graded", _l("My essay is graded or my quiz reviewed"), LEARNER,
         _l("Your attempt at “%(title)s” has been graded: %(grade)s.")),
    Kind("certificate_issued", _l("A certificate is issued to me"), LEARNER,
         _l("Your certificate “%(title)s” has been issued.")),
    Kind("certificate_revoked", _l("A certificate of mine is revoked"), LEARNER,
         _l("Your certificate “%(title)s” has been revoked.")),
    Kind("announcement", _l("An announcement in my workshop"), LEARNER,
         _l("Announcement in “%(workshop)s”: %(title)s")),
    Kind("session_reminder", _l("A session of my workshop starts tomorrow"), LEARNER,
         _l("Reminder: “%(session)s” of “%(title)s” starts on %(when)s.")),
    Kind("essay_submitted", _l("An essay waits for my grading"), STAFF,
         _l("%(name)s submitted “%(title)s”: an essay waits for grading.")),
    Kind("enrolment_requested", _l("Someone asks to enrol in my workshop"), STAFF,
         _l("%(name)s asks to enrol in “%(title)s”.")),
)}


def text_of(kind: str, data: dict) -> str:
    found = KINDS.get(kind)
    return found.text(data) if found is not None else kind
