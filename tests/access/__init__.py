"""The access matrix: every URL rule × {anonymous, learner, trainer, organiser, admin}.

Each domain has a module here with `cases(world) -> list[Case]`; `world` holds the users of
each role and whatever the domain's `seed(world)` created (objects the URLs point at).
An expectation is an HTTP status, or LOGIN for "sent to the login page".
"""

from __future__ import annotations

from dataclasses import dataclass, field

ANON, LEARNER, TRAINER, ORGANISER, ADMIN = "anonymous", "learner", "trainer", "organiser", "admin"
ROLES = (ANON, LEARNER, TRAINER, ORGANISER, ADMIN)
LOGIN = "login"


@dataclass
class Case:
    endpoint: str
    url: str
    expect: dict[str, int | str]
    method: str = "GET"
    data: dict = field(default_factory=dict)
    fresh_client: bool = False  # e.g. logout: run with its own signed-in client

    def expected(self, role: str):
        return self.expect[role]


def everyone(status: int | str = 200) -> dict:
    return dict.fromkeys(ROLES, status)


def signed_in(status: int | str = 200) -> dict:
    return {ANON: LOGIN, LEARNER: status, TRAINER: status, ORGANISER: status, ADMIN: status}


def only(*roles: str, status: int | str = 200, others: int | str = 403) -> dict:
    """Only `roles` (admins always) get `status`; other signed-in users `others`."""
    result = {ANON: LOGIN}
    for role in (LEARNER, TRAINER, ORGANISER, ADMIN):
        result[role] = status if role in roles or role == ADMIN else others
    return result
