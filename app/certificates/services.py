"""Issuing, reissuing and revoking certificates; finding them. No request, no commit."""

from __future__ import annotations

import base64
import re
import secrets
from dataclasses import asdict, replace
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, or_, select

from app import signals
from app.auth.audit import record_audit
from app.auth.models import User
from app.certificates import design, serials, signing
from app.certificates.data import CertificateData
from app.certificates.models import REPLACED, REVOKED, VALID, Certificate
from app.certificates.rendering.templates import TemplateSpec
from app.extensions import db
from app.reference import LANGUAGES
from app.timeutil import utcnow
from app.web import public_base_url
from app.workshops import completers
from app.workshops.models import Workshop

CODE_RE = re.compile(r"^[a-z2-7]{26}$")
MAX_REASON = 1000


class CertificateError(Exception):
    """An operation was refused; the message says why, for the user."""


# Codes and addresses ----------------------------------------------------------------------

def new_code() -> str:
    """128 random bits in lower-case base32 (26 characters, no 0/1/8/9 to misread)."""
    return base64.b32encode(secrets.token_bytes(16)).decode().rstrip("=").lower()


def normalise_code(text: str) -> str:
    """Accept a code as typed or pasted: a whole URL, upper case, spaces or hyphens."""
    text = (text or "").strip()
    if "/" in text:
        text = text.rstrip("/").rsplit("/", 1)[-1]
    return re.sub(r"[\s-]", "", text).lower()


def verification_url(code: str, base: str | None = None) -> str:
    return f"{base or public_base_url()}/verify/{code}"


def short_url(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.netloc}{parts.path}"


# Issuing ----------------------------------------------------------------------------------

def _check_choice(template: str, language: str) -> TemplateSpec:
    try:
        spec = design.get_spec(template)
    except design.UnknownTemplate as exc:
        raise CertificateError(_("There is no certificate template called %(name)s.",
                                 name=template)) from exc
    if spec.bilingual and not language:
        raise CertificateError(_("The %(name)s template needs a language beside English.",
                                 name=spec.label))
    if language and (language == "en" or language not in LANGUAGES):
        raise CertificateError(_("Choose one of the network's languages besides English."))
    return spec


def _check_data(data: CertificateData) -> None:
    if not data.holder_name.strip():
        raise CertificateError(_("The certificate needs the holder's name."))
    limits = {"holder_name": 200, "holder_native_name": 200, "title": 300,
              "title_native": 300, "venue": 200, "issuer": 200}
    for field, limit in limits.items():
        if len(getattr(data, field)) > limit:
            raise CertificateError(_("%(field)s is longer than %(n)d characters.",
                                     field=field.replace("_", " "), n=limit))
    if data.start_date and data.end_date and data.end_date < data.start_date:
        raise CertificateError(_("The end date is before the start date."))


