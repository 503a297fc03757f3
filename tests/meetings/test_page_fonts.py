"""The meeting page's fonts cut to its names (app/pagefonts.py): what a browser on a device
without the scripts' fonts downloads, and that nobody can make the server cut other fonts."""

from __future__ import annotations

import io
import re

from fontTools.ttLib import TTFont

from app import pagefonts
from app.extensions import db
from app.meetings import participation
from tests.conftest import login
from tests.meetings.test_page_cache import page

KHMER_NAME = "សុខ ដារា"
THAI_NAME = "สมชาย ใจดี"
LINK_RE = re.compile(r'<link rel="stylesheet" href="(/fonts/page/[^"]+)">')


def _meeting_with(make_user, make_meeting, *names: str):
    meeting = make_meeting()
    users = [make_user("learner", name=f"Official {i}", native_name=native)
             for i, native in enumerate(names)]
    participation.invite(meeting, users=users, role="participant")
    db.session.commit()
    return meeting


def _script(text: str) -> set[int]:
    return {ord(char) for char in text if ord(char) > 0x7F and not char.isspace()}


def test_the_meeting_page_draws_its_names_with_faces_cut_to_them(client, make_user,
                                                                  make_meeting):
    meeting = _meeting_with(make_user, make_meeting, KHMER_NAME, THAI_NAME)
    organiser = make_user("organiser")
    login(client, organiser)
    html = page(client, meeting)
    assert KHMER_NAME in html
    assert THAI_NAME in html
    found = LINK_RE.search(html)
    assert found, "no stylesheet of cut faces"
    # After fonts.css: a browser tries the later face first, so the whole faces stay unloaded.
    assert html.index("css/fonts.css") < found.start() < html.index("css/app.css")
    css_response = client.get(found.group(1))
    assert css_response.status_code == 200
    assert css_response.mimetype == "text/css"
    assert "immutable" in css_response.headers["Cache-Control"]
    css = css_response.get_data(as_text=True)
    families = re.findall(r'font-family: "([^"]+)"; font-style: normal; font-weight: (\d+)', css)
    # Khmer and Thai in both weights they have; no face of a script the page does not show.
    assert sorted(families) == [("Noto Sans Khmer", "400"), ("Noto Sans Khmer", "700"),
                                ("Noto Sans Thai", "400"), ("Noto Sans Thai", "700")]
    assert 'local("Noto Sans Khmer Regular")' in css  # an installed font is still used first
    for rule in re.findall(r"@font-face \{[^}]*\}", css):
        url = re.search(r'url\("([^"]+)"\)', rule).group(1)
        ranges = re.search(r"unicode-range: ([^;}]+)", rule).group(1)
        wanted = _script(KHMER_NAME if "Khmer" in rule else THAI_NAME)
        declared = set()
        for part in ranges.split(", "):
            low, _, high = part.removeprefix("U+").partition("-")
            declared |= set(range(int(low, 16), int(high or low, 16) + 1))
        assert declared == wanted  # exactly the names' characters
        font = client.get(url)
        assert font.status_code == 200
        assert font.mimetype == "font/woff2"
        assert "immutable" in font.headers["Cache-Control"]
        drawn = set(TTFont(io.BytesIO(font.data)).getBestCmap())
        assert wanted <= drawn
        whole = (pagefonts.faces()["NotoSansKhmer-Regular"] if "Khmer" in rule
                 else pagefonts.faces()["NotoSansThai-Regular"])
        assert len(drawn) < len(whole.codepoints()) / 4
        assert len(font.data) < 4000  # the whole faces are 8–17 KB


def test_a_latin_meeting_page_needs_no_cut_faces(client, make_user, make_meeting):
    meeting = _meeting_with(make_user, make_meeting, "Nguyễn Văn An")
    login(client, make_user("organiser"))
    html = page(client, meeting)
    assert "Nguyễn Văn An" in html
    assert LINK_RE.search(html) is None
    assert pagefonts.MARKER not in html


def test_the_interface_script_keeps_its_whole_face(app):
    with app.test_request_context():
        text = f"<p>{KHMER_NAME}</p><p>{THAI_NAME}</p>"
        assert [stem for stem, _ in pagefonts.page_faces(text, "en")] == [
            "NotoSansThai-Regular", "NotoSansThai-Bold", "NotoSansKhmer-Regular",
            "NotoSansKhmer-Bold"]
        # A Khmer interface uses its whole face on every page (cached once): only Thai is cut.
        assert [stem for stem, _ in pagefonts.page_faces(text, "km")] == [
            "NotoSansThai-Regular", "NotoSansThai-Bold"]


