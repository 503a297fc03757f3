"""Finding 13: /healthz tells visitors only `ok`; the dialect and latency need the token or a
check from this machine (the real peer, not what X-Forwarded-For claims)."""

from __future__ import annotations

import pytest

VISITOR = {"REMOTE_ADDR": "203.0.113.7"}
TOKEN = "monitor-" + "7" * 24


def test_a_visitor_gets_ok_and_nothing_else(client):
    response = client.get("/healthz", environ_base=VISITOR)
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_a_visitor_claiming_localhost_gets_nothing_more(client):
    response = client.get("/healthz", environ_base=VISITOR,
                          headers={"X-Forwarded-For": "127.0.0.1"})
    assert response.get_json() == {"status": "ok"}


@pytest.mark.parametrize("app_config", [{"PROXY_FIX_HOPS": 1}])
def test_behind_proxyfix_the_forwarded_address_does_not_count(client):
    # ProxyFix makes REMOTE_ADDR 127.0.0.1 from the header; the real peer is the visitor.
    response = client.get("/healthz", environ_base=VISITOR,
                          headers={"X-Forwarded-For": "127.0.0.1"})
    assert response.get_json() == {"status": "ok"}


def test_a_request_a_local_proxy_forwarded_gets_nothing_more(client):
    # nginx on the same machine: the peer is loopback, but on behalf of a visitor.
    response = client.get("/healthz", environ_base={"REMOTE_ADDR": "127.0.0.1"},
                          headers={"X-Forwarded-For": "203.0.113.7"})
    assert response.get_json() == {"status": "ok"}


@pytest.mark.parametrize("peer", ["127.0.0.1", "::1"])
def test_a_check_from_this_machine_gets_the_details(client, app, peer):
    body = client.get("/healthz", environ_base={"REMOTE_ADDR": peer}).get_json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["dialect"] in {"sqlite", "postgresql"}
    assert body["database_ms"] >= 0


@pytest.mark.parametrize("app_config", [{"HEALTHZ_TOKEN": TOKEN}])
def test_a_monitor_with_the_token_gets_the_details(client):
    body = client.get("/healthz", environ_base=VISITOR,
                      headers={"Authorization": f"Bearer {TOKEN}"}).get_json()
    assert body["database"] == "ok"
    assert "dialect" in body
    wrong = client.get("/healthz", environ_base=VISITOR,
                       headers={"Authorization": "Bearer wrong"}).get_json()
    assert wrong == {"status": "ok"}


def test_no_token_configured_means_no_bearer_access(client):
    body = client.get("/healthz", environ_base=VISITOR,
                      headers={"Authorization": "Bearer "}).get_json()
    assert body == {"status": "ok"}
