"""What the credentials domain does when certificates are issued or revoked."""

from __future__ import annotations

from app import signals


@signals.certificate_issued.connect
def _issue(certificate, **_):
    from app.credentials.services import issue_credential, revoke_credential

    issue_credential(certificate)
    # A reissue replaces the old certificate: its credential stops being valid too.
    if certificate.reissue_of is not None:
        revoke_credential(certificate.reissue_of)


@signals.certificate_revoked.connect
def _revoke(certificate, **_):
    from app.credentials.services import revoke_credential

    revoke_credential(certificate)
