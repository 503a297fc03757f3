"""Finding 1: links that leave the site come from PUBLIC_BASE_URL, never from the request.

The attack: `POST /password/forgot` with `Host: evil.example` (or `X-Forwarded-Host` behind
ProxyFix) mailed the victim `http://evil.example/password/reset/<token>`. Two layers close it:
TRUSTED_HOSTS (from PUBLIC_BASE_URL) refuses a foreign Host with 400, and every mailed link is
built by `app.urls.external_url`. The tests below replay the attack with the first
layer switched off: the second must hold on its own.
"""

from __future__ import annotations

import re

import pytest
from werkzeug.middleware.proxy_fix import ProxyFix

from app.extensions import db
from app.mail import outbox
from app.urls import external_path, external_url
from config import load_config
from tests.conftest import BrowserClient, login

BASE = "https://learn.example.org"
PUBLIC = {"PUBLIC_BASE_URL": BASE}
# The second layer alone: as if the operator had not (or could not) restrict the hosts.
NO_HOST_CHECK = {"PUBLIC_BASE_URL": BASE, "TRUSTED_HOSTS": None}
LINK_RE = re.compile(r"https?://\S+")


def _links() -> list[str]:
    return [link for message in outbox() for link in LINK_RE.findall(message.get_content())]


def client_at(app, host: str) -> BrowserClient:
    """A browser on `host` (its cookies, CSRF token and session belong to that host)."""

    class HostClient(BrowserClient):
        def open(self, *args, **kwargs):
            if args and isinstance(args[0], str):
                kwargs.setdefault("base_url", f"http://{host}")
            return super().open(*args, **kwargs)

    app.test_client_class = HostClient
    return app.test_client()


def _forgot(client, **headers):
    return client.post("/password/forgot", data={"email": "victim@example.test"},
                       headers=headers)


# --- configuration --------------------------------------------------------------------

def test_production_refuses_to_start_without_public_base_url():
    with pytest.raises(RuntimeError, match="PUBLIC_BASE_URL is not set"):
        load_config({"ENVIRONMENT": "production", "SECRET_KEY": "x" * 32,
                     "PUBLIC_BASE_URL": None})


def test_production_refuses_a_base_url_without_scheme():
    with pytest.raises(RuntimeError, match="is not a public base URL"):
        load_config({"ENVIRONMENT": "production", "SECRET_KEY": "x" * 32,
                     "PUBLIC_BASE_URL": "learn.example.org"})


def test_public_base_url_sets_the_trusted_hosts():
    settings = load_config({"ENVIRONMENT": "production", "SECRET_KEY": "x" * 32,
                            "PUBLIC_BASE_URL": "https://learn.example.org/"})
    assert settings["PUBLIC_BASE_URL"] == BASE
    assert settings["TRUSTED_HOSTS"] == ["learn.example.org", "localhost", "127.0.0.1"]


def test_development_starts_without_public_base_url(app, monkeypatch):
    settings = load_config({"ENVIRONMENT": "development", "SECRET_KEY": "x" * 32,
                            "PUBLIC_BASE_URL": None})
    assert settings.get("TRUSTED_HOSTS") is None
    app.config["PUBLIC_BASE_URL"] = None
    monkeypatch.delenv("FLASK_RUN_HOST", raising=False)
    monkeypatch.delenv("FLASK_RUN_PORT", raising=False)
    assert external_url("auth.login") == "http://127.0.0.1:5000/login"
    monkeypatch.setenv("FLASK_RUN_HOST", "0.0.0.0")
    monkeypatch.setenv("FLASK_RUN_PORT", "8080")
    assert external_url("auth.login") == "http://127.0.0.1:8080/login"


# --- external_url ---------------------------------------------------------------------

@pytest.mark.parametrize("app_config", [NO_HOST_CHECK])
def test_external_url_ignores_the_request_host(app):
    with app.test_request_context("/", headers={"Host": "evil.example",
                                                "X-Forwarded-Host": "evil.example"}):
        url = external_url("auth.reset_password", token="abc", _anchor="top")
        assert url == f"{BASE}/password/reset/abc#top"
        assert external_path("/verify/xyz") == f"{BASE}/verify/xyz"
    # Outside a request too (CLI commands, background jobs).
    assert external_url("main.index") == f"{BASE}/"


@pytest.mark.parametrize("app_config", [{"PUBLIC_BASE_URL": "https://example.org/learn"}])
def test_external_url_keeps_a_path_prefix(app):
    assert external_url("auth.login") == "https://example.org/learn/login"


def test_external_path_takes_only_site_paths(app):
    with pytest.raises(ValueError, match="not a site path"):
        external_path("//evil.example/x")


# --- first layer: a foreign Host is refused -------------------------------------------

