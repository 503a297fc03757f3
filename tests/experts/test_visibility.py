"""Contact details never reach someone below their visibility level: profile page, CSV
export, vCard — for every level and every role. Consent decides who sees a profile."""

from __future__ import annotations

import csv
import io

import pytest
from flask_login import AnonymousUserMixin

from app.experts import permissions
from app.extensions import db
from tests.conftest import BrowserClient, login

ROLES = ("anonymous", "learner", "trainer", "organiser", "admin")
RANK = {"anonymous": 0, "learner": 1, "trainer": 1, "organiser": 2, "admin": 2}
LEVEL_RANK = {"public": 0, "members": 1, "organisers": 2}


def _client(app, user=None):
    app.test_client_class = BrowserClient
    client = app.test_client()
    if user is not None:
        login(client, user)
    return client


@pytest.fixture
def clients(app, make_user):
    users = {role: make_user(role) for role in ROLES if role != "anonymous"}
    return {role: _client(app, users.get(role)) for role in ROLES}


def _csv(response) -> list[dict]:
    text = response.get_data(as_text=True).lstrip("\ufeff")
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize("level", ["public", "members", "organisers"])
def test_contact_details_follow_their_level(app, clients, make_expert, level):
    expert = make_expert("VISIBLE Person", email=f"{level}@expert.test",
                         email_visibility=level, phone="+66 2 000 1111",
                         phone_visibility=level)
    for role, client in clients.items():
        allowed = RANK[role] >= LEVEL_RANK[level]
        page = client.get(f"/experts/{expert.id}").get_data(as_text=True)
        assert (f"{level}@expert.test" in page) is allowed, (role, "page")
        assert ("+66 2 000 1111" in page) is allowed, (role, "page phone")

        export = client.get("/experts/export.csv")
        vcard = client.get(f"/experts/{expert.id}.vcf")
        if role == "anonymous":
            assert export.status_code == 302
            assert "/login" in export.headers["Location"]
            assert vcard.status_code == 302
            continue
        rows = _csv(export)
        assert [r["name"] for r in rows] == ["VISIBLE Person"]
        assert (rows[0]["email"] == f"{level}@expert.test") is allowed, (role, "csv")
        assert (rows[0]["phone"] == "'+66 2 000 1111") is allowed, (role, "csv phone")
        if not allowed:
            assert rows[0]["email"] == ""
            assert rows[0]["phone"] == ""
        text = vcard.get_data(as_text=True)
        assert vcard.status_code == 200
        assert vcard.mimetype == "text/vcard"
        assert ("EMAIL;TYPE=INTERNET,WORK:" + f"{level}@expert.test" in text) is allowed, role
        assert ("TEL;TYPE=WORK,VOICE:+66 2 000 1111" in text) is allowed, (role, "vcard")
        if not allowed:
            assert "@expert.test" not in text
            assert "000 1111" not in text


def test_mixed_levels_on_one_profile(app, clients, make_expert):
    expert = make_expert("MIXED Person", email="mixed@expert.test", email_visibility="public",
                         phone="+84 24 999 888", phone_visibility="organisers")
    anonymous = clients["anonymous"].get(f"/experts/{expert.id}").get_data(as_text=True)
    assert "mixed@expert.test" in anonymous
    assert "999 888" not in anonymous
    assert "Further contact details are kept by the secretariat." in anonymous
    learner = clients["learner"].get(f"/experts/{expert.id}.vcf").get_data(as_text=True)
    assert "mixed@expert.test" in learner
    assert "999 888" not in learner


def test_anonymous_is_invited_to_sign_in_for_members_details(app, clients, make_expert):
    expert = make_expert("MEMBER Contact", email="m@expert.test", email_visibility="members")
    page = clients["anonymous"].get(f"/experts/{expert.id}").get_data(as_text=True)
    assert "m@expert.test" not in page
    assert "to see more contact details" in page


def test_the_expert_sees_their_own_contact_details(app, make_user, make_expert):
    user = make_user("learner")
    expert = make_expert("SELF Person", email="self@expert.test",
                         email_visibility="organisers", account_email=user.email)
    client = _client(app, user)
    assert "self@expert.test" in client.get(f"/experts/{expert.id}").get_data(as_text=True)
    assert "self@expert.test" in client.get(f"/experts/{expert.id}.vcf").get_data(
        as_text=True)


def test_without_consent_only_organisers_and_the_expert_see_the_profile(
        app, clients, make_user, make_expert):
    owner = make_user("learner")
    expert = make_expert("UNLISTED Person", consent_date=None, email="u@expert.test",
                         email_visibility="public", account_email=owner.email)
    for role, client in clients.items():
        expected = 200 if RANK[role] == 2 else 404
        assert client.get(f"/experts/{expert.id}").status_code == expected, role
        if role != "anonymous":
            names = [r["name"] for r in _csv(client.get("/experts/export.csv"))]
            assert ("UNLISTED Person" in names) is (expected == 200), role
    own = _client(app, owner).get(f"/experts/{expert.id}")
    assert own.status_code == 200
    assert "not listed in the directory yet" in own.get_data(as_text=True)


def test_archived_profile_is_hidden_but_kept_for_organisers(app, clients, make_expert):
    expert = make_expert("GONE Person")
    clients["organiser"].post(f"/experts/{expert.id}/archive")
    db.session.expire_all()
    assert clients["learner"].get(f"/experts/{expert.id}").status_code == 404
    assert clients["anonymous"].get(f"/experts/{expert.id}/photo").status_code == 404
    page = clients["organiser"].get(f"/experts/{expert.id}").get_data(as_text=True)
    assert "This record is archived" in page
    clients["organiser"].post(f"/experts/{expert.id}/restore")
    assert clients["learner"].get(f"/experts/{expert.id}").status_code == 200


def test_predicates(app, make_user, make_expert):
    learner, organiser = make_user("learner"), make_user("organiser")
    expert = make_expert("PRED Person", email_visibility="members")
    anonymous = AnonymousUserMixin()
    assert permissions.viewer_level(anonymous) == "public"
    assert permissions.viewer_level(learner) == "members"
    assert permissions.viewer_level(organiser) == "organisers"
    assert not permissions.can_see_contact(anonymous, expert, "members")
    assert permissions.can_see_contact(learner, expert, "members")
    assert not permissions.can_see_contact(learner, expert, "organisers")
    assert not permissions.can_see_contact(learner, expert, "bogus")  # unknown: strictest
    assert permissions.can_see_contact(organiser, expert, "organisers")
    assert not permissions.can_edit_expert(learner, expert)
    assert permissions.can_edit_expert(organiser, expert)
    assert not permissions.can_download_vcard(anonymous, expert)
