"""Domain errors of workshops, each carrying a message for the user."""

from __future__ import annotations


class WorkshopError(Exception):
    """An operation that cannot be done; str(error) is shown to the user."""


class EnrolmentClosed(WorkshopError):
    pass


class WorkshopFull(WorkshopError):
    pass


class NotInvited(WorkshopError):
    pass


class AlreadyEnrolled(WorkshopError):
    pass


class InvalidTransition(WorkshopError):
    pass


class CheckInFailed(WorkshopError):
    pass


class NameNeeded(WorkshopError):
    pass
