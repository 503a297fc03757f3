"""`flask users set-password EMAIL [--password P]`."""

from __future__ import annotations

from sqlalchemy import select

from app.auth.models import AuditEntry
from app.extensions import db
from tests.conftest import login

NEW = "river-lantern-4815"


def test_set_password_with_option_then_signs_in(runner, client, make_user):
    user = make_user(email="official@example.test")
    result = runner.invoke(args=["users", "set-password", "Official@Example.test",
                                 "--password", NEW])
    assert result.exit_code == 0, result.output
    assert "Password set for official@example.test." in result.output
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "user.password_set"))
    login(client, user.email, NEW)
    assert client.get("/account").status_code == 200


def test_set_password_asks_twice_when_not_given(runner, client, make_user):
    user = make_user(email="asked@example.test")
    result = runner.invoke(args=["users", "set-password", user.email],
                           input=f"{NEW}\n{NEW}\n")
    assert result.exit_code == 0, result.output
    assert "New password:" in result.output
    assert "Repeat for confirmation:" in result.output
    assert NEW not in result.output  # hidden input
    login(client, user.email, NEW)
    assert client.get("/account").status_code == 200


def test_set_password_refuses_mismatch_weak_and_unknown(runner, client, make_user):
    user = make_user(email="kept@example.test")
    mismatch = runner.invoke(args=["users", "set-password", user.email],
                             input=f"{NEW}\nother-lantern-77\n{NEW}\n{NEW}\n")
    assert mismatch.exit_code == 0, mismatch.output
    assert "The two entered values do not match." in mismatch.output
    weak = runner.invoke(args=["users", "set-password", "kept@example.test",
                               "--password", "short"])
    assert weak.exit_code != 0
    assert "Use at least" in weak.output
    unknown = runner.invoke(args=["users", "set-password", "nobody@example.test",
                                  "--password", NEW])
    assert unknown.exit_code != 0
    assert "No account with the e-mail address nobody@example.test." in unknown.output
    client.post("/login", data={"email": user.email, "password": "short"})
    assert client.get("/account").status_code == 302  # "short" was never set
    login(client, user.email, NEW)  # the confirmed one was
