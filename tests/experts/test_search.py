"""The directory: search in any script, filters, sorting, paging, constant query count."""

from __future__ import annotations

import random
from datetime import date

import pytest
import sqlalchemy as sa

from app.experts import services
from app.experts.models import Expert, ExpertiseArea, ExpertLanguage, expert_areas
from app.extensions import db
from tests.conftest import login
from tests.experts.conftest import count_queries

THAI = ["สม", "ศักดิ์", "ชาย", "ประ", "เสริฐ", "ทอง", "สุข", "วงศ์", "ศรี", "พงษ์", "กุล", "รัตน์"]
HANGUL = ["김", "이", "박", "최", "정", "민", "서", "준", "지", "현", "우", "영", "수", "연"]
LATIN = ["Nguyen", "Tran", "Santos", "Reyes", "Rahman", "Sok", "Chan", "Lim", "Tan", "Wong",
         "Aung", "Soe", "Phan", "Le", "Cruz", "Garcia", "Lopez", "Hassan", "Ismail", "Kim"]
COUNTRIES = ["TH", "KR", "VN", "KH", "LA", "MM", "PH", "ID", "MY", "SG", "BN", "TL"]


def generate(n: int, seed: int = 7) -> None:
    """n experts inserted in bulk (the search triggers run for each row)."""
    rng = random.Random(seed)
    area_ids = list(db.session.scalars(sa.select(ExpertiseArea.id)))
    rows = []
    for i in range(n):
        country = COUNTRIES[i % len(COUNTRIES)]
        if country == "TH":
            native = "".join(rng.sample(THAI, 2)) + " " + "".join(rng.sample(THAI, 3))
        elif country == "KR":
            native = "".join(rng.sample(HANGUL, 3))
        else:
            native = ""
        rows.append({
            "name": f"{rng.choice(LATIN).upper()} {rng.choice(LATIN)} {i}",
            "native_name": native, "honorific": "", "position": "Researcher",
            "organisation": f"Institute {i % 97}", "organisation_type": "academia",
            "country": country, "bio": "", "email": "", "email_visibility": "organisers",
            "phone": "", "phone_visibility": "organisers",
            "consent_date": date(2024, 1, 1) if i % 10 else None, "archived": False,
            "created_at": date(2024, 1, 1), "updated_at": date(2024, 1, 1), "is_demo": False,
            "keywords": rng.choice(["fair recruitment", "remittance costs", "diaspora bonds",
                                    "skills recognition", "EPS"]),
        })
    db.session.execute(sa.insert(Expert), rows)
    ids = list(db.session.scalars(sa.select(Expert.id)))
    db.session.execute(sa.insert(expert_areas), [
        {"expert_id": eid, "area_id": rng.choice(area_ids)} for eid in ids])
    db.session.execute(sa.insert(ExpertLanguage), [
        {"expert_id": eid, "language": lang, "position": p}
        for eid in ids for p, lang in enumerate(rng.sample(["en", "ko", "th", "vi"], 2))])
    db.session.commit()


def _names(response) -> str:
    return response.get_data(as_text=True)


@pytest.mark.slow
def test_five_thousand_experts_constant_queries_and_native_script_search(
        app, client, make_expert, make_user):
    generate(5000)
    thai = make_expert("THONGPRASERT Somsak", native_name="สมศักดิ์ ทองประเสริฐ",
                       keywords=["skills recognition"])
    korean = make_expert("PARK Seojun", native_name="박서준", country="KR")

    counts = {}
    for label, url in [("plain", "/experts/"), ("page 3", "/experts/?page=3"),
                       ("thai", "/experts/?q=ทองประ"), ("korean", "/experts/?q=박서준"),
                       ("short", "/experts/?q=서준"),
                       ("filters", "/experts/?q=recruit&country=VN&language=ko"
                                   "&area=remittances&organisation_type=academia"),
                       ("sorted", "/experts/?sort=country&page=2")]:
        with count_queries() as counter:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[label] = counter.count
        if label == "thai":
            assert "THONGPRASERT Somsak" in _names(response)
            assert "สมศักดิ์ ทองประเสริฐ" in _names(response)
        if label in ("korean", "short"):
            assert "PARK Seojun" in _names(response)
    assert len(set(counts.values())) == 1, counts
    assert counts["plain"] <= 7, counts

    # Signed in: a few more queries (session, account), still the same on every page.
    login(client, make_user("learner"))
    with count_queries() as first:
        client.get("/experts/")
    with count_queries() as other:
        client.get("/experts/?q=ประเสริฐ&page=1")
    assert first.count == other.count <= 11
    assert thai.id
    assert korean.id


