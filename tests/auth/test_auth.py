from __future__ import annotations

import re

from sqlalchemy import select

from app.auth.models import AuditEntry, UserSession
from app.extensions import db
from app.mail import outbox
from tests.conftest import TEST_PASSWORD, login


def test_login_page_and_wrong_password_message(client, make_user):
    user = make_user()
    page = client.get("/login")
    assert page.status_code == 200
    assert "Sign in" in page.get_data(as_text=True)
    response = client.post("/login", data={"email": user.email, "password": "wrong-password"})
    assert response.status_code == 200
    assert "The e-mail address or the password is not correct." in response.get_data(as_text=True)
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "login.failed"))


def test_login_then_logout_ends_the_session_on_the_server(client, make_user):
    user = make_user()
    login(client, user)
    assert client.get("/account").status_code == 200
    stolen_cookie = client.get_cookie("session").value
    client.post("/logout")
    assert client.get("/account").status_code == 302
    # Replaying the cookie captured before logout does not bring the session back.
    client.set_cookie("session", stolen_cookie)
    response = client.get("/account")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
    assert db.session.scalars(select(UserSession)).one().revoked_at is not None


def test_post_without_csrf_token_is_refused(client, make_user):
    user = make_user()
    response = client.post("/login", data={"email": user.email, "password": TEST_PASSWORD},
                           csrf=False)
    assert response.status_code == 400
    assert "security token" in response.get_data(as_text=True)


def test_eleventh_wrong_password_in_a_minute_is_refused(client, make_user):
    user = make_user()
    for _ in range(10):
        assert client.post("/login", data={"email": user.email, "password": "nope-nope"}
                           ).status_code == 200
    response = client.post("/login", data={"email": user.email, "password": "nope-nope"})
    assert response.status_code == 429
    assert "Too many attempts" in response.get_data(as_text=True)


def test_account_wide_ceiling_holds_across_addresses(app, make_user):
    """Per account and address first (an attacker cannot lock the owner out from elsewhere),
    then an account-wide ceiling across addresses (LOGIN_CEILING; 10 here)."""
    from tests.conftest import BrowserClient

    user = make_user()
    app.config["LOGIN_CEILING"] = 10
    app.test_client_class = BrowserClient
    for i in range(10):
        c = app.test_client()
        c.environ_base["REMOTE_ADDR"] = f"10.0.0.{i + 1}"
        assert c.post("/login", data={"email": user.email, "password": "nope-nope"}
                      ).status_code == 200
    c = app.test_client()
    c.environ_base["REMOTE_ADDR"] = "10.0.1.1"
    assert c.post("/login", data={"email": user.email, "password": "x-wrong-1"}
                  ).status_code == 429


def test_security_headers_and_no_inline_script(client):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    for part in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'",
                 "script-src 'self'"):
        assert part in csp
    assert "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    html = response.get_data(as_text=True)
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    cookie = response.headers.get("Set-Cookie", "")
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_hsts_only_over_https(client):
    assert "Strict-Transport-Security" not in client.get("/").headers
    secure = client.get("/", base_url="https://localhost")
    assert "max-age" in secure.headers["Strict-Transport-Security"]


def test_learner_gets_403_on_admin_and_anonymous_goes_to_login(client, login_as):
    response = client.get("/admin/users")
    assert response.status_code == 302
    assert "/login?next=" in response.headers["Location"]
    login_as("learner")
    assert client.get("/admin/users").status_code == 403


def test_navigation_by_role(client, make_user):
    admin = make_user("admin")
    login(client, admin)
    assert "Administration" in client.get("/").get_data(as_text=True)
    client.post("/logout")
    login(client, make_user("learner"))
    assert "Administration" not in client.get("/").get_data(as_text=True)


def test_password_reset_flow_is_single_use(client, make_user):
    user = make_user()
    response = client.post("/password/forgot", data={"email": user.email})
    assert response.status_code == 302
    message = outbox()[-1]
    link = re.search(r"http://localhost(/password/reset/\S+)", message.get_content()).group(1)
    page = client.post(link, data={"password": "short", "confirm": "short"})
    assert "at least 8 characters" in page.get_data(as_text=True)
    page = client.post(link, data={"password": "password123", "confirm": "password123"})
    assert "too common" in page.get_data(as_text=True)
    done = client.post(link, data={"password": "migration-is-development",
                                   "confirm": "migration-is-development"})
    assert done.status_code == 302
    login(client, user.email, "migration-is-development")
    # The link works once.
    client.post("/logout")
    again = client.get(link)
    assert again.status_code == 302


def test_unknown_email_reset_gives_same_answer(client):
    response = client.post("/password/forgot", data={"email": "nobody@example.test"},
                           follow_redirects=True)
    assert "If an account exists" in response.get_data(as_text=True)
    assert outbox() == []


def test_change_password_ends_other_sessions(app, make_user):
    from tests.conftest import BrowserClient

    app.test_client_class = BrowserClient
    user = make_user()
    laptop, phone = app.test_client(), app.test_client()
    login(laptop, user)
    login(phone, user)
    response = laptop.post("/account/password", data={
        "current": TEST_PASSWORD, "password": "a-new-long-passphrase",
        "confirm": "a-new-long-passphrase"})
    assert response.status_code == 302
    assert laptop.get("/account").status_code == 200
    assert phone.get("/account").status_code == 302


