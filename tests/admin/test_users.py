"""Admin pages through the web: editing accounts and their rules, roles, search and filters,
the roster import, invitations and the audit log."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from app.admin import services
from app.auth.models import AuditEntry, User
from app.extensions import db
from app.mail import outbox


def _form(user: User, **changes) -> dict:
    data = {"email": user.email, "name": user.name, "native_name": user.native_name or "",
            "country": user.country, "agency": user.agency or "",
            "position": user.position or "", "language": user.language,
            "timezone": user.timezone, "roles": sorted(user.roles), "active": "y"}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _audit(action: str) -> list[AuditEntry]:
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def test_admin_changes_roles_email_and_deactivates_with_audit(client, login_as, make_user):
    admin = login_as("admin")
    user = make_user("learner", name="Nguyen Van A")
    response = client.post(f"/admin/users/{user.id}",
                           data=_form(user, email="New.Address@Example.test",
                                      roles=["learner", "trainer"], agency="MOLISA"))
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Saved." in page
    db.session.expire_all()
    user = db.session.get(User, user.id)
    assert user.email == "new.address@example.test"
    assert user.roles == {"learner", "trainer"}
    assert user.agency == "MOLISA"
    [roles] = _audit("user.roles")
    assert (roles.actor_id, roles.details) == (admin.id, "learner -> learner,trainer")
    assert _audit("user.email")[0].details == "new.address@example.test"
    # Deactivating is a separate, audited change.
    client.post(f"/admin/users/{user.id}", data=_form(user, active=None))
    db.session.expire_all()
    assert db.session.get(User, user.id).active is False
    assert len(_audit("user.deactivate")) == 1


def test_an_email_address_in_use_is_refused(client, login_as, make_user):
    login_as("admin")
    taken = make_user("learner", email="taken@example.test")
    user = make_user("learner")
    response = client.post(f"/admin/users/{user.id}", data=_form(user, email=taken.email))
    assert response.status_code == 200
    assert "An account with this e-mail address already exists." in response.get_data(
        as_text=True)
    db.session.expire_all()
    assert db.session.get(User, user.id).email != taken.email
    assert _audit("user.edit") == []


def test_admins_cannot_demote_or_deactivate_themselves(client, login_as):
    admin = login_as("admin")
    for change in ({"roles": ["learner"]}, {"active": None}):
        response = client.post(f"/admin/users/{admin.id}", data=_form(admin, **change))
        assert response.status_code == 200
        assert "You cannot remove your own admin role or deactivate yourself." in \
            response.get_data(as_text=True)
    db.session.expire_all()
    admin = db.session.get(User, admin.id)
    assert admin.roles == {"admin"}
    assert admin.active is True


def test_update_account_service_applies_the_same_rules(app, make_user):
    admin = make_user("admin")
    other = make_user("admin")
    services.update_account(other, email=other.email, roles={"learner"}, active=True,
                            profile={"name": "Demoted"}, actor=admin)
    assert other.roles == {"learner"}
    assert other.name == "Demoted"
    with pytest.raises(services.AdminError) as refused:
        services.update_account(admin, email=admin.email, roles={"learner"}, active=True,
                                profile={}, actor=admin)
    assert refused.value.field == "roles"
    assert admin.roles == {"admin"}


def test_user_search_and_filters(client, login_as, make_user):
    login_as("admin")
    make_user("trainer", name="Somchai Trainer", country="TH", agency="Ministry of Labour")
    make_user("learner", name="Kim Learner", country="KR")
    gone = make_user("learner", name="Gone Learner", country="KR")
    gone.active = False
    db.session.commit()

    def names(query: str) -> set[str]:
        page = client.get(f"/admin/users?{query}").get_data(as_text=True)
        return {n for n in ("Somchai Trainer", "Kim Learner", "Gone Learner") if n in page}

    assert names("q=labour") == {"Somchai Trainer"}
    assert names("role=trainer") == {"Somchai Trainer"}
    assert names("country=KR") == {"Kim Learner", "Gone Learner"}
    assert names("country=KR&status=inactive") == {"Gone Learner"}
    assert names("status=active&country=KR") == {"Kim Learner"}


def _upload(client, text: str):
    return client.post("/admin/users/import", data={
        "file": (io.BytesIO(text.encode("utf-8")), "roster.csv")},
        content_type="multipart/form-data")


def test_roster_import_through_the_web(client, login_as, app):
    login_as("admin")
    app.config["PUBLIC_BASE_URL"] = "https://learn.example.org"
    header = "email,name,native_name,country,agency,position,language,roles\n"
    bad = _upload(client, header + "ok@example.test,Ok,,TH,,,th,\nnot-an-email,Bad,,ZZ,,,th,\n")
    page = bad.get_data(as_text=True)
    assert bad.status_code == 200
    assert "Line 3" in page
    assert "unknown country code" in page
    assert db.session.scalar(select(func.count(User.id)).where(
        User.email == "ok@example.test")) == 0
    sent = len(outbox())
    good = _upload(client, header + "somchai@example.test,Somchai,สมชาย,TH,MOL,Officer,th,"
                   "learner\nminji@example.test,Kim Minji,김민지,KR,MOEL,Director,ko,"
                   "trainer;learner\n")
    assert good.status_code == 302
    assert "2 accounts imported" in client.get("/admin/users").get_data(as_text=True)
    minji = db.session.scalar(select(User).where(User.email == "minji@example.test"))
    assert minji.roles == {"trainer", "learner"}
    invitations = outbox()[sent:]
    assert sorted(m["To"] for m in invitations) == ["minji@example.test",
                                                    "somchai@example.test"]
    body = invitations[0].get_content()
    assert "https://learn.example.org/welcome/" in body


def test_roster_that_is_not_utf8_is_refused(client, login_as):
    login_as("admin")
    response = client.post("/admin/users/import", data={
        "file": (io.BytesIO(b"email,name\nx@example.test,Jos\xe9\n"), "roster.csv")},
        content_type="multipart/form-data")
    assert response.status_code == 200
    assert "The file is not UTF-8 text." in response.get_data(as_text=True)


def test_invitation_link_and_accepting_it(client, login_as, make_user, app):
    login_as("admin")
    user = make_user("learner")
    response = client.post(f"/admin/users/{user.id}/invite")
    assert response.status_code == 302
    body = outbox()[-1].get_content()
    link = next(word for word in body.split() if "/welcome/" in word)
    assert link.startswith("http://localhost/welcome/")  # the host the request came to
    client.post("/logout")
    page = client.get(link.removeprefix("http://localhost"))
    assert page.status_code == 200


def test_audit_log_lists_and_filters_entries(client, login_as, make_user):
    admin = login_as("admin")
    learner = make_user("learner", email="audited@example.test")
    client.post(f"/admin/users/{learner.id}", data=_form(learner, roles=["trainer"]))
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "<code>user.roles</code>" in page
    assert "audited@example.test" in page
    assert admin.email in page
    only_logins = client.get("/admin/audit?action=login").get_data(as_text=True)
    assert "<code>login.success</code>" in only_logins
    assert "<code>user.roles</code>" not in only_logins
    by_target = client.get("/admin/audit?q=audited").get_data(as_text=True)
    assert "<code>user.roles</code>" in by_target
    assert "<code>login.success</code>" not in by_target


def test_setting_the_password_from_an_invitation_signs_the_official_in(client, login_as,
                                                                        make_user):
    login_as("admin")
    user = make_user("learner", name="Invited Official")
    client.post(f"/admin/users/{user.id}/invite")
    link = next(w for w in outbox()[-1].get_content().split() if "/welcome/" in w)
    client.post("/logout")
    assert client.get("/account").status_code == 302
    response = client.post(link.removeprefix("http://localhost"), data={
        "password": "a-good-test-passphrase", "confirm": "a-good-test-passphrase"},
        follow_redirects=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Your password has been set. Welcome, Invited Official." in page
    assert client.get("/account").status_code == 200  # signed in, no second step
