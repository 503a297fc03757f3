"""Milestones and outcome indicators: values over time, charts, progress."""

from __future__ import annotations

import re
from contextlib import contextmanager
from datetime import date

from sqlalchemy import event

from app.extensions import db
from app.files.services import store_bytes
from app.pilots import records
from app.pilots.charts import line_chart
from app.pilots.models import PilotAttachment, PilotIndicator, PilotMilestone


def _polyline_points(svg: str) -> list[tuple[float, float]]:
    match = re.search(r'<polyline points="([^"]+)"', svg)
    assert match, "no line drawn"
    return [tuple(map(float, p.split(","))) for p in match.group(1).split()]


def test_indicator_values_and_chart(client, login_as, make_project):
    organiser = login_as("organiser")
    project = make_project(actor=organiser)
    response = client.post(f"/pilots/{project.id}/indicators/new", data={
        "name": "People trained in the home country", "unit": "people", "baseline": "0",
        "target": "40"})
    assert response.status_code == 302
    indicator = db.session.get(PilotIndicator, 1)
    for on, value in (("2025-07-31", "14"), ("2025-04-30", "6"), ("2025-10-31", "23")):
        assert client.post(f"/pilots/indicators/{indicator.id}/values",
                           data={"measured_on": on, "value": value}).status_code == 302
    db.session.expire_all()
    indicator = db.session.get(PilotIndicator, indicator.id)
    assert [v.value for v in indicator.values] == [6, 14, 23]  # ordered by date
    assert indicator.progress == 57.5

    page = client.get(f"/pilots/{project.id}").get_data(as_text=True)
    assert page.count("<svg") == 1
    svg = page[page.index("<svg"):page.index("</svg>")]
    assert 'role="img"' in svg
    assert "People trained in the home country</title>" in svg
    points = _polyline_points(svg)
    assert len(points) == 3
    assert svg.count("<circle") == 3
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    assert xs == sorted(xs)
    assert ys == sorted(ys, reverse=True)
    assert "style=" not in page
    assert '<progress id="progress-1" max="100" value="57.5' in page
    assert "Progress toward the target: 58 %" in page
    own_page = client.get(f"/pilots/indicators/{indicator.id}").get_data(as_text=True)
    assert "<svg" in own_page
    assert "Values over time" in own_page


def test_indicator_value_errors(client, login_as, make_project):
    organiser = login_as("organiser")
    project = make_project(actor=organiser)
    indicator = records.add_indicator(project, {"name": "Enterprises", "baseline": 0,
                                                "target": 5})
    db.session.commit()
    for bad in ({"measured_on": "2025-01-01", "value": "nan"},
                {"measured_on": "2025-01-01", "value": "many"},
                {"measured_on": "", "value": "2"}):
        page = client.post(f"/pilots/indicators/{indicator.id}/values", data=bad)
        assert page.status_code == 200
        assert 'class="error"' in page.get_data(as_text=True)
    assert db.session.get(PilotIndicator, indicator.id).values == []
    empty = client.get(f"/pilots/{project.id}").get_data(as_text=True)
    assert "No values recorded yet." in empty
    assert "<polyline" not in empty


def test_chart_geometry():
    chart = line_chart([(date(2025, 1, 1), 10.0)], baseline=0, target=40)
    assert len(chart.points) == 1
    assert chart.points[0].x == (chart.left + chart.right) / 2
    assert chart.low == 0
    assert chart.baseline_y == chart.bottom
    assert chart.top <= chart.target_y < chart.points[0].y < chart.bottom
    falling = line_chart([(date(2025, 1, 1), 30.0), (date(2025, 6, 1), 12.0)],
                         baseline=30, target=10)  # lower is better
    first, last = falling.points
    assert first.x == falling.left
    assert last.x == falling.right
    assert last.y > first.y
    flat = line_chart([], baseline=5, target=5)
    assert flat.high > flat.low
    assert flat.points == []


def test_milestones(client, login_as, make_project):
    organiser = login_as("organiser")
    project = make_project(actor=organiser)
    for title, due in (("Curriculum aligned", "2025-06-30"), ("Cohort certified", "2099-01-01")):
        assert client.post(f"/pilots/{project.id}/milestones/new",
                           data={"title": title, "due_date": due}).status_code == 302
    page = client.get(f"/pilots/{project.id}").get_data(as_text=True)
    assert "overdue" in page
    assert "upcoming" in page
    first = db.session.get(PilotMilestone, 1)
    client.post(f"/pilots/milestones/{first.id}/done")
    db.session.expire_all()
    assert db.session.get(PilotMilestone, 1).done_date == date.today()
    bad = client.post(f"/pilots/milestones/{first.id}/edit",
                      data={"title": "", "done_date": "2999-01-01"})
    assert "cannot be in the future" in bad.get_data(as_text=True)
    client.post(f"/pilots/milestones/{first.id}/delete")
    assert db.session.get(PilotMilestone, 1) is None


def test_record_page_queries_do_not_grow_with_entries(client, login_as, make_project,
                                                      make_participant):
    @contextmanager
    def counting():
        seen = []

        def count(*args):
            seen.append(1)

        event.listen(db.engine, "before_cursor_execute", count)
        try:
            yield seen
        finally:
            event.remove(db.engine, "before_cursor_execute", count)

    organiser = login_as("organiser")
    project = make_project(actor=organiser)

    def add_entries(n):
        for i in range(n):
            make_participant(project, f"Person {i}")
            indicator = records.add_indicator(project, {"name": f"I{i}", "target": 10})
            records.add_value(indicator, measured_on=date(2025, 1, 1 + i), value=i)
            records.add_milestone(project, {"title": f"M{i}"})
            activity = records.add_activity(project, {"occurred_on": date(2025, 2, 1 + i),
                                                      "title": f"A{i}"}, author=organiser)
            activity.attachments.append(PilotAttachment(
                file=store_bytes(f"n{i}.txt", b"Notes.", kinds={"document"})))
        db.session.commit()

    add_entries(1)
    with counting() as few:
        assert client.get(f"/pilots/{project.id}").status_code == 200
    add_entries(4)
    with counting() as many:
        assert client.get(f"/pilots/{project.id}").status_code == 200
    assert len(many) == len(few)
