"""The demo pilots: the issue's "done when" scenario, idempotent."""

from __future__ import annotations

from sqlalchemy import func, select

from app.experts.models import Expert
from app.extensions import db
from app.pilots.demo import CAMBODIA
from app.pilots.models import PilotProject
from tests.conftest import login


def _load(runner):
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    assert "demo: pilots loaded" in result.output


def test_demo_is_idempotent_and_complete(runner, client):
    _load(runner)
    _load(runner)
    assert db.session.scalar(select(func.count(PilotProject.id))) == 2
    project = db.session.scalar(select(PilotProject).where(PilotProject.title == CAMBODIA))
    assert project.country == "KH"
    assert project.is_public
    assert project.is_demo
    assert len(project.participants) == 3
    assert len(project.mentors) == 2
    assert len(project.milestones) == 4
    assert len(project.indicators) == 2
    assert all(len(i.values) >= 3 for i in project.indicators)
    assert all(e.is_demo for e in db.session.scalars(select(Expert)))
    linked = [p for p in project.participants if p.user_id]
    assert len(linked) == 1
    assert linked[0].user.email == "learner@demo.test"
    viet_nam = db.session.scalar(select(PilotProject).where(PilotProject.country == "VN"))
    assert viet_nam is not None

    # Anonymous: the public summary, no participant data.
    public = client.get(f"/pilots/public/{project.id}").get_data(as_text=True)
    assert "Welding skills from Korea" in public
    assert "3 participants" in public
    assert "CHEA Sovann" not in public
    assert "Ulsan" not in public.replace(
        "Ulsan Migrant Workers Centre", "")
    # The linked learner sees their own record, and no one else's.
    login(client, "learner@demo.test", "akmn-demo")
    own = client.get(f"/pilots/participants/{linked[0].id}").get_data(as_text=True)
    assert "CHAN Sokha" in own
    assert "Trainings completed on the platform" in own
    other = next(p for p in project.participants if not p.user_id)
    assert client.get(f"/pilots/participants/{other.id}").status_code == 403
    assert client.get(f"/pilots/{project.id}/participants.csv").status_code == 403
    # The organiser sees the whole record.
    client.post("/logout")
    login(client, "organiser@demo.test", "akmn-demo")
    record = client.get(f"/pilots/{project.id}").get_data(as_text=True)
    assert "CHEA Sovann" in record
    assert record.count("<svg") == 2
