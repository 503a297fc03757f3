from app.certificates import services as certificates
from app.certificates.data import CertificateData
from app.credentials import services
from app.extensions import db
from tests.access import LEARNER, ORGANISER, Case, everyone


def seed(world):
    certificate = certificates.issue_certificate(
        world["users"][LEARNER], snapshot=CertificateData(holder_name="Credential Holder",
                                                          title="Credentials workshop"),
        template="classic", issued_by=world["users"][ORGANISER])
    issued = services.issue_credential(certificate)
    world["credential_code"] = certificate.verification_code
    world["status_list_id"] = issued.status_list_id
    db.session.commit()


def cases(world):
    return [
        Case("credentials.download", f"/credentials/{world['credential_code']}.json",
             everyone(200)),
        Case("credentials.did_document", "/.well-known/did.json", everyone(200)),
        Case("credentials.issuer", "/credentials/issuer", everyone(200)),
        Case("credentials.status_list", f"/credentials/status/{world['status_list_id']}",
             everyone(200)),
        Case("credentials.verify", "/credentials/verify", everyone(200)),
    ]
