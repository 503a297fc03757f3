"""The directory's cards and filters in the viewer's language: names looked up once per
language (countries, spoken languages, areas), option lists rendered once per language."""

from __future__ import annotations

import io
import re

from werkzeug.datastructures import FileStorage

from app.experts import photos, taxonomy
from app.experts.models import ExpertiseArea
from app.extensions import db
from tests.experts.conftest import image_bytes


def _card(page: str, name: str) -> str:
    """The <li> of the card naming `name`."""
    start = page.index(name)
    return page[page.rindex("<li", 0, start):page.index("</li>", start)]


def _options(page: str, select: str) -> list[tuple[str, str, bool]]:
    """(value, label, selected) of the <select id=`select`>."""
    html = page.split(f'<select id="{select}"', 1)[1].split("</select>", 1)[0]
    return [(value, label, bool(selected)) for value, selected, label in
            re.findall(r'<option value="([^"]*)"( selected)?>([^<]*)</option>', html)]


def test_cards_name_areas_languages_and_countries_in_the_viewers_language(client,
                                                                          make_expert):
    make_expert("KIM Card", country="VN", area_slugs=["labour-migration", "gender"],
                languages=["th", "vi", "pt-BR"])

    def card(language: str) -> str:
        return _card(client.get("/experts/", headers={"Accept-Language": language})
                     .get_data(as_text=True), "KIM Card")

    korean = card("ko")
    assert "젠더와 이주" in korean  # Gender and migration
    assert "노동 이주" in korean  # Labour migration
    assert "Labour migration" not in korean
    # the expert's order, named by Babel in Korean (pt-BR: Portuguese)
    assert "태국어, 베트남어, 포르투갈어</p>" in korean
    thai = card("th")
    assert "เวียดนาม" in thai  # Viet Nam
    assert "Viet Nam" not in thai
    english = card("en")  # each language its own names
    assert "Viet Nam" in english
    assert "Gender and migration</span> <span class=\"tag\">Labour migration" in english
    assert "Thai, Vietnamese, Brazilian Portuguese" in english


def test_a_renamed_area_keeps_its_new_name_in_every_language(app, client, make_expert):
    make_expert("LEE Renamed", area_slugs=["climate"])
    area = db.session.scalar(db.select(ExpertiseArea).filter_by(slug="climate"))
    assert "기후 변화와 이주" in client.get("/experts/", headers={"Accept-Language": "ko"}
                                       ).get_data(as_text=True)
    taxonomy.update_area(area, name="Climate and mobility", description="", retired=False)
    db.session.commit()
    page = client.get("/experts/", headers={"Accept-Language": "ko"}).get_data(as_text=True)
    assert "Climate and mobility" in _card(page, "LEE Renamed")
    assert ("climate", "Climate and mobility", False) in _options(page, "area")
    assert "기후 변화와 이주" not in page


def test_filter_options_mark_the_chosen_ones_and_follow_the_taxonomy(app, client,
                                                                     make_expert):
    make_expert("PARK Filter", country="TH", organisation_type="academia")
    page = client.get("/experts/?country=TH&area=gender&organisation_type=academia"
                      "&language=ko", headers={"Accept-Language": "th"}).get_data(as_text=True)
    assert [o for o in _options(page, "country") if o[2]] == [("TH", "ไทย", True)]
    assert [o[0] for o in _options(page, "area") if o[2]] == ["gender"]
    assert [o[0] for o in _options(page, "organisation_type") if o[2]] == ["academia"]
    assert [o[0] for o in _options(page, "language") if o[2]] == ["ko"]
    assert ("KR", "สาธารณรัฐเกาหลี", False) in _options(page, "country")
    # The same lists, nothing chosen; an unknown value chooses nothing either.
    page = client.get("/experts/?country=ZZ%22", headers={"Accept-Language": "th"}
                      ).get_data(as_text=True)
    assert not any(o[2] for o in _options(page, "country"))
    assert len(_options(page, "country")) == 14  # "Any", 12 countries, "Other"
    # A new area is offered at once; a retired one no longer.
    taxonomy.create_area(slug="health-care", name="Health care workers")
    gender = db.session.scalar(db.select(ExpertiseArea).filter_by(slug="gender"))
    taxonomy.update_area(gender, name=gender.name, description="", retired=True)
    db.session.commit()
    values = [o[0] for o in _options(client.get("/experts/").get_data(as_text=True), "area")]
    assert "health-care" in values
    assert "gender" not in values


def test_cards_show_the_photo_of_the_experts_who_have_one(app, client, make_expert):
    with_photo = make_expert("WITH Photo")
    make_expert("WITHOUT Photo")
    upload = FileStorage(io.BytesIO(image_bytes("PNG", (100, 100), exif=False)),
                         filename="me.png", content_type="image/png")
    photos.set_photo(with_photo, upload, actor=None)
    db.session.commit()
    page = client.get("/experts/").get_data(as_text=True)
    assert f'src="/experts/{with_photo.id}/photo"' in _card(page, "WITH Photo")
    assert "/photo" not in _card(page, "WITHOUT Photo")
    assert 'class="avatar avatar-empty"' in _card(page, "WITHOUT Photo")
