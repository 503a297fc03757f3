"""The errors account services raise; each carries a message for the user."""

from __future__ import annotations


class AccountError(Exception):
    """A domain error with a message for the user."""


class WeakPassword(AccountError):
    pass


class InvalidToken(AccountError):
    pass


class DuplicateEmail(AccountError):
    pass
