"""What the attempt engine refuses, with a message the learner should read."""

from __future__ import annotations

from flask_babel import gettext as _


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