def test_profile_edit_shows_errors_beside_fields(client, login_as):
    login_as("learner")
    response = client.post("/account", data={"name": "", "country": "KH", "language": "km",
                                             "timezone": "Mars/Olympus"})
    html = response.get_data(as_text=True)
    assert 'id="name-error"' in html
    assert "Choose a time zone from the list." in html
    response = client.post("/account", data={"name": "Sokha", "native_name": "សុខា",
                                             "country": "KH", "language": "en",
                                             "timezone": "Asia/Phnom_Penh"})
    assert response.status_code == 302
    assert "សុខា" in client.get("/account").get_data(as_text=True)


def test_admin_creates_user_and_changes_roles(client, login_as):
    admin = login_as("admin")
    response = client.post("/admin/users/new", data={
        "email": "New.Official@Example.test", "name": "PHAM Thi Lan", "native_name": "Phạm Thị Lan",
        "country": "VN", "agency": "MOLISA", "position": "Officer", "language": "vi",
        "timezone": "Asia/Ho_Chi_Minh", "roles": ["learner", "trainer"], "active": "y"})
    assert response.status_code == 302
    listing = client.get("/admin/users?q=pham").get_data(as_text=True)
    assert "PHAM Thi Lan" in listing
    assert "new.official@example.test" in listing
    assert outbox()[-1]["To"] == "new.official@example.test"
    entry = db.session.scalar(select(AuditEntry).where(
        AuditEntry.action == "user.create", AuditEntry.target == "new.official@example.test"))
    assert entry.actor_id == admin.id
    audit = client.get("/admin/audit").get_data(as_text=True)
    assert "user.create" in audit


def test_users_import_cli_reports_every_bad_line_and_imports_nothing(runner, tmp_path):
    from app.auth.models import User

    bad = tmp_path / "roster.csv"
    bad.write_text(
        "email,name,native_name,country,agency,position,language,roles\n"
        "ok@example.test,Ok Person,,TH,Ministry,Officer,th,learner\n"
        "not-an-email,Bad Person,,TH,,,th,\n"
        "dup@example.test,A,,ZZ,,,en,\n"
        "dup@example.test,B,,KR,,,en,wizard\n",
        encoding="utf-8",
    )
    result = runner.invoke(args=["users", "import", str(bad)])
    assert result.exit_code != 0
    assert f"{bad}:3: invalid e-mail address" in result.output
    assert f"{bad}:4: unknown country code 'ZZ'" in result.output
    assert f"{bad}:5: " in result.output
    assert "duplicate of line 4" in result.output
    assert "unknown roles: wizard" in result.output
    assert db.session.scalar(select(User).where(User.email == "ok@example.test")) is None

    good = tmp_path / "good.csv"
    good.write_text(
        "email,name,native_name,country,agency,position,language,roles\n"
        "somchai@example.test,Somchai,สมชาย,TH,Ministry of Labour,Officer,th,learner\n"
        "minji@example.test,Kim Minji,김민지,KR,MOEL,Director,ko,trainer;learner\n",
        encoding="utf-8",
    )
    result = runner.invoke(args=["users", "import", str(good)])
    assert result.exit_code == 0, result.output
    assert "Imported 2 user(s)." in result.output
    minji = db.session.scalar(select(User).where(User.email == "minji@example.test"))
    assert minji.native_name == "김민지"
    assert minji.roles == {"trainer", "learner"}


def test_demo_load_is_idempotent_and_accounts_sign_in(runner, client):
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    for role in ("learner", "trainer", "organiser", "admin"):
        c = client
        login(c, f"{role}@demo.test", "akmn-demo")
        c.post("/logout")


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json()["status"] == "ok"
    assert response.get_json()["database"] == "ok"


def test_secret_key_required_in_production(monkeypatch):
    import pytest

    from config import load_config

    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("AKMN_INSTANCE_PATH", "/nonexistent-akmn")
    import config

    monkeypatch.setattr(config, "INSTANCE_DIR", config.Path("/nonexistent-akmn"))
    with pytest.raises(RuntimeError, match="SECRET_KEY is not set"):
        load_config({"ENVIRONMENT": "production"})


def test_invitation_and_reset_links_start_with_the_public_base_url(app, runner, client,
                                                                   tmp_path, make_user):
    """Links that leave the site come from configuration, from the CLI and the web alike."""
    app.config["PUBLIC_BASE_URL"] = "https://learn.example.org/"
    roster = tmp_path / "roster.csv"
    roster.write_text("email,name\ninvited@example.test,Invited Person\n", encoding="utf-8")
    result = runner.invoke(args=["users", "import", "--invite", str(roster)])
    assert result.exit_code == 0, result.output
    invitation = outbox()[-1]
    assert invitation["To"] == "invited@example.test"
    assert "https://learn.example.org/welcome/" in invitation.get_content()

    user = make_user("learner")
    client.post("/password/forgot", data={"email": user.email})
    reset = outbox()[-1]
    assert reset["To"] == user.email
    link = next(w for w in reset.get_content().split() if "/password/reset/" in w)
    assert link.startswith("https://learn.example.org/password/reset/")
    assert client.get(link.removeprefix("https://learn.example.org")).status_code == 200