def issue_many(recipients: list[tuple[User, CertificateData]], *, template: str,
               language: str = "", workshop_id: int | None = None, issued_by: User | None,
               reissue_of: Certificate | None = None, reissue_reason: str = "",
               ) -> list[Certificate]:
    """Create the certificate records (serials, codes, snapshots) in one go.

    PDFs are rendered right after the transaction commits (see background.py), so issuing a
    large cohort holds the request only for the inserts.
    """
    language = "" if language in (None, "en") else language
    spec = _check_choice(template, language)
    for _holder, data in recipients:
        _check_data(data)
    if not recipients:
        return []
    resolved = design.resolve(spec, language)
    issuer = current_app.config.get("CERTIFICATE_ISSUER", "ASEAN-Korea Migration Network")
    year = serials.current_year()
    numbers = serials.allocate(year, len(recipients))
    signing.ensure_active_key()  # under the counter's lock: one first key, not two
    base = public_base_url()
    now = utcnow()
    action = "certificate.reissue" if reissue_of is not None else "certificate.issue"
    created = []
    for (holder, data), number in zip(recipients, numbers, strict=True):
        data = data.with_defaults(issuer=issuer, signatories=resolved.signatories)
        code = new_code()
        serial = serials.format_serial(year, number)
        certificate = Certificate(
            serial=serial, year=year, number=number, verification_code=code,
            user_id=holder.id, workshop_id=workshop_id, template=spec.name, language=language,
            status=VALID,
            holder_name=data.holder_name.strip(),
            holder_native_name=data.holder_native_name.strip(),
            title=data.title.strip(), title_native=data.title_native.strip(),
            course_titles=[t for t in data.course_titles if t.strip()],
            start_date=data.start_date, end_date=data.end_date, hours=data.hours,
            venue=data.venue.strip(), host_country=data.host_country, issuer=data.issuer,
            signatories=[asdict(s) for s in data.signatories],
            printed={"texts": resolved.texts, "texts_native": resolved.texts_native,
                     "logos": list(resolved.logos), "verify_url": verification_url(code, base)},
            issued_at=now, issued_by_id=getattr(issued_by, "id", None),
            reissue_of_id=reissue_of.id if reissue_of is not None else None,
            reissue_reason=reissue_reason,
        )
        db.session.add(certificate)
        details = f"{holder.email}; {certificate.title}"
        if workshop_id is not None:
            details += f"; workshop {workshop_id}"
        if reissue_of is not None:
            details += f"; replaces {reissue_of.serial}: {reissue_reason}"
        record_audit(action, actor=issued_by, target=serial, details=details)
        created.append(certificate)
    db.session.flush()
    for certificate in created:
        signals.certificate_issued.send(certificate, actor=issued_by)
    from app.certificates.background import request_rendering

    request_rendering([certificate.id for certificate in created])
    return created


def issue_certificate(holder: User, *, snapshot: CertificateData, template: str,
                      language: str = "", workshop_id: int | None = None,
                      issued_by: User | None) -> Certificate:
    return issue_many([(holder, snapshot)], template=template, language=language,
                      workshop_id=workshop_id, issued_by=issued_by)[0]


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise CertificateError(_("Please give the reason."))
    if len(reason) > MAX_REASON:
        raise CertificateError(_("The reason is longer than %(n)d characters.", n=MAX_REASON))
    return reason


def revoke_certificate(certificate: Certificate, *, reason: str, actor: User | None) -> None:
    reason = _reason(reason)
    if certificate.status != VALID:
        raise CertificateError(_("This certificate is no longer valid."))
    certificate.status = REVOKED
    certificate.revoked_at = utcnow()
    certificate.revoked_by_id = getattr(actor, "id", None)
    certificate.revocation_reason = reason
    record_audit("certificate.revoke", actor=actor, target=certificate.serial, details=reason)
    db.session.flush()
    signals.certificate_revoked.send(certificate, actor=actor, reason=reason)


def reissue_certificate(certificate: Certificate, *, reason: str, actor: User | None,
                        snapshot: CertificateData | None = None, template: str | None = None,
                        language: str | None = None) -> Certificate:
    """A new certificate (new serial and code) replacing `certificate`, which stops being
    valid. Without a new snapshot, the old one is reused with the holder's current names
    (the usual reason: a name was corrected) and today's signatories."""
    reason = _reason(reason)
    if certificate.status == REPLACED:
        raise CertificateError(_("This certificate has already been replaced."))
    holder = certificate.holder
    if snapshot is None:
        snapshot = replace(certificate.snapshot, holder_name=holder.name,
                           holder_native_name=holder.native_name, signatories=())
    new = issue_many([(holder, snapshot)], template=template or certificate.template,
                     language=certificate.language if language is None else language,
                     workshop_id=certificate.workshop_id, issued_by=actor,
                     reissue_of=certificate, reissue_reason=reason)[0]
    was_valid = certificate.status == VALID
    if was_valid:
        certificate.revoked_at = utcnow()
        certificate.revoked_by_id = getattr(actor, "id", None)
    certificate.status = REPLACED
    certificate.revocation_reason = _("Replaced by %(serial)s: %(reason)s",
                                      serial=new.serial, reason=reason)
    db.session.flush()
    if was_valid:
        signals.certificate_revoked.send(certificate, actor=actor, reason=reason)
    return new


# Cohorts: the one place certificates are issued to a workshop's completers ----------------

def holders_with_certificates(workshop: Workshop) -> set[int]:
    return set(db.session.scalars(
        select(Certificate.user_id).where(Certificate.workshop_id == workshop.id)))