@pytest.mark.parametrize("app_config", [PUBLIC])
def test_a_foreign_host_is_refused(client):
    assert client.get("/", headers={"Host": "evil.example"}).status_code == 400
    assert client.get("/", headers={"Host": "learn.example.org"}).status_code == 200
    # Health checks and a local proxy may use the machine's own names.
    assert client.get("/healthz", headers={"Host": "127.0.0.1:8000"}).status_code == 200
    assert client.get("/healthz", headers={"Host": "localhost"}).status_code == 200


@pytest.mark.parametrize("app_config", [PUBLIC])
def test_password_reset_with_a_foreign_host_sends_nothing(client, make_user):
    make_user(email="victim@example.test")
    response = _forgot(client, Host="evil.example")
    assert response.status_code == 400
    assert "not served at the address" in response.get_data(as_text=True)
    assert outbox() == []


@pytest.mark.parametrize("app_config", [{**PUBLIC, "PROXY_FIX_HOPS": 1}])
def test_password_reset_with_a_forwarded_foreign_host_sends_nothing(app, make_user):
    assert isinstance(app.wsgi_app, ProxyFix)
    make_user(email="victim@example.test")
    client = client_at(app, "learn.example.org")
    response = _forgot(client, **{"X-Forwarded-Host": "evil.example"})
    assert response.status_code == 400
    assert "not served at the address" in response.get_data(as_text=True)
    assert outbox() == []


# --- second layer: the mailed link itself ---------------------------------------------

@pytest.mark.parametrize("app_config", [NO_HOST_CHECK])
def test_password_reset_link_comes_from_public_base_url(app, make_user):
    make_user(email="victim@example.test")
    assert _forgot(client_at(app, "evil.example")).status_code == 302
    links = _links()
    assert len(links) == 1
    assert links[0].startswith(f"{BASE}/password/reset/")


@pytest.mark.parametrize("app_config", [{**NO_HOST_CHECK, "PROXY_FIX_HOPS": 1}])
def test_password_reset_link_ignores_x_forwarded_host(app, make_user):
    make_user(email="victim@example.test")
    client = client_at(app, "learn.example.org")
    response = _forgot(client, **{"X-Forwarded-Host": "evil.example"})
    assert response.status_code == 302
    links = _links()
    assert len(links) == 1
    assert links[0].startswith(f"{BASE}/password/reset/")


@pytest.mark.parametrize("app_config", [NO_HOST_CHECK])
def test_admin_invitation_link_comes_from_public_base_url(app, make_user):
    client = client_at(app, "evil.example")
    login(client, make_user("admin"))
    response = client.post("/admin/users/new", data={
        "email": "new.official@example.test", "name": "PHAM Thi Lan", "country": "VN",
        "language": "vi", "timezone": "Asia/Ho_Chi_Minh", "roles": ["learner"], "active": "y"})
    assert response.status_code == 302
    links = _links()
    assert len(links) == 1
    assert links[0].startswith(f"{BASE}/welcome/")


@pytest.mark.parametrize("app_config", [NO_HOST_CHECK])
def test_meeting_invitation_link_comes_from_public_base_url(app, make_user):
    from app.meetings import services
    from tests.meetings.conftest import meeting_data

    organiser = make_user("organiser", email="secretariat@example.test")
    make_user("learner", email="official@example.test")
    meeting = services.create_meeting(meeting_data(), organisers=[organiser], actor=organiser)
    db.session.commit()
    client = client_at(app, "evil.example")
    login(client, organiser)
    response = client.post(f"/meetings/{meeting.id}/participants",
                           data={"emails": "official@example.test", "expert": "0",
                                 "role": "participant", "notify": "y"})
    assert response.status_code == 302
    links = [link for link in _links() if "/meetings/" in link]
    assert links
    assert all(link.startswith(f"{BASE}/meetings/{meeting.id}") for link in links)


@pytest.mark.parametrize("app_config", [PUBLIC])
def test_cli_invitation_link_comes_from_public_base_url(runner, tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("email,name,native_name,country,agency,position,language,roles\n"
                      "ok@example.test,Ok Person,,TH,Ministry,Officer,th,learner\n",
                      encoding="utf-8")
    result = runner.invoke(args=["users", "import", str(roster), "--invite"])
    assert result.exit_code == 0, result.output
    links = _links()
    assert len(links) == 1
    assert links[0].startswith(f"{BASE}/")


@pytest.mark.parametrize("app_config", [NO_HOST_CHECK])
def test_calendar_feed_links_come_from_public_base_url(app, make_user):
    from app.meetings import services
    from tests.meetings.conftest import meeting_data

    organiser = make_user("organiser")
    meeting = services.create_meeting(meeting_data(), organisers=[organiser], actor=organiser)
    db.session.commit()
    feed = client_at(app, "evil.example").get("/meetings.ics")
    assert feed.status_code == 200
    body = feed.get_data(as_text=True).replace("\r\n ", "")
    assert f"{BASE}/meetings/{meeting.id}" in body
    assert "evil.example" not in body
