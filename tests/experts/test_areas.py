"""The taxonomy of expertise areas: seeded by the migration, kept by organisers."""

from __future__ import annotations

import sqlalchemy as sa
from flask_migrate import upgrade

from app import create_app
from app.experts.models import ExpertiseArea
from app.experts.reference import DEFAULT_AREAS
from app.extensions import db


def test_the_twelve_starting_areas_are_those_of_the_design():
    slugs = [slug for slug, _name, _description in DEFAULT_AREAS]
    assert len(slugs) == 12
    assert slugs == ["labour-migration", "marriage-migration", "international-students",
                     "remittances", "diaspora", "return-reintegration",
                     "trafficking-irregular", "governance-policy", "data-statistics",
                     "social-protection-health", "gender", "climate"]


def test_the_migration_seeds_the_taxonomy(tmp_path):
    app = create_app({"TESTING": True,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'fresh.sqlite3'}"})
    with app.app_context():
        upgrade()
        rows = db.session.execute(sa.select(ExpertiseArea.slug, ExpertiseArea.name)).all()
        assert sorted(rows) == sorted((slug, name) for slug, name, _d in DEFAULT_AREAS)
        db.session.remove()
        db.engine.dispose()


def test_organisers_add_rename_and_retire_areas(app, client, areas, make_expert, login_as):
    login_as("organiser")
    page = client.get("/experts/areas").get_data(as_text=True)
    assert "Remittances and financial inclusion" in page
    response = client.post("/experts/areas", data={
        "slug": "digital-skills", "name": "Digital skills", "description": "Online work."})
    assert response.status_code == 302
    page = client.post("/experts/areas", data={"slug": "Digital Skills!", "name": "X"}
                       ).get_data(as_text=True)
    assert "Use lower-case letters" in page
    page = client.post("/experts/areas", data={"slug": "digital-skills", "name": "X"}
                       ).get_data(as_text=True)
    assert "already exists" in page

    area = db.session.scalar(sa.select(ExpertiseArea).where(ExpertiseArea.slug == "climate"))
    expert = make_expert("CLIMATE Person", area_slugs=["climate"])
    client.post(f"/experts/areas/{area.id}", data={
        "name": "Climate, environment and migration", "description": "", "retired": "y"})
    db.session.expire_all()
    assert area.name == "Climate, environment and migration"
    assert area.retired
    # Retired: kept on the profile, no longer offered in filters or forms.
    assert "Climate, environment" in client.get(f"/experts/{expert.id}").get_data(
        as_text=True)
    directory = client.get("/experts/").get_data(as_text=True)
    assert 'value="climate"' not in directory
    form = client.get(f"/experts/{expert.id}/edit").get_data(as_text=True)
    assert "Climate, environment and migration (retired)" in form
    new_form = client.get("/experts/new").get_data(as_text=True)
    assert "Climate, environment" not in new_form
