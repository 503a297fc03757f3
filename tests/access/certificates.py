import io
from datetime import date

from PIL import Image

from app.certificates import design, services
from app.certificates.data import CertificateData
from app.extensions import db
from app.files.services import store_bytes
from app.workshops.models import Workshop
from tests.access import ADMIN, ANON, LEARNER, LOGIN, ORGANISER, TRAINER, Case, everyone, only


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "navy").save(buffer, "PNG")
    return buffer.getvalue()


def seed(world):
    learner = world["users"][LEARNER]
    organiser = world["users"][ORGANISER]
    data = CertificateData(holder_name=learner.name, title="Access matrix workshop")
    workshop = Workshop(title="Access matrix workshop", start_date=date(2026, 3, 9),
                        end_date=date(2026, 3, 13))
    db.session.add(workshop)
    db.session.flush()
    world["cert_workshop_id"] = workshop.id
    world["certificate"] = services.issue_certificate(
        learner, snapshot=data, template="classic", issued_by=organiser,
        workshop_id=workshop.id)
    world["to_revoke"] = services.issue_certificate(
        learner, snapshot=data, template="classic", issued_by=organiser)
    logo = store_bytes("logo.png", _png(), kinds={"image"}, uploaded_by=organiser)
    design.save_logos(design.get_spec("classic"), use_default=True, keep=[], new_files=[logo],
                      actor=organiser)
    world["logo_key"] = logo.key
    db.session.commit()


def cases(world):
    workshop_id = world["cert_workshop_id"]
    certificate = world["certificate"]
    revocable = world["to_revoke"]
    holder_or_organiser = {ANON: LOGIN, LEARNER: 200, TRAINER: 403, ORGANISER: 200, ADMIN: 200}
    return [
        Case("certificates.mine", "/certificates/mine",
             {ANON: LOGIN, LEARNER: 200, TRAINER: 200, ORGANISER: 200, ADMIN: 200}),
        Case("certificates.index", "/certificates/", only(ORGANISER)),
        Case("certificates.register_csv", "/certificates/register.csv", only(ORGANISER)),
        Case("certificates.detail", f"/certificates/{certificate.id}", holder_or_organiser),
        Case("certificates.download", f"/certificates/{certificate.id}/certificate.pdf",
             holder_or_organiser),
        Case("certificates.issue", "/certificates/issue", only(ORGANISER)),
        Case("certificates.cohort", f"/certificates/workshops/{workshop_id}/issue",
             only(ORGANISER)),
        Case("certificates.workshop_zip",
             f"/certificates/workshops/{workshop_id}/certificates.zip",
             only(ORGANISER)),
        Case("certificates.reissue", f"/certificates/{certificate.id}/reissue", only(ORGANISER)),
        Case("certificates.render_now", "/certificates/render-pending",
             only(ORGANISER, status=302), "POST"),
        Case("certificates.revoke", f"/certificates/{revocable.id}/revoke",
             only(ORGANISER, status=302), "POST", {"reason": "Access matrix", "confirm": "y"}),
        Case("certificates.templates", "/certificates/templates", only(ORGANISER)),
        Case("certificates.template_edit", "/certificates/templates/classic", only(ORGANISER)),
        Case("certificates.template_image",
             f"/certificates/templates/classic/images/{world['logo_key']}", only(ORGANISER)),
        Case("certificates.template_preview", "/certificates/templates/classic/preview.png",
             only(ORGANISER)),
        Case("certificates.template_signatories", "/certificates/templates/classic/signatories",
             only(ORGANISER, status=302), "POST",
             {"signatories-0-name": "Ms Matrix", "signatories-0-title": "Director"}),
        Case("certificates.template_logos", "/certificates/templates/classic/logos",
             only(ORGANISER, status=302), "POST", {"use_default": "y"}),
        Case("certificates.template_reset", "/certificates/templates/bilingual/reset",
             only(ORGANISER, status=302), "POST"),
        Case("certificates.keys", "/certificates/keys", only(ADMIN)),
        Case("certificates.rotate_key", "/certificates/keys/rotate", only(ADMIN, status=302),
             "POST"),
        Case("verification.lookup", "/verify", everyone(200)),
        Case("verification.detail", f"/verify/{certificate.verification_code}", everyone(200)),
        Case("verification.keys", "/.well-known/akmn-keys.json", everyone(200)),
    ]