def test_search_by_part_of_a_name_in_any_script(app, make_expert):
    make_expert("THONGPRASERT Somsak", native_name="สมศักดิ์ ทองประเสริฐ")
    make_expert("KIM Minji", native_name="김민지", country="KR")
    make_expert("SOK Dara", native_name="សុខ ដារ៉ា", country="KH")
    make_expert("NGUYEN Thi Lan", native_name="Nguyễn Thị Lan", country="VN",
                organisation="Institute of Labour Science")

    def found(q):
        filters = services.DirectoryFilters(q=q)
        return [e.name for e in services.search_experts(filters, None).items]

    assert found("ประเสริฐ") == ["THONGPRASERT Somsak"]
    assert found("ทองป") == ["THONGPRASERT Somsak"]
    assert found("민지") == ["KIM Minji"]  # two characters: LIKE
    assert found("김민지") == ["KIM Minji"]
    assert found("ដារ៉ា") == ["SOK Dara"]
    assert found("Nguyễn") == ["NGUYEN Thi Lan"]
    assert found("thongpra") == ["THONGPRASERT Somsak"]  # case-insensitive
    assert found("labour science") == ["NGUYEN Thi Lan"]  # organisation, all terms
    assert found("labour kim") == []
    assert found("%") == []
    assert found("_") == []
    assert found('"') == []


def test_search_keeps_index_in_sync(app, make_expert):
    expert = make_expert("LEE Jiwoo", native_name="이지우", keywords=["fair recruitment"])
    filters = services.DirectoryFilters(q="recruitment")
    assert [e.id for e in services.search_experts(filters, None).items] == [expert.id]
    services.update_expert(expert, {"keywords": ["diaspora bonds"],
                                    "native_name": "이지훈"}, actor=None)
    db.session.commit()
    assert services.search_experts(filters, None).items == []
    assert [e.id for e in services.search_experts(
        services.DirectoryFilters(q="지훈"), None).items] == [expert.id]
    assert [e.id for e in services.search_experts(
        services.DirectoryFilters(q="diaspora bonds"), None).items] == [expert.id]
    db.session.delete(expert)
    db.session.commit()
    assert services.search_experts(
        services.DirectoryFilters(q="diaspora"), None).items == []


def test_relevance_puts_name_matches_first(app, make_expert):
    make_expert("ALPHA Person", keywords=["remittance corridors"])
    make_expert("REMITTANCE Officer")  # the word in the name
    filters = services.DirectoryFilters(q="remittance")
    names = [e.name for e in services.search_experts(filters, None).items]
    assert names == ["REMITTANCE Officer", "ALPHA Person"]
    filters.sort = "name"
    names = [e.name for e in services.search_experts(filters, None).items]
    assert names == ["ALPHA Person", "REMITTANCE Officer"]


def test_learner_finds_experts_on_remittances_in_viet_nam_who_speak_korean(
        app, client, make_expert, login_as):
    make_expert("NGUYEN Thi Lan", country="VN", area_slugs=["remittances"],
                languages=["vi", "ko", "en"])
    make_expert("TRAN Van Hung", country="VN", area_slugs=["remittances"], languages=["vi"])
    make_expert("KIM Minji", country="KR", area_slugs=["remittances"], languages=["ko"])
    make_expert("PHAM Thi Mai", country="VN", area_slugs=["gender"], languages=["ko"])
    make_expert("LE Van Quan", country="VN", area_slugs=["remittances"], languages=["ko"],
                consent_date=None)  # not listed
    login_as("learner")
    page = client.get("/experts/?country=VN&area=remittances&language=ko").get_data(
        as_text=True)
    assert "NGUYEN Thi Lan" in page
    for other in ("TRAN Van Hung", "KIM Minji", "PHAM Thi Mai", "LE Van Quan"):
        assert other not in page
    assert "1 expert" in page


def test_directory_is_paginated(app, client, make_expert):
    for i in range(30):
        make_expert(f"PERSON {i:02d}")
    first = client.get("/experts/").get_data(as_text=True)
    second = client.get("/experts/?page=2").get_data(as_text=True)
    assert "PERSON 00" in first
    assert "PERSON 23" in first
    assert "PERSON 24" not in first
    assert "PERSON 24" in second
    assert "PERSON 29" in second
    assert "Page 1 of 2" in first
    assert client.get("/experts/?page=99").status_code == 200


def test_unlisted_and_archived_are_shown_to_organisers_only(app, client, make_expert,
                                                            login_as):
    make_expert("LISTED Person")
    make_expert("NOCONSENT Person", consent_date=None)
    archived = make_expert("ARCHIVED Person")
    archived.archived = True
    db.session.commit()
    for who in (None, "learner", "trainer"):
        if who:
            client.post("/logout")
            login_as(who)
        page = client.get("/experts/?status=all").get_data(as_text=True)
        assert "LISTED Person" in page
        assert "NOCONSENT Person" not in page
        assert "ARCHIVED Person" not in page
    client.post("/logout")
    login_as("organiser")
    page = client.get("/experts/").get_data(as_text=True)
    assert "NOCONSENT Person" in page
    assert "No consent: not listed" in page
    assert "ARCHIVED Person" not in page
    page = client.get("/experts/?status=archived").get_data(as_text=True)
    assert "ARCHIVED Person" in page
    assert "LISTED Person" not in page
    page = client.get("/experts/?status=unlisted").get_data(as_text=True)
    assert "NOCONSENT Person" in page
    assert "LISTED Person" not in page


