"""The seam to meetings and workshops (other branches): look-ups return nothing when the
tables are missing, and titles when they exist."""

from __future__ import annotations

from sqlalchemy import Column, Integer, String, Table, insert

from app.extensions import db
from app.pilots import links


def test_nothing_without_meetings_and_workshops(app):
    if "meetings" not in db.metadata.tables:
        assert not links.meetings_available()
        assert links.meeting_titles([1, 2]) == {}
        assert links.meeting_choices() == []
    if "workshops" not in db.metadata.tables:
        assert links.workshop_titles([1]) == {}
        assert links.workshop_choices() == []
    with app.test_request_context():
        if "meetings.detail" not in app.view_functions:
            assert links.meeting_url(3) is None
        assert links.meeting_url(None) is None


def test_titles_when_a_table_exists(app):
    if "workshops" in db.metadata.tables:  # after the merge the real table answers
        return
    table = Table("workshops", db.metadata, Column("id", Integer, primary_key=True),
                  Column("title", String(200)))
    try:
        table.create(db.engine)
        db.session.execute(insert(table), [{"id": 4, "title": "Data on labour migration"},
                                           {"id": 9, "title": "Return and reintegration"}])
        assert links.workshop_titles([4, 5]) == {4: "Data on labour migration"}
        assert links.workshop_choices() == [(9, "Return and reintegration"),
                                            (4, "Data on labour migration")]
    finally:
        db.session.rollback()
        table.drop(db.engine)
        db.metadata.remove(table)
