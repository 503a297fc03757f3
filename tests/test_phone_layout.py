"""What keeps pages within a phone's width and the header short (issue #16, phones); the
browser journeys (tests/e2e/test_phone.py) measure the pages themselves."""

from pathlib import Path

from app.markdown import render_markdown, sanitise_html


def test_tables_of_lessons_scroll_inside_their_own_box():
    html = render_markdown("| Country | Returnees |\n|---|---|\n| Viet Nam | 1,200 |\n")
    assert html.startswith('<div class="table-wrap" tabindex="0"><table>')
    assert html.rstrip().endswith("</table></div>")
    # Stored HTML sanitised again keeps the box, and nothing else gets a class that way.
    assert sanitise_html(html) == html
    assert sanitise_html('<div class="evil">x</div>') == "<div>x</div>"


def test_the_header_folds_its_navigation_behind_a_menu_without_javascript(app, client):
    page = client.get("/").get_data(as_text=True)
    toggle = page.index('<input type="checkbox" id="menu-toggle"')
    label = page.index('<label for="menu-toggle" class="menu-button">')
    menu = page.index('<div class="site-menu" id="site-menu">')
    nav = page.index('<nav class="site-nav"')
    assert toggle < label < menu < nav  # the CSS shows the menu with `:checked ~ .site-menu`
    css = (Path(app.static_folder) / "css" / "app.css").read_text(encoding="utf-8")
    assert ".menu-toggle:checked ~ .site-menu { display: block; }" in css
    assert "overflow-wrap: anywhere" in css
