"""#1 (domain side): every link that leaves the site is built on PUBLIC_BASE_URL, never on the
Host or X-Forwarded-Host the client sent (a forged Host mailed the victim a reset link to the
attacker's site, token included)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select
from werkzeug.middleware.proxy_fix import ProxyFix

from app.extensions import db
from app.mail import outbox
from app.meetings.models import Meeting
from tests.conftest import login

EVIL = "evil.example"
BASE = "https://learn.akmn.example"


@pytest.fixture
def public_app(app):
    """PUBLIC_BASE_URL set, and the Host check of the platform (TRUSTED_HOSTS) off: these tests
    hold the domain code to never read the Host, whatever the platform lets through."""
    app.config["PUBLIC_BASE_URL"] = BASE
    app.config["TRUSTED_HOSTS"] = None
    return app


@pytest.fixture
def behind_proxy(public_app):
    """ProxyFix trusting one hop: X-Forwarded-Host becomes the request's host (the session
    cookie still travels, as it did in the penetration test)."""
    public_app.wsgi_app = ProxyFix(public_app.wsgi_app, x_for=1, x_proto=1, x_host=1)
    return {"X-Forwarded-Host": EVIL, "X-Forwarded-Proto": "http"}


def test_without_public_base_url_no_link_falls_back_on_the_request_host(public_app, client,
                                                                        make_user,
                                                                        behind_proxy):
    """The old fallback ("else the host the request came to") mailed the forged host."""
    public_app.config["PUBLIC_BASE_URL"] = None
    user = make_user(email="official@example.test")
    assert client.post("/password/forgot", data={"email": user.email},
                       headers=behind_proxy).status_code == 302
    login(client, make_user("admin"))
    assert client.post(f"/admin/users/{user.id}/invite",
                       headers=behind_proxy).status_code == 302
    reset, invitation = outbox()[-2:]
    for message in (reset, invitation):
        assert EVIL not in message.get_content()
        (link,) = _links(message)
        # the configured default (config.default_base_url), not the forged host
        assert link.startswith(("http://localhost", "http://127.0.0.1"))


def _links(message) -> list[str]:
    return re.findall(r"https?://\S+", message.get_content())


def test_password_reset_link_ignores_a_forged_host(public_app, client, make_user):
    public_app.config["WTF_CSRF_ENABLED"] = False  # no session cookie travels to evil.example
    user = make_user(email="official@example.test")
    response = client.post("/password/forgot", data={"email": user.email}, csrf=False,
                           headers={"Host": EVIL})
    assert response.status_code == 302
    (link,) = _links(outbox()[-1])
    assert link.startswith(f"{BASE}/password/reset/")
    assert EVIL not in outbox()[-1].get_content()


def test_password_reset_link_ignores_x_forwarded_host_behind_proxy_fix(behind_proxy, client,
                                                                         make_user):
    user = make_user(email="official@example.test")
    response = client.post("/password/forgot", data={"email": user.email},
                           headers=behind_proxy)
    assert response.status_code == 302
    (link,) = _links(outbox()[-1])
    assert link.startswith(f"{BASE}/password/reset/")


def test_admin_invitation_link_ignores_a_forged_host(behind_proxy, client, make_user):
    login(client, make_user("admin"))
    invited = make_user(email="new.official@example.test")
    response = client.post(f"/admin/users/{invited.id}/invite", headers=behind_proxy)
    assert response.status_code == 302
    (link,) = _links(outbox()[-1])
    assert link.startswith(f"{BASE}/")
    assert EVIL not in link


def test_meeting_invitation_and_calendar_links_ignore_a_forged_host(behind_proxy, client,
                                                                     make_user):
    organiser = make_user("organiser", email="secretariat@example.test")
    make_user("learner", email="official@example.test")
    login(client, organiser)
    assert client.post("/meetings/new", data={
        "title": "Skills recognition", "series_number": "4", "status": "confirmed",
        "visibility": "public", "mode": "hybrid", "timezone": "Asia/Seoul",
        "starts_local": "2030-09-03T09:00", "ends_local": "2030-09-04T17:00",
        "venue": "Hall A", "city": "Seoul", "country": "KR",
        "join_url": "https://meet.example.org/iem4",
        "organisers": "secretariat@example.test"}).status_code == 302
    meeting = db.session.scalars(select(Meeting)).one()
    assert client.post(f"/meetings/{meeting.id}/participants", headers=behind_proxy, data={
        "emails": "official@example.test", "expert": "0", "role": "participant",
        "notify": "y"}).status_code == 302
    invitation = outbox()[-1].get_content()
    assert f"{BASE}/meetings/{meeting.id}" in invitation
    assert EVIL not in invitation
    feed = client.get("/meetings.ics", headers=behind_proxy).get_data(as_text=True)
    assert f"{BASE}/meetings/{meeting.id}" in feed.replace("\r\n ", "")
    assert EVIL not in feed
