"""What the attempt engine refuses, with a message the learner should read."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import ngettext


class QuizError(Exception):
    """A refusal the learner should read (the message says why)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class QuizUnavailable(QuizError):
    pass


class AttemptClosed(QuizError):
    pass


class StaleSequence(QuizError):
    pass


def stale_message() -> str:
    return _("This page was out of date (it was sent before your latest saved answers, or "
             "sent twice), so it was not saved. Your saved answers are shown below; check "
             "them and continue.")


def submitted_message() -> str:
    return _("This attempt has been submitted; answers can no longer be changed.")


def time_over_message() -> str:
    return _("The time for this attempt is over. It was submitted with the answers saved "
             "before the deadline.")


def late_message(grace_seconds: int) -> str:
    """Answers sent after the deadline and the grace period were refused."""
    if not grace_seconds:
        return _("These answers arrived after the time limit, so they were not accepted. "
                 "The attempt was submitted with the answers saved in time.")
    return ngettext("These answers arrived after the time limit and its grace period of "
                    "%(num)d second, so they were not accepted. The attempt was submitted "
                    "with the answers saved in time.",
                    "These answers arrived after the time limit and its grace period of "
                    "%(num)d seconds, so they were not accepted. The attempt was submitted "
                    "with the answers saved in time.", grace_seconds)

