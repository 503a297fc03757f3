"""#10: signing out deletes the remember-me cookie (session.clear() had wiped Flask-Login's flag,
so the cookie stayed and signed the browser in again)."""

from __future__ import annotations

from tests.conftest import TEST_PASSWORD


def test_logout_expires_the_remember_me_cookie(client, make_user):
    user = make_user(name="Aung Aung")
    response = client.post("/login", data={"email": user.email, "password": TEST_PASSWORD,
                                           "remember": "y"})
    assert response.status_code == 302
    assert client.get_cookie("remember_token") is not None

    response = client.post("/logout")
    assert response.status_code == 302
    cleared = [h for h in response.headers.getlist("Set-Cookie")
               if h.startswith("remember_token=")]
    assert cleared, "the logout response does not touch the remember-me cookie"
    assert "Expires=Thu, 01 Jan 1970" in cleared[0] or "Max-Age=0" in cleared[0]
    assert client.get_cookie("remember_token") is None

    # A new browser session (the session cookie gone) is not signed in again.
    client.delete_cookie("session")
    page = client.get("/").get_data(as_text=True)
    assert "Aung Aung" not in page
    assert client.get("/courses/my").status_code == 302