def eligible_for_workshop(workshop: Workshop) -> list[tuple[User, CertificateData]]:
    """Who completed the workshop and has no certificate for it yet (any state)."""
    have = holders_with_certificates(workshop)
    return [(user, data) for user, data in completers.completers(workshop) if user.id not in have]


# The language a holder from each country reads beside English, when their own preferred
# language has no certificate (Singapore and Brunei: English and Malay; Korea: Korean).
COUNTRY_LANGUAGES = {"BN": "ms", "KH": "km", "ID": "id", "LA": "lo", "MY": "ms", "MM": "my",
                     "PH": "fil", "SG": "ms", "TH": "th", "TL": "tet", "VN": "vi", "KR": "ko"}


def holder_language(user: User, fallback: str = "") -> str:
    """The second language of a holder's certificate: their preferred language, else their
    country's, else `fallback` (the workshop's); "" for English only."""
    available = {code for code, _name in design.language_choices()}
    for code in (user.language, COUNTRY_LANGUAGES.get(user.country or "")):
        if code in available:
            return code
    return fallback if fallback in available else ""


def issue_for_workshop(workshop: Workshop, *, template: str | None = None,
                       language: str | None = None, languages: dict[int, str] | None = None,
                       issued_by: User | None) -> list[Certificate]:
    """Issue to every completer without a certificate, with the workshop's template unless
    another is given. The second language: `language` for everyone when given, else per
    holder `languages[user.id]`, else `holder_language` (their own language, then their
    country's). Safe when two organisers click at once (the year's counter lock is taken
    before looking at who already has one)."""
    default_template, default_language = completers.certificate_choice(workshop)
    serials.lock_year(serials.current_year())
    recipients = eligible_for_workshop(workshop)
    groups: dict[str, list] = {}
    for holder, data in recipients:
        if language is not None:
            chosen = language
        elif languages and holder.id in languages:
            chosen = languages[holder.id]
        else:
            chosen = holder_language(holder, default_language)
        # The course titles in the certificate's second language (the holder's by default).
        data = replace(data, course_titles=completers.course_titles(workshop, chosen or None))
        groups.setdefault(chosen or "", []).append((holder, data))
    created = []
    for code, group in groups.items():
        created += issue_many(group, template=template or default_template, language=code,
                              workshop_id=workshop.id, issued_by=issued_by)
    return created


# Finding ----------------------------------------------------------------------------------

def find_by_code(code: str) -> Certificate | None:
    code = normalise_code(code)
    if not CODE_RE.match(code):
        return None
    return db.session.scalars(
        select(Certificate).where(Certificate.verification_code == code)).first()


def find_by_serial(serial: str) -> Certificate | None:
    return db.session.scalars(
        select(Certificate).where(Certificate.serial == serial.strip().upper())).first()


def certificates_of(user: User) -> list[Certificate]:
    return list(db.session.scalars(
        select(Certificate).where(Certificate.user_id == user.id)
        .order_by(Certificate.issued_at.desc(), Certificate.id.desc())))


def search(*, q: str = "", status: str = "", workshop_id: int | None = None,
           year: int | None = None, template: str = ""):
    """The register's query, newest first (a Select; paginate or iterate it)."""
    query = select(Certificate)
    if q.strip():
        like = f"%{q.strip().lower()}%"
        query = query.where(or_(func.lower(Certificate.holder_name).like(like),
                                func.lower(Certificate.holder_native_name).like(like),
                                func.lower(Certificate.serial).like(like),
                                func.lower(Certificate.title).like(like)))
    if status in (VALID, REVOKED, REPLACED):
        query = query.where(Certificate.status == status)
    elif status == "pending":
        query = query.where(Certificate.rendered_at.is_(None))
    if workshop_id is not None:
        query = query.where(Certificate.workshop_id == workshop_id)
    if year:
        query = query.where(Certificate.year == year)
    if template:
        query = query.where(Certificate.template == template)
    return query.order_by(Certificate.issued_at.desc(), Certificate.id.desc())


def years() -> list[int]:
    return list(db.session.scalars(
        select(Certificate.year).distinct().order_by(Certificate.year.desc())))


def pending_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Certificate).where(
        Certificate.rendered_at.is_(None))) or 0