def test_urls_the_app_did_not_make_are_refused(app, client):
    with app.test_request_context():
        href = pagefonts.stylesheet_href(f"<p>{KHMER_NAME}</p>")
    css = client.get(href).get_data(as_text=True)
    font_url = re.search(r'url\("([^"]+)"\)', css).group(1)
    assert client.get(font_url).status_code == 200
    prefix, runs, signature = font_url.rsplit("/", 2)
    # Another character, another face, a bad signature, rubbish, a huge range: 404, never 500.
    other_runs = runs.replace("1781", "1782", 1)
    assert other_runs != runs
    assert client.get(f"{prefix}/{other_runs}/{signature}").status_code == 404
    assert client.get(font_url.replace("NotoSansKhmer-Regular", "NotoSansLao-Regular")
                      ).status_code == 404
    assert client.get(f"{prefix}/{runs}/{'0' * 20}.woff2").status_code == 404
    with app.test_request_context():
        stem = prefix.rsplit("/", 1)[1]
        for bad in ("zz", "1781-", "0-10ffff", "41", "1781." * 900 + "1781"):
            signed = pagefonts._signature(f"{stem}_{bad}")
            assert client.get(f"{prefix}/{bad}/{signed}.woff2").status_code == 404, bad
    spec, css_signature = href.rsplit("/", 2)[1:]
    assert client.get(f"/fonts/page/{spec}/{'f' * 20}.css").status_code == 404
    assert client.get(f"/fonts/page/x_1781/{css_signature}").status_code == 404


def test_the_benchmark_counts_what_a_browser_fetches_with_cut_faces(app, client, make_user,
                                                                   make_meeting):
    """bench/web.py's accounting: a later stylesheet's face shadows an earlier one's for the
    characters it holds, so the whole faces are not counted; a character the cut face lacks
    still counts the whole face."""
    from app.webfonts import CSS_FILE
    from bench.web import fonts_loaded

    base = ("/static/css/fonts.css", CSS_FILE.read_text(encoding="utf-8"))
    with app.test_request_context():
        href = pagefonts.stylesheet_href(f"<p>{KHMER_NAME}</p>")
    cut = (href, client.get(href).get_data(as_text=True))
    html = f"<p>{KHMER_NAME}</p>"
    whole = [u for u in fonts_loaded([base], html) if "Khmer" in u]
    assert [u.rsplit("/", 1)[1] for u in whole] == ["NotoSansKhmer-Regular.woff2",
                                                    "NotoSansKhmer-Bold.woff2"]
    shadowed = fonts_loaded([base, cut], html)
    assert len(shadowed) == 2
    assert all(u.startswith("/fonts/page/") for u in shadowed)
    assert not any(u.startswith("/static/") for u in shadowed)
    # ខ្មែរ has letters the names lack: the whole faces are fetched for them.
    more = fonts_loaded([base, cut], html + "<p>ខ្មែរ</p>")
    assert {u.rsplit("/", 1)[1] for u in more if u.startswith("/static/")} == {
        "NotoSansKhmer-Regular.woff2", "NotoSansKhmer-Bold.woff2"}


def test_cut_faces_hold_the_parts_shaping_takes_characters_apart_into(app):
    """Seen in Chromium: a Lao name with ຳ (AM) loaded the whole Lao face beside the cut one,
    for the NIKHAHIT that shaping splits off. Thai AM, Tamil's two-part vowels and Khmer's
    split vowels come apart the same way."""
    cases = {"ຄຳ": {0x0ECD, 0x0EB2}, "คำ": {0x0E4D, 0x0E32}, "கொ": {0x0BC6, 0x0BBE},
             "កើ": {0x17C1}}
    with app.test_request_context():
        for text, parts in cases.items():
            cut = dict(pagefonts.page_faces(f"<p>{text}</p>"))
            regular = next(points for stem, points in cut.items() if stem.endswith("Regular"))
            assert _script(text) | parts <= set(regular), text


def test_a_face_that_cannot_be_cut_is_a_404_not_a_500(app, client, monkeypatch, tmp_path):
    """A missing or broken face file: the browser gets a 404 and draws with the whole face."""
    with app.test_request_context():
        href = pagefonts.stylesheet_href(f"<p>{THAI_NAME}</p>")
    font_url = re.search(r'url\("([^"]+)"\)', client.get(href).get_data(as_text=True)).group(1)
    pagefonts._cut.cache_clear()
    monkeypatch.setattr(pagefonts.webfonts, "FONT_DIR", tmp_path)  # no face files there
    assert client.get(font_url).status_code == 404
    pagefonts._cut.cache_clear()


def test_the_error_page_of_a_cut_fonts_view_has_no_mark_left(client, make_user):
    login(client, make_user("learner"))
    response = client.get("/meetings/999999")
    assert response.status_code == 404
    assert pagefonts.MARKER not in response.get_data(as_text=True)
