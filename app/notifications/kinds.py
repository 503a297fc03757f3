"""The kinds of notification: who gets them, their label on the preferences page, and the
text of the notification and of its e-mail copy (built in the reader's language)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

LEARNER, STAFF = "learner", "staff"


@dataclass(frozen=True)
class Kind:
    name: str
    label: object  # lazy string for the preferences page
    audience: str  # LEARNER or STAFF: staff kinds are offered only to trainers/organisers
    text: Callable[[dict], str]  # one line for the list and the e-mail subject
    email_default: bool = True


def _title(data: dict) -> str:
    return data.get("title", "")


KINDS: dict[str, Kind] = {}


def _add(kind: Kind) -> None:
    KINDS[kind.name] = kind


_add(Kind("enrolment_approved", _l("My enrolment is approved"), LEARNER,
          lambda d: _("Your enrolment in “%(title)s” is approved.", title=_title(d))))
_add(Kind("enrolment_waitlisted", _l("I am put on a waiting list"), LEARNER,
          lambda d: _("You are on the waiting list of “%(title)s”.", title=_title(d))))
_add(Kind("enrolment_promoted", _l("I get a seat from the waiting list"), LEARNER,
          lambda d: _("A seat became free: your enrolment in “%(title)s” is approved.",
                      title=_title(d))))
_add(Kind("attempt_graded", _l("My essay is graded or my quiz reviewed"), LEARNER,
          lambda d: _("Your attempt at “%(title)s” has been graded: %(grade)s.",
                      title=_title(d), grade=d.get("grade", ""))))
_add(Kind("certificate_issued", _l("A certificate is issued to me"), LEARNER,
          lambda d: _("Your certificate “%(title)s” has been issued.", title=_title(d))))
_add(Kind("certificate_revoked", _l("A certificate of mine is revoked"), LEARNER,
          lambda d: _("Your certificate “%(title)s” has been revoked.", title=_title(d))))
_add(Kind("announcement", _l("An announcement in my workshop"), LEARNER,
          lambda d: _("Announcement in “%(workshop)s”: %(title)s",
                      workshop=d.get("workshop", ""), title=_title(d))))
_add(Kind("session_reminder", _l("A session of my workshop starts tomorrow"), LEARNER,
          lambda d: _("Reminder: “%(session)s” of “%(title)s” starts on %(when)s.",
                      session=d.get("session", ""), title=_title(d), when=d.get("when", ""))))
_add(Kind("essay_submitted", _l("An essay waits for my grading"), STAFF,
          lambda d: _("%(name)s submitted “%(title)s”: an essay waits for grading.",
                      name=d.get("name", ""), title=_title(d))))
_add(Kind("enrolment_requested", _l("Someone asks to enrol in my workshop"), STAFF,
          lambda d: _("%(name)s asks to enrol in “%(title)s”.", name=d.get("name", ""),
                      title=_title(d))))


def text_of(kind: str, data: dict) -> str:
    found = KINDS.get(kind)
    return found.text(data) if found is not None else kind
