"""The documents themselves: an Open Badges 3.0 ``OpenBadgeCredential`` per certificate and
the ``BitstringStatusListCredential`` of a status list (both unsigned here).

Only terms defined by the stored contexts are used (the VC 2.0 context has no ``@vocab``:
an undefined term would silently fall outside the signature).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import date, datetime

from app.certificates.models import Certificate
from app.credentials import status as status_lists
from app.credentials.did import issuer_profile
from app.credentials.jsonld import CREDENTIALS_V2, OB_V3
from app.credentials.models import StatusList
from app.extensions import db

MEDIA_TYPE = "application/vc+ld+json"


def timestamp(moment: datetime) -> str:
    return moment.replace(microsecond=0).isoformat() + "Z"


def _day(value: date) -> str:
    return f"{value.isoformat()}T00:00:00Z"


def credential_url(base: str, code: str) -> str:
    return f"{base}/credentials/{code}.json"


def status_list_url(base: str, list_id: int) -> str:
    return f"{base}/credentials/status/{list_id}"


def identity_hash(email: str, salt: str) -> str:
    """Open Badges 3.0 IdentityObject: ``sha256$`` + hex SHA-256 of identity + salt."""
    return "sha256$" + hashlib.sha256((email.strip().lower() + salt).encode()).hexdigest()


def _hours(hours: float | None) -> str:
    if hours is None:
        return ""
    return f"{hours:g}"


def _dates(certificate: Certificate) -> str:
    start, end = certificate.start_date, certificate.end_date
    if start and end and start != end:
        return f"{start.isoformat()} – {end.isoformat()}"
    day = start or end
    return day.isoformat() if day else ""


def completion_rule(certificate: Certificate) -> str:
    """The workshop's completion rule, in words (English, like the credential)."""
    from app.workshops.models import Workshop

    workshop = db.session.get(Workshop, certificate.workshop_id) if certificate.workshop_id \
        else None
    if workshop is None:
        return "Awarded by the issuer on the completion of the training named above."
    parts = []
    if workshop.require_lessons:
        parts.append("complete every lesson of the workshop's courses")
    if workshop.require_quizzes:
        parts.append("pass every quiz of the workshop's courses")
    if workshop.min_attendance_percent:
        parts.append(f"attend at least {workshop.min_attendance_percent}% of the sessions")
    if not parts:
        return "Awarded by the organisers on the completion of the workshop."
    return "To complete the workshop, a participant must " + "; ".join(parts) + "."


def _printed_facts(certificate: Certificate) -> list[str]:
    """Every field the PDF prints, one line each."""
    lines = [f"Holder: {certificate.holder_name}"]
    if certificate.holder_native_name:
        lines.append(f"Holder (native script): {certificate.holder_native_name}")
    lines.append(f"Workshop: {certificate.title}")
    if certificate.title_native:
        lines.append(f"Workshop (other language): {certificate.title_native}")
    if certificate.course_titles:
        lines.append("Courses: " + "; ".join(certificate.course_titles))
    if _dates(certificate):
        lines.append(f"Dates: {_dates(certificate)}")
    if certificate.hours is not None:
        lines.append(f"Hours: {_hours(certificate.hours)}")
    venue = ", ".join(p for p in (certificate.venue, certificate.host_country) if p)
    if venue:
        lines.append(f"Venue: {venue}")
    for signatory in certificate.signatories or ():
        title = f", {signatory.get('title')}" if signatory.get("title") else ""
        lines.append(f"Signed by: {signatory.get('name', '')}{title}")
    lines.append(f"Issuer: {certificate.issuer}")
    lines.append(f"Serial number: {certificate.serial}")
    return lines


def build_credential(certificate: Certificate, *, base: str, did: str, status_list: StatusList,
                     index: int, salt: str | None = None) -> dict:
    """The unsigned OpenBadgeCredential of `certificate`, frozen from its snapshot."""
    salt = salt or secrets.token_hex(16)
    code = certificate.verification_code
    hours = _hours(certificate.hours)
    summary = certificate.title
    if hours:
        summary += f" ({hours} hours)"
    achievement_id = (f"{base}/workshops/{certificate.workshop_id}" if certificate.workshop_id
                      else f"{base}/verify/{code}#achievement")
    criteria = completion_rule(certificate)
    if hours:
        criteria += f" The workshop comprises {hours} hours of training."
    achievement = {
        "id": achievement_id,
        "type": ["Achievement"],
        "achievementType": "CertificateOfCompletion",
        "name": certificate.title,
        "description": "\n".join(_printed_facts(certificate)[2:]),
        "criteria": {"narrative": criteria},
        "inLanguage": "en",
    }
    if certificate.course_titles:
        achievement["tag"] = list(certificate.course_titles)
    subject = {
        "type": ["AchievementSubject"],
        "name": certificate.holder_name,
        "identifier": [
            {"type": "IdentityObject", "identityType": "emailAddress", "hashed": True,
             "identityHash": identity_hash(certificate.holder.email, salt), "salt": salt},
            {"type": "IdentityObject", "identityType": "name", "hashed": False,
             "identityHash": certificate.holder_name},
        ],
        "achievement": achievement,
    }
    if certificate.start_date:
        subject["activityStartDate"] = _day(certificate.start_date)
    if certificate.end_date:
        subject["activityEndDate"] = _day(certificate.end_date)
    list_url = status_list_url(base, status_list.id)
    return {
        "@context": [CREDENTIALS_V2, OB_V3],
        "id": credential_url(base, code),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": summary,
        "description": f"Certificate {certificate.serial}, verifiable at {base}/verify/{code}",
        "issuer": issuer_profile(did, base),
        "validFrom": timestamp(certificate.issued_at),
        "credentialSubject": subject,
        "evidence": [{
            "id": f"{base}/verify/{code}",
            "type": ["Evidence"],
            "name": f"Certificate {certificate.serial}",
            "narrative": "\n".join(_printed_facts(certificate)),
        }],
        "credentialStatus": {
            "id": f"{list_url}#{index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": status_list.purpose,
            "statusListIndex": str(index),
            "statusListCredential": list_url,
        },
    }


def build_status_list_credential(status_list: StatusList, *, base: str, did: str) -> dict:
    url = status_list_url(base, status_list.id)
    return {
        "@context": [CREDENTIALS_V2],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": did,
        "validFrom": timestamp(status_list.updated_at),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": status_list.purpose,
            "encodedList": status_lists.encode(status_list.bits),
        },
    }
