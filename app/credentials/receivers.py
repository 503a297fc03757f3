"""What the credentials domain does when certificates are issued or revoked.

Building and signing a credential (JSON-LD canonicalisation) is slow next to issuing a
record, and a cohort issues hundreds at once: it is a task, run after the issuing
transaction commits. Revocation flips one bit at once, in the revoking transaction.
"""

from __future__ import annotations

from app import jobs, signals


@jobs.task(retries=2, backoff=10)
def issue_credential_task(certificate_id: int) -> bool:
    """Build, sign and store the credential of one certificate (nothing if it has one)."""
    from app.certificates.models import Certificate
    from app.credentials.services import credential_of, issue_credential, revoke_credential
    from app.extensions import db

    certificate = db.session.get(Certificate, certificate_id)
    if certificate is None or credential_of(certificate) is not None:
        return False
    issue_credential(certificate)
    # A reissue replaces the old certificate: its credential stops being valid too.
    if certificate.reissue_of is not None:
        revoke_credential(certificate.reissue_of)
    return True


@signals.certificate_issued.connect
def _issue(certificate, **_):
    jobs.enqueue(issue_credential_task, certificate.id)


@signals.certificate_revoked.connect
def _revoke(certificate, **_):
    from app.credentials.services import revoke_credential

    revoke_credential(certificate)
