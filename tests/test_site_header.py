"""The site header of a signed-in user is cached (app/web.py cached_site_header): what each
user sees must still be their own and current — name, unread count, the current entry, the
entries of their roles, the language — and the sign-out form's token must be their own."""

from __future__ import annotations

import re

from app.extensions import db
from app.notifications import services as notifications
from tests.conftest import BrowserClient, login

HEADER_RE = re.compile(r'<header class="site-header">.*?</header>', re.S)
TOKEN_RE = re.compile(r'action="/logout"[^>]*>\s*<input type="hidden" name="csrf_token" '
                      r'value="([^"]+)"')


def browser(app, user):
    app.test_client_class = BrowserClient
    client = app.test_client()
    login(client, user)
    return client


def header(client, path="/courses/") -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    found = HEADER_RE.search(response.get_data(as_text=True))
    assert found, f"no site header on {path}"
    return found.group(0)


def test_each_user_sees_their_own_name_and_entries(app, make_user):
    ana = make_user("learner", name="Ana Santos")
    lan = make_user("learner", name="Bui Thi Lan")
    kim = make_user("trainer", name="김민준")
    first, other, second = browser(app, ana), browser(app, lan), browser(app, kim)
    for _ in range(2):  # the second view comes from the cache
        mine, same_role, theirs = header(first), header(other), header(second)
        assert "Ana Santos" in mine
        assert "Bui Thi Lan" not in mine
        assert "김민준" not in mine
        assert "Bui Thi Lan" in same_role
        assert "Ana Santos" not in same_role
        assert "김민준" in theirs
        assert "Ana Santos" not in theirs
        assert "Authoring" in theirs
        assert "Authoring" not in mine


def test_the_unread_count_and_a_new_name_show_at_once(app, make_user):
    user = make_user("learner", name="Ana Santos")
    client = browser(app, user)
    assert "unread notification" not in header(client)
    notifications.notify([user], "announcement", subject="test:1", event="posted",
                         data={"title": "Room change", "workshop": "Border Management"},
                         url="/workshops/")
    db.session.commit()
    assert "1 unread notification" in header(client)
    assert client.post("/notifications/read-all").status_code == 302
    assert "unread notification" not in header(client)

    user.name = "Ana Santos Reyes"  # as the profile page or an administrator saves it
    db.session.commit()
    assert "Ana Santos Reyes" in header(client)


def test_the_current_entry_follows_the_page_and_the_language(app, make_user):
    client = browser(app, make_user("learner"))
    for _ in range(2):
        assert re.search(r'aria-current="page">Courses<', header(client, "/courses/"))
        experts = header(client, "/experts/")
        assert re.search(r'aria-current="page">Experts<', experts)
        assert not re.search(r'aria-current="page">Courses<', experts)
    client.post("/language", data={"lang": "ko"})
    korean = header(client)
    assert "로그아웃" in korean
    assert "Sign out" not in korean


def test_the_sign_out_token_is_the_viewers_own_and_works(app, make_user):
    ana, ben = make_user("learner"), make_user("learner")
    first, second = browser(app, ana), browser(app, ben)
    header(first), header(second)  # warm the cache for both
    token_first = TOKEN_RE.search(header(first)).group(1)
    token_second = TOKEN_RE.search(header(second)).group(1)
    assert "@@" not in token_first
    assert token_first != token_second
    # Another session's token is refused; the viewer's own signs out.
    refused = second.post("/logout", data={"csrf_token": token_first}, csrf=False)
    assert refused.status_code == 400
    done = second.post("/logout", data={"csrf_token": token_second}, csrf=False)
    assert done.status_code == 302
    assert "Sign in" in header(second)
