"""Every registered URL rule × every role, with the expected outcome.

A new route without a Case in tests/access/<domain>.py fails `test_every_route_has_a_case`.
"""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import tests.access as access_pkg
from tests.access import ANON, LOGIN, ROLES, Case
from tests.conftest import BrowserClient, login


def _modules():
    for info in sorted(pkgutil.iter_modules(access_pkg.__path__), key=lambda i: i.name):
        yield importlib.import_module(f"tests.access.{info.name}")


@pytest.fixture
def world(app, make_user):
    users = {role: make_user(role, email=f"{role}@matrix.test") for role in ROLES if role != ANON}
    world = {"users": users}
    for module in _modules():
        module.seed(world)
    return world


def _all_cases(world) -> list[Case]:
    cases = []
    for module in _modules():
        cases.extend(module.cases(world))
    return cases


def test_every_route_has_a_case(app, world):
    covered = {case.endpoint for case in _all_cases(world)}
    missing = sorted({rule.endpoint for rule in app.url_map.iter_rules()} - covered)
    assert not missing, f"routes without an access-matrix case: {missing}"


def _client(app, role, world):
    app.test_client_class = BrowserClient
    client = app.test_client()
    if role != ANON:
        login(client, world["users"][role])
    return client


def _outcome(response) -> int | str:
    if response.status_code in (301, 302, 303) and "/login" in response.headers.get(
        "Location", ""
    ) and "next=" in response.headers.get("Location", ""):
        return LOGIN
    return response.status_code


@pytest.mark.parametrize("role", ROLES)
def test_access_matrix(app, world, role):
    client = _client(app, role, world)
    failures = []
    for case in _all_cases(world):
        use = _client(app, role, world) if case.fresh_client else client
        if case.method == "GET":
            response = use.get(case.url)
        else:
            assert case.method == "POST", case
            response = use.post(case.url, data=dict(case.data))
        got = _outcome(response)
        response.close()
        want = case.expected(role)
        if got != want:
            failures.append(f"{case.method} {case.url} [{case.endpoint}] as {role}: "
                            f"expected {want}, got {got}")
    assert not failures, "\n".join(failures)
