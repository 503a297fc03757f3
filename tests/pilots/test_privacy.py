"""Every role against every page and export, for participants' personal data.

Personal data is for organisers and admins; a participant's own account sees their own
record; everybody else sees counts and the public summary only.
"""

from __future__ import annotations

import pytest

from app.extensions import db
from app.pilots import records
from tests.conftest import login

# Personal data of the two participants: none of it may leak.
OWN = ("Own PARTICIPANTNAME", "សុខា-OWN", "OWNCITY", "OWNOCCUPATION")
OTHER = ("Other SECRETNAME", "ស្រីមុំ-OTHER", "OTHERCITY", "OTHEROCCUPATION")
ROLES = ("anonymous", "learner", "trainer", "organiser", "admin", "own")


@pytest.fixture
def world(app, make_user, make_project, make_participant):
    users = {role: make_user(role) for role in ("learner", "trainer", "organiser", "admin")}
    users["own"] = make_user("learner", email="own@example.test")
    project = make_project("Public welding pilot", public=True, actor=users["organiser"])
    own = make_participant(project, OWN[0], native_name=OWN[1], city_in_korea=OWN[2],
                           occupation=OWN[3], user_id=users["own"].id)
    other = make_participant(project, OTHER[0], native_name=OTHER[1], city_in_korea=OTHER[2],
                             occupation=OTHER[3])
    indicator = records.add_indicator(project, {"name": "People trained", "baseline": 0,
                                                "target": 10})
    records.add_value(indicator, measured_on=project.created_at.date(), value=4)
    db.session.commit()
    return {"users": users, "project": project.id, "own": own.id, "other": other.id}


def _pages(w):
    p = w["project"]
    return {
        "public list": "/pilots/public",
        "public page": f"/pilots/public/{p}",
        "record": f"/pilots/{p}",
        "organisers' list": "/pilots/",
        "portfolio": "/pilots/portfolio",
        "portfolio CSV": "/pilots/portfolio.csv",
        "portfolio CSV by country": "/pilots/portfolio.csv?by=country",
        "indicators CSV": "/pilots/indicators.csv",
        "participants CSV": f"/pilots/{p}/participants.csv",
        "own participant": f"/pilots/participants/{w['own']}",
        "other participant": f"/pilots/participants/{w['other']}",
        "my records": "/pilots/mine",
        "edit participant": f"/pilots/participants/{w['other']}/edit",
        "delete participant": f"/pilots/participants/{w['other']}/delete",
    }


LOGIN, NONE = "login", ()
# page → role → (expected status, whose personal data is shown)
EXPECT = {
    "public list": dict.fromkeys(ROLES, (200, NONE)),
    "public page": dict.fromkeys(ROLES, (200, NONE)),
    "record": {"anonymous": (302, NONE), "learner": (302, NONE), "trainer": (302, NONE),
               "own": (302, NONE), "organiser": (200, ("own", "other")),
               "admin": (200, ("own", "other"))},
    "organisers' list": "organisers-counts",
    "portfolio": "organisers-counts",
    "portfolio CSV": "organisers-counts",
    "portfolio CSV by country": "organisers-counts",
    "indicators CSV": "organisers-counts",
    "participants CSV": "organisers",
    "own participant": {"anonymous": (LOGIN, NONE), "learner": (403, NONE),
                        "trainer": (403, NONE), "own": (200, ("own",)),
                        "organiser": (200, ("own",)), "admin": (200, ("own",))},
    "other participant": "organisers-other",
    "my records": {"anonymous": (LOGIN, NONE), "learner": (200, NONE),
                   "trainer": (200, NONE), "own": (200, NONE), "organiser": (200, NONE),
                   "admin": (200, NONE)},
    "edit participant": "organisers-other",
    "delete participant": "organisers-other",
}


def _expected(page: str, role: str):
    rule = EXPECT[page]
    if isinstance(rule, dict):
        return rule[role]
    if role == "anonymous":
        return LOGIN, NONE
    if role not in ("organiser", "admin"):
        return 403, NONE
    return 200, {"organisers": ("own", "other"), "organisers-counts": NONE,
                 "organisers-other": ("other",)}[rule]


@pytest.mark.parametrize("role", ROLES)
def test_participant_data_by_role(client, world, role):
    if role != "anonymous":
        login(client, world["users"][role])
    people = {"own": OWN, "other": OTHER}
    failures = []
    for page, url in _pages(world).items():
        response = client.get(url)
        status = response.status_code
        if status == 302 and "/login" in response.headers["Location"]:
            status = LOGIN
        want_status, shown = _expected(page, role)
        if status != want_status:
            failures.append(f"{page}: status {status}, expected {want_status}")
            continue
        body = response.get_data(as_text=True)
        for who, values in people.items():
            if who in shown:  # the person's record is shown: at least their name
                if values[0] not in body:
                    failures.append(f"{page}: {values[0]!r} missing")
                continue
            failures.extend(f"{page}: {value!r} shown" for value in values if value in body)
    assert not failures, f"as {role}:\n" + "\n".join(failures)


def test_public_page_shows_counts_not_people(client, world):
    body = client.get(f"/pilots/public/{world['project']}").get_data(as_text=True)
    assert "2 participants" in body
    assert "Your participant record" not in body


def test_own_account_finds_its_record(client, world):
    login(client, world["users"]["own"])
    body = client.get(f"/pilots/public/{world['project']}").get_data(as_text=True)
    assert "Your participant record" in body
    assert f"/pilots/participants/{world['own']}" in body
    mine = client.get("/pilots/mine").get_data(as_text=True)
    assert "Public welding pilot" in mine
    record = client.get(f"/pilots/participants/{world['own']}").get_data(as_text=True)
    assert "This is your own record" in record
    assert "Edit" not in record
    assert "Delete on request" not in record


def test_pages_carry_no_inline_styles_or_scripts(client, world):
    login(client, world["users"]["organiser"])
    for url in _pages(world).values():
        response = client.get(url)
        assert response.status_code == 200, url  # the page itself, not an error page
        body = response.get_data(as_text=True)
        if response.mimetype == "text/html":
            assert body.rstrip().endswith("</html>"), url
        else:
            assert len(body.splitlines()) >= 2, url  # a CSV with a header and rows
        assert "style=" not in body, url
        assert "<script>" not in body, url