def test_sort_by_country_sorts_by_the_country_name_in_the_viewers_language(client,
                                                                           make_expert):
    make_expert("From Cambodia", country="KH")   # "Cambodia" / 캄보디아
    make_expert("From Brunei", country="BN")     # "Brunei Darussalam" / 브루나이
    make_expert("From Korea", country="KR")      # "Republic of Korea" / 대한민국
    make_expert("From Viet Nam", country="VN")   # "Viet Nam" / 베트남

    def order(language: str) -> list[str]:
        page = client.get("/experts/?sort=country",
                          headers={"Accept-Language": language}).get_data(as_text=True)
        names = ["From Cambodia", "From Brunei", "From Korea", "From Viet Nam"]
        return sorted(names, key=page.index)

    assert order("en") == ["From Brunei", "From Cambodia", "From Korea", "From Viet Nam"]
    # in Korean: 대한민국 (Korea), 베트남 (Viet Nam), 브루나이 (Brunei), 캄보디아 (Cambodia)
    assert order("ko") == ["From Korea", "From Viet Nam", "From Brunei", "From Cambodia"]


def test_the_count_of_a_filtered_text_search_is_the_number_of_its_results(app, client,
                                                                          make_expert):
    """The total is counted without the ranking (a cheaper query): it must still be exactly
    what the pages list, with short terms, long terms and filters together."""
    for i in range(30):
        make_expert(f"MIGRANT {i:02d}", country="VN" if i % 3 else "TH",
                    keywords=["labour migration" if i % 2 else "remittances"])
    make_expert("OTHER Person", country="VN", keywords=["gender"])

    def listed(query: str) -> tuple[str, set[str]]:
        names, page, status = set(), 1, ""
        while True:
            html = client.get(f"/experts/?{query}&page={page}").get_data(as_text=True)
            found = _names_in(html)
            if not found or page > 3:
                return status, names
            status = status or html.split('<p role="status">', 1)[1].split("<", 1)[0]
            names |= found
            page += 1

    status, names = listed("q=migration&country=VN")
    assert len(names) == 10  # odd i (migration) and i % 3 (VN)
    assert status == "10 experts"
    status, names = listed("q=migrant")
    assert status == "30 experts"
    assert len(names) == 30
    status, names = listed("q=mi+labour")  # a short term (LIKE) and a long one (full text)
    assert status == "15 experts"
    assert len(names) == 15
    assert client.get("/experts/?q=nobody+here").get_data(as_text=True).count(
        "0 experts") == 1
    # Past the last page the total is still counted (no row carries it).
    past = client.get("/experts/?q=migrant&page=5").get_data(as_text=True)
    assert past.split('<p role="status">', 1)[1].split("<", 1)[0] == "30 experts"
    assert not _names_in(past)
    past = client.get("/experts/?country=VN&page=9").get_data(as_text=True)
    assert past.split('<p role="status">', 1)[1].split("<", 1)[0] == "21 experts"


def _names_in(html: str) -> set[str]:
    import re

    return set(re.findall(r"(MIGRANT \d\d|OTHER Person)", html))


def test_searches_of_the_same_shape_each_find_their_own_experts(client, make_expert):
    """A page's select is built once per shape (which filters, how many terms) and run with
    each search's values: two searches of one shape must not share their values."""
    make_expert("ALPHA Person", country="TH", area_slugs=["gender"], languages=["th"],
                organisation_type="academia", keywords=["remittances"])
    make_expert("BETA Person", country="VN", area_slugs=["climate"], languages=["vi"],
                organisation_type="government", keywords=["trafficking"])
    cases = [
        ("q=remittances", "q=trafficking"),
        ("q=al", "q=be"),  # short terms (LIKE)
        ("q=alpha+pe", "q=beta+pe"),
        ("country=TH&organisation_type=academia", "country=VN&organisation_type=government"),
        ("area=gender&language=th&q=person", "area=climate&language=vi&q=person"),
        ("country=TH&sort=country&page=1", "country=VN&sort=country&page=1"),
    ]
    for alpha, beta in cases:
        page = client.get(f"/experts/?{alpha}").get_data(as_text=True)
        assert "ALPHA Person" in page, alpha
        assert "BETA Person" not in page, alpha
        assert "1 expert<" in page, alpha
        page = client.get(f"/experts/?{beta}").get_data(as_text=True)
        assert "BETA Person" in page, beta
        assert "ALPHA Person" not in page, beta
        assert "1 expert<" in page, beta
