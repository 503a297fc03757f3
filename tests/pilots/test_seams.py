"""The links of a pilot project to workshops and meetings resolve to titles and URLs."""

from __future__ import annotations

from datetime import date

from app.extensions import db
from app.pilots import links
from app.workshops.models import Workshop


def test_workshop_titles_choices_and_urls(app):
    first = Workshop(title="Data on labour migration", start_date=date(2030, 1, 6),
                     end_date=date(2030, 1, 8))
    second = Workshop(title="Return and reintegration", start_date=date(2030, 2, 3),
                      end_date=date(2030, 2, 5))
    db.session.add_all([first, second])
    db.session.commit()
    assert links.workshop_titles([first.id, 999]) == {first.id: "Data on labour migration"}
    assert links.workshop_choices() == [(second.id, "Return and reintegration"),
                                        (first.id, "Data on labour migration")]
    assert links.meeting_titles([]) == {}
    with app.test_request_context():
        assert links.workshop_url(first.id) == f"/workshops/{first.id}"
        assert links.meeting_url(3) == "/meetings/3"
        assert links.meeting_url(None) is None
