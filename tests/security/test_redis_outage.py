"""Finding 4: with Redis down the rate-limited pages (login, /verify/<code>) answer as usual
— the limits count in memory meanwhile — and a warning is logged; never a 500."""

from __future__ import annotations

import logging
import socket

import pytest

from tests.conftest import TEST_PASSWORD


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


DEAD_REDIS = f"redis://127.0.0.1:{_closed_port()}/11"
OUTAGE = {"REDIS_URL": DEAD_REDIS, "RATELIMIT_STORAGE_URI": DEAD_REDIS}


@pytest.mark.parametrize("app_config", [OUTAGE])
def test_login_works_while_redis_is_down(app, client, make_user, caplog):
    user = make_user()
    with caplog.at_level(logging.WARNING):
        assert client.get("/login").status_code == 200
        wrong = client.post("/login", data={"email": user.email, "password": "wrong-one"})
        assert wrong.status_code == 200
        assert "The e-mail address or the password is not correct." in wrong.get_data(
            as_text=True)
        right = client.post("/login", data={"email": user.email, "password": TEST_PASSWORD})
        assert right.status_code == 302
    assert "Rate limit storage unreachable" in caplog.text


@pytest.mark.parametrize("app_config", [OUTAGE])
def test_verify_lookups_work_while_redis_is_down(client, caplog):
    with caplog.at_level(logging.WARNING):
        response = client.get("/verify/" + "a" * 26)
    assert response.status_code == 404
    assert "Rate limit storage unreachable" in caplog.text


@pytest.mark.parametrize("app_config", [OUTAGE])
def test_the_limits_still_hold_in_memory_meanwhile(client):
    # /verify/<code> allows 10 unknown codes a minute per address.
    statuses = [client.get(f"/verify/{'b' * 25}{c}").status_code for c in "abcdefghijkl"]
    assert statuses[:10] == [404] * 10
    assert statuses[10:] == [429, 429]
