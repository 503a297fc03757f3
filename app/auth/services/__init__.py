"""Account operations, by what they hold: `passwords` (hashing and rules), `accounts`
(users, roles, sessions, tokens), `roster` (CSV import), `emails` (invitation and reset
messages), `errors`. Callers import from here: ``from app.auth import services``.

Plain functions: no request, no flash, no commit (the caller commits).
"""

from app.auth.services.accounts import (
    INVITE_TOKEN_MAX_AGE,
    RESET_TOKEN_MAX_AGE,
    active_sessions,
    assign_password,
    authenticate,
    change_password,
    create_user,
    end_session,
    get_user_by_email,
    load_session_user,
    make_reset_token,
    normalise_email,
    reset_password,
    revoke_sessions,
    set_active,
    set_roles,
    start_session,
    user_from_token,
)
from app.auth.services.emails import absolute_url, send_invitation, send_password_reset
from app.auth.services.errors import AccountError, DuplicateEmail, InvalidToken, WeakPassword
from app.auth.services.passwords import (
    MIN_PASSWORD_LENGTH,
    check_password,
    hash_password,
    password_problem,
    set_password,
)
from app.auth.services.roster import (
    USER_CSV_COLUMNS,
    ParsedRoster,
    RowError,
    import_users,
    parse_user_csv,
)

__all__ = [
    "INVITE_TOKEN_MAX_AGE", "MIN_PASSWORD_LENGTH", "RESET_TOKEN_MAX_AGE", "USER_CSV_COLUMNS",
    "AccountError", "DuplicateEmail", "InvalidToken", "ParsedRoster", "RowError", "WeakPassword",
    "absolute_url", "active_sessions", "assign_password", "authenticate", "change_password",
    "check_password",
    "create_user", "end_session", "get_user_by_email", "hash_password", "import_users",
    "load_session_user", "make_reset_token", "normalise_email", "parse_user_csv",
    "password_problem", "reset_password", "revoke_sessions", "send_invitation",
    "send_password_reset", "set_active", "set_password", "set_roles", "start_session",
    "user_from_token",
]
