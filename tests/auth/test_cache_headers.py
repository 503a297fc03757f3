"""Pages of a signed-in user are never stored by caches; public pages are revalidated."""

from sqlalchemy import event

from app.extensions import db


def test_signed_in_pages_are_no_store_without_reloading_the_user(client, login_as):
    assert client.get("/login").headers["Cache-Control"] == "no-cache"
    login_as("learner")
    log = []

    def statement(_conn, _cursor, sql, *_args):
        log.append(sql)

    def commit(_conn):
        log.append("COMMIT")

    event.listen(db.engine, "before_cursor_execute", statement)
    event.listen(db.engine, "commit", commit)
    try:
        response = client.get("/account")
    finally:
        event.remove(db.engine, "before_cursor_execute", statement)
        event.remove(db.engine, "commit", commit)
    assert response.headers["Cache-Control"] == "no-store"
    # The headers are set after the request's commit: deciding them reloads nothing.
    assert "COMMIT" in log
    assert log[-1] == "COMMIT", log[log.index("COMMIT"):]


def test_signed_out_pages_are_no_cache(client, login_as):
    login_as("learner")
    client.post("/logout")
    assert client.get("/login").headers["Cache-Control"] == "no-cache"
