"""The gradebook on a phone (issue 23/16): 50 learners a page, the filters kept in the page
links, the count and the completions of everyone the filters keep on every page, the
downloads with everyone."""

from __future__ import annotations

import csv
import io
import re
from html import unescape

import openpyxl
import pytest

from app.auth.models import User
from app.extensions import db
from app.workshops.models import Enrolment
from tests.conftest import login
from tests.workshops.factories import complete_lesson, items, make_course, make_workshop

ROW = re.compile(r'<th scope="row">(Official \d{3})')


def _names(page: str) -> list[str]:
    return ROW.findall(page)


def _link(page: str, rel: str) -> str:
    found = re.search(rf'<a href="([^"]+)" rel="{rel}">', page)
    assert found, f"no {rel} link"
    return unescape(found.group(1))


@pytest.fixture
def cohort(make_user):
    """60 officials (Official 000…059): 55 from Thailand, the last 5 from Viet Nam; those
    of the second page (050…059) have done every lesson, the rule."""
    organiser = make_user("organiser")
    course = make_course(lessons=2, quizzes=1)
    workshop = make_workshop(organiser, courses=[course], require_quizzes=False)
    users = [User(email=f"official{i}@gov.example", name=f"Official {i:03d}",
                  country="TH" if i < 55 else "VN", agency="Labour") for i in range(60)]
    db.session.add_all(users)
    db.session.flush()
    db.session.add_all(Enrolment(workshop_id=workshop.id, user_id=u.id, status="approved")
                       for u in users)
    for user in users[50:]:
        for lesson in items(course, "lesson"):
            complete_lesson(user, lesson)
    db.session.commit()
    return workshop, organiser


def test_page_two_shows_learner_51_on_and_the_summary_counts_everyone(client, cohort):
    workshop, organiser = cohort
    login(client, organiser)
    url = f"/gradebook/workshops/{workshop.id}"
    first = client.get(url).get_data(as_text=True)
    assert _names(first) == [f"Official {i:03d}" for i in range(50)]
    assert "60 learners" in first
    assert "10 of 60 completed" in first  # the completions are all on page 2
    assert "Page 1 of 2" in first
    assert 'rel="prev"' not in first

    second = client.get(_link(first, "next")).get_data(as_text=True)
    assert _names(second) == [f"Official {i:03d}" for i in range(50, 60)]
    assert second.count('<span class="badge ok">Completed</span>') == 10
    assert "60 learners" in second
    assert "10 of 60 completed" in second
    assert "Page 2 of 2" in second
    assert 'rel="next"' not in second
    assert _names(client.get(_link(second, "prev")).get_data(as_text=True))[0] == "Official 000"
    # a page out of range or not a number: the nearest page, never an error
    assert _names(client.get(f"{url}?page=99").get_data(as_text=True))[0] == "Official 050"
    assert _names(client.get(f"{url}?page=x").get_data(as_text=True))[0] == "Official 000"


def test_the_page_links_keep_the_filters(client, cohort):
    workshop, organiser = cohort
    login(client, organiser)
    first = client.get(f"/gradebook/workshops/{workshop.id}?country=TH&agency=Labour"
                       ).get_data(as_text=True)
    assert "55 learners" in first
    assert "5 of 55 completed" in first
    assert "Page 1 of 2" in first
    following = _link(first, "next")
    assert "country=TH" in following
    assert "agency=Labour" in following
    assert "page=2" in following

    second = client.get(following).get_data(as_text=True)
    # Thailand's last five, none of Viet Nam's
    assert _names(second) == [f"Official {i:03d}" for i in range(50, 55)]
    assert '<option value="TH" selected>' in second
    assert '<option value="Labour" selected>' in second
    assert "55 learners" in second
    assert "country=TH" in _link(second, "prev")
    # the downloads offered on page 2 are of the filter, not of the page
    assert (f'href="/gradebook/workshops/{workshop.id}/gradebook.csv?country=TH&amp;'
            'agency=Labour"') in second

    # one page of learners: no page links at all
    viet_nam = client.get(f"/gradebook/workshops/{workshop.id}?country=VN").get_data(
        as_text=True)
    assert _names(viet_nam) == [f"Official {i:03d}" for i in range(55, 60)]
    assert "5 of 5 completed" in viet_nam
    assert 'class="pagination"' not in viet_nam


def test_the_downloads_have_every_learner_whatever_the_page(client, cohort):
    workshop, organiser = cohort
    login(client, organiser)
    text = client.get(f"/gradebook/workshops/{workshop.id}/gradebook.csv?page=2"
                      ).data.decode("utf-8")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][0] == "Name"
    assert [r[0] for r in rows[1:]] == [f"Official {i:03d}" for i in range(60)]
    assert sum(r[-2] == "Completed" for r in rows[1:]) == 10

    thai = client.get(f"/gradebook/workshops/{workshop.id}/gradebook.csv?country=TH"
                      ).data.decode("utf-8")
    assert len(list(csv.reader(io.StringIO(thai.lstrip("\ufeff"))))) == 1 + 55

    response = client.get(f"/gradebook/workshops/{workshop.id}/gradebook.xlsx?page=2")
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    names = [r[0] for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == [f"Official {i:03d}" for i in range(60)]
