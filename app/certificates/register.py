"""The register: CSV of certificates and a zip of a workshop's PDFs."""

from __future__ import annotations

import csv
import io
import re
import tempfile
import unicodedata
import zipfile

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.certificates.models import VALID, Certificate
from app.extensions import db

# The command line's columns (DESIGN.md): stable, for organisers' scripts.
LIST_COLUMNS = ["serial", "verification_code", "holder_name", "native_name", "workshop",
                "issued_at", "status"]
REGISTER_COLUMNS = [*LIST_COLUMNS, "holder_email", "workshop_id", "courses", "start_date",
                    "end_date", "template", "language", "issued_by", "revoked_at",
                    "revocation_reason", "replaces", "pdf_sha256", "verification_url"]


def _cell(value) -> str:
    text = "" if value is None else str(value)
    # A cell starting with = + - @ is a formula in spreadsheets: neutralise it.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _row(certificate: Certificate, full: bool) -> list[str]:
    status = certificate.status if certificate.is_rendered or certificate.status != VALID \
        else "pending"
    row = [certificate.serial, certificate.verification_code, certificate.holder_name,
           certificate.holder_native_name, certificate.title,
           certificate.issued_at.isoformat(timespec="seconds") + "Z", status]
    if full:
        row += [
            certificate.holder.email if certificate.holder else "",
            certificate.workshop_id or "",
            " | ".join(certificate.course_titles or []),
            certificate.start_date or "", certificate.end_date or "",
            certificate.template, certificate.language,
            certificate.issued_by.email if certificate.issued_by else "",
            certificate.revoked_at.isoformat(timespec="seconds") + "Z"
            if certificate.revoked_at else "",
            certificate.revocation_reason,
            certificate.reissue_of.serial if certificate.reissue_of else "",
            certificate.pdf_sha256 or "",
            (certificate.printed or {}).get("verify_url", ""),
        ]
    return [_cell(v) for v in row]


def with_people(query):
    """Load holders, issuers and replaced certificates with the rows (full register)."""
    return query.options(selectinload(Certificate.holder), selectinload(Certificate.issued_by),
                         selectinload(Certificate.reissue_of))


def write_csv(certificates, out, *, full: bool = False) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(REGISTER_COLUMNS if full else LIST_COLUMNS)
    for certificate in certificates:
        writer.writerow(_row(certificate, full))


def csv_text(certificates, *, full: bool = False) -> str:
    out = io.StringIO()
    write_csv(certificates, out, full=full)
    return out.getvalue()


def pdf_filename(certificate: Certificate) -> str:
    name = unicodedata.normalize("NFKD", certificate.holder_name)
    name = re.sub(r"[^A-Za-z0-9 .-]", "", name.encode("ascii", "ignore").decode()).strip()
    return f"{certificate.serial} {name}".strip()[:120] + ".pdf"


def workshop_zip(workshop_id: int) -> tempfile.SpooledTemporaryFile | None:
    """A zip of the workshop's valid certificates (one PDF at a time in memory) plus its
    register as CSV; None if the workshop has no rendered certificate."""
    base = with_people(select(Certificate).where(Certificate.workshop_id == workshop_id)
                       .order_by(Certificate.number, Certificate.id))
    certificates = db.session.scalars(base).all()
    valid = [c for c in certificates if c.status == VALID and c.is_rendered]
    if not valid:
        return None
    # Returned open for send_file, which closes it once the response is sent.
    spool = tempfile.SpooledTemporaryFile(max_size=32 * 1024 * 1024)  # noqa: SIM115
    try:
        with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_STORED) as archive:
            archive.writestr("register.csv", csv_text(certificates, full=True))
            for certificate in valid:
                data = db.session.scalar(select(Certificate.pdf).where(
                    Certificate.id == certificate.id))
                archive.writestr(pdf_filename(certificate), data)
    except BaseException:
        spool.close()
        raise
    spool.seek(0)
    return spool
