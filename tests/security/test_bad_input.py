"""Finding 5 (the generic part): bad input and a lost database get a clear 4xx/503 page,
never a 500 — CR/LF in `next` on /language, a foreign Host, a dropped database connection
while the error page itself needs the database."""

from __future__ import annotations

import contextlib

import pytest
from sqlalchemy import event, select
from sqlalchemy.exc import IntegrityError

from app.auth.models import User
from app.extensions import db
from tests.conftest import login


@pytest.mark.parametrize("target", ["/\r\nSet-Cookie: evil=1", "/courses\n", "/x\x00y"])
def test_control_characters_in_next_on_language_are_refused(client, target):
    response = client.post("/language", data={"lang": "ko", "next": target})
    assert response.status_code == 400
    assert "evil" not in response.headers.get("Set-Cookie", "")
    assert "Bad request" in response.get_data(as_text=True)


def test_language_still_redirects_to_a_plain_next(client):
    response = client.post("/language", data={"lang": "ko", "next": "/courses?page=2"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/courses?page=2"


def test_safe_redirect_target_drops_control_characters():
    from app.web import safe_redirect_target

    assert safe_redirect_target("/a\r\nb") is None
    assert safe_redirect_target("/a?b=c") == "/a?b=c"


@pytest.mark.parametrize("app_config", [{"PUBLIC_BASE_URL": "https://learn.example.org"}])
def test_the_foreign_host_page_is_a_clear_400(client):
    response = client.get("/courses", headers={"Host": "evil.example"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Bad request" in page
    assert "not served at the address" in page


class DatabaseDown:
    """Every statement fails as on a connection the server dropped."""

    def __init__(self):
        self.on = False

    def __call__(self, conn, cursor, statement, parameters, context, executemany):
        if self.on:
            dbapi = conn.dialect.loaded_dbapi
            raise dbapi.OperationalError("server closed the connection unexpectedly")


@pytest.fixture
def database_down(app):
    fault = DatabaseDown()
    event.listen(db.engine, "before_cursor_execute", fault)
    yield fault
    fault.on = False
    event.remove(db.engine, "before_cursor_execute", fault)


def _looks_unavailable(response):
    assert response.status_code == 503
    page = response.get_data(as_text=True)
    assert "Temporarily unavailable" in page
    assert "The database cannot be reached" in page
    assert response.headers["Retry-After"] == "30"


def test_a_page_while_the_database_is_down_is_a_clear_503(client, make_user, database_down):
    user = make_user()
    login(client, user)
    database_down.on = True
    _looks_unavailable(client.get("/courses/"))


def test_the_error_page_itself_after_a_dropped_connection(app, client, make_user,
                                                          database_down):
    """A bug's 500 page shows the signed-in user's name: it must not need the database."""

    def broken():
        database_down.on = True
        raise RuntimeError("a bug")

    app.add_url_rule("/_test/broken", "test_broken", broken)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    login(client, make_user())
    _looks_unavailable(client.get("/_test/broken"))


def test_pending_rollback_is_a_clear_503(app, client, make_user):
    make_user(email="taken@example.test")

    def half_failed():
        db.session.add(User(email="taken@example.test", name="Twice", password_hash="x"))
        with contextlib.suppress(IntegrityError):  # the mistake: no rollback
            db.session.flush()
        return str(db.session.scalar(select(User.id).limit(1)))

    app.add_url_rule("/_test/half-failed", "test_half_failed", half_failed)
    _looks_unavailable(client.get("/_test/half-failed"))
    # The session was rolled back: the next request works.
    assert client.get("/").status_code == 200
