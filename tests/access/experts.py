"""Access cases of the expert directory: every route × the five roles."""

from __future__ import annotations

import io
from datetime import date

from PIL import Image
from werkzeug.datastructures import FileStorage

from app.experts import photos, services, taxonomy
from app.extensions import db
from tests.access import (
    ADMIN,
    ANON,
    LEARNER,
    LOGIN,
    ORGANISER,
    TRAINER,
    Case,
    everyone,
    only,
    signed_in,
)


def _png() -> FileStorage:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "teal").save(buffer, format="PNG")
    buffer.seek(0)
    return FileStorage(buffer, filename="p.png")


def seed(world):
    organiser = world["users"][ORGANISER]
    taxonomy.ensure_default_areas()

    def make(name, **extra):
        data = {"name": name, "country": "TH", "email": f"{name.lower()}@x.test",
                "email_visibility": "public", "consent_date": date(2024, 1, 1), **extra}
        return services.create_expert(data, actor=organiser)

    listed = make("LISTED")
    photos.set_photo(listed, _png(), actor=organiser)
    own = make("OWN", account_email=world["users"][TRAINER].email)
    unlisted = make("UNLISTED", consent_date=None)
    archived = make("ARCHIVED")
    archived.archived = True
    spare = make("SPARE")
    db.session.commit()
    world["experts"] = {"listed": listed, "own": own, "unlisted": unlisted,
                        "archived": archived, "spare": spare}
    world["area"] = taxonomy.list_areas()[0]


def cases(world):
    e = {name: expert.id for name, expert in world["experts"].items()}
    area = world["area"].id
    hidden = {ANON: 404, LEARNER: 404, TRAINER: 404, ORGANISER: 200, ADMIN: 200}
    hidden_login = {**hidden, ANON: LOGIN}
    organisers = only(ORGANISER)
    return [
        Case("experts.index", "/experts/", everyone(200)),
        Case("experts.index", "/experts/?q=LIST&status=all&sort=updated", everyone(200)),
        Case("experts.detail", f"/experts/{e['listed']}", everyone(200)),
        Case("experts.detail", f"/experts/{e['unlisted']}", hidden),
        Case("experts.detail", f"/experts/{e['archived']}", hidden),
        Case("experts.detail", "/experts/999999", everyone(404)),
        Case("experts.vcard", f"/experts/{e['listed']}.vcf", signed_in(200)),
        Case("experts.vcard", f"/experts/{e['unlisted']}.vcf", hidden_login),
        Case("experts.photo", f"/experts/{e['listed']}/photo", everyone(200)),
        Case("experts.photo", f"/experts/{e['spare']}/photo", everyone(404)),
        Case("experts.create", "/experts/new", organisers),
        Case("experts.edit", f"/experts/{e['listed']}/edit", organisers),
        Case("experts.edit", f"/experts/{e['own']}/edit", only(ORGANISER, TRAINER)),
        Case("experts.edit", f"/experts/{e['unlisted']}/edit", hidden_login),
        Case("experts.merge", f"/experts/{e['listed']}/merge", organisers),
        Case("experts.merge", f"/experts/{e['listed']}/merge", organisers, "POST",
             {"other_id": str(e["spare"])}),
        Case("experts.archive", f"/experts/{e['spare']}/archive", only(ORGANISER, status=302),
             "POST"),
        Case("experts.restore", f"/experts/{e['spare']}/restore", only(ORGANISER, status=302),
             "POST"),
        Case("experts.import_csv", "/experts/import", organisers),
        Case("experts.export_csv", "/experts/export.csv", signed_in(200)),
        Case("experts.areas", "/experts/areas", organisers),
        Case("experts.edit_area", f"/experts/areas/{area}", organisers),
        Case("experts.edit_area", "/experts/areas/999999", only(ORGANISER, status=404)),
    ]
