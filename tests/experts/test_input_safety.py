"""Hostile input from the security review (#20): vCard injection through a bare CR, a NUL
character in the anonymous search, a page number too large for the database."""

from __future__ import annotations

from tests.conftest import login


def _unfold(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")


def test_a_bare_cr_in_a_field_cannot_add_a_vcard_property(client, make_user, make_expert):
    expert = make_expert("KIM Minji", organisation="Institute\rEMAIL:evil@example.test",
                         position="Director\nTEL:+1 555\r\nNOTE:x",
                         email="minji@example.test", email_visibility="members")
    login(client, make_user("learner"))
    response = client.get(f"/experts/{expert.id}.vcf")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    body = text.replace("\r\n", "")
    assert "\r" not in body
    assert "\n" not in body
    lines = _unfold(text)
    assert "ORG:Institute\\nEMAIL:evil@example.test" in lines
    assert "TITLE:Director\\nTEL:+1 555\\nNOTE:x" in lines
    properties = [line.split(":", 1)[0].split(";", 1)[0] for line in lines if line]
    assert properties.count("EMAIL") == 1  # the expert's own address, nothing injected
    assert "EMAIL;TYPE=INTERNET,WORK:minji@example.test" in lines
    assert "TEL" not in properties
    assert "NOTE" not in properties


def test_vcard_escapes_what_rfc_6350_lists(client, make_user, make_expert):
    expert = make_expert("LEE Jun", organisation="A\\B, C; D", position="x\x07y")
    login(client, make_user("learner"))
    lines = _unfold(client.get(f"/experts/{expert.id}.vcf").get_data(as_text=True))
    assert "ORG:A\\\\B\\, C\\; D" in lines
    assert "TITLE:xy" in lines  # a control character is dropped


def test_nul_in_the_search_query_is_ignored(client, make_expert):
    make_expert("NGUYEN Thi Lan", keywords=["remittances"])
    make_expert("PARK Seojun")
    response = client.get("/experts/?q=NGU%00YEN")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "NGUYEN Thi Lan" in page
    assert "PARK Seojun" not in page
    assert client.get("/experts/?country=%00&area=%00x").status_code == 200


def test_a_huge_page_number_is_an_empty_page_not_an_error(client, make_expert):
    make_expert("NGUYEN Thi Lan")
    response = client.get("/experts/?page=99999999999999999999999")
    assert response.status_code == 200
    assert "NGUYEN Thi Lan" not in response.get_data(as_text=True)
    first = client.get("/experts/?page=-5")
    assert first.status_code == 200
    assert "NGUYEN Thi Lan" in first.get_data(as_text=True)
