"""Certificates of the benchmark dataset: one issued and rendered through the services (the
verification page shows it), then 4,999 records copied from it in bulk, each with its own
serial, code and holder, and the same rendered PDF bytes (rendering 5,000 PDFs is the
certificates benchmark's business, not the dataset's)."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from app.extensions import db


def seed(s) -> None:
    from app.auth.models import User
    from app.certificates import serials, services
    from app.certificates.data import CertificateData
    from app.certificates.models import Certificate, CertificateCounter
    from app.web import public_base_url

    learner = db.session.get(User, s.world["accounts"]["learner"])
    organiser = db.session.get(User, s.world["accounts"]["organiser"])
    workshop_id = s.world.get("big_workshop")
    data = CertificateData(
        holder_name=learner.name, holder_native_name=learner.native_name,
        title="Regional workshop on labour migration 1",
        course_titles=("Migration governance in practice 1",),
        start_date=date(2026, 9, 1), end_date=date(2026, 10, 1), hours=30, venue="Bangkok",
        host_country="TH")
    first = services.issue_many([(learner, data)], template="classic", workshop_id=workshop_id,
                                issued_by=organiser)[0]
    db.session.commit()  # renders it (inline background mode in the bench's app)
    first = db.session.get(Certificate, first.id)
    if first.rendered_at is None:  # another background mode: render here
        from app.certificates.background import render_one

        render_one(first.id)
        db.session.expire_all()
        first = db.session.get(Certificate, first.id)
    pdf = first.pdf
    columns = [c.name for c in s.tables["certificates"].c]
    template = {name: getattr(first, name) for name in columns
                if name not in ("id",) and hasattr(first, name)}
    template["pdf"] = pdf

    n = max(1, round(5000 * s.scale)) - 1
    # Holders: the learners of the workshops, workshop by workshop (the big one first), as
    # cohorts are issued; then officials without a workshop (issued by hand).
    pairs = [p for p in s.world.get("enrolments", []) if p[1] != learner.id][:n]
    pairs += [(None, uid) for uid in s.world["officials"][:n - len(pairs)]]
    ids = s.ids("certificates", n)
    numbers = serials.allocate(first.year, n)
    base = public_base_url()
    rows = []
    for k, (cid, number) in enumerate(zip(ids, numbers, strict=True)):
        workshop, holder = pairs[k % len(pairs)]
        name, native = s.person(k + 6)
        code = services.new_code()
        row = dict(template)
        row.update(id=cid, number=number, serial=serials.format_serial(first.year, number),
                   verification_code=code, user_id=holder, workshop_id=workshop,
                   holder_name=name,
                   holder_native_name=native,
                   printed={**first.printed, "verify_url": services.verification_url(code,
                                                                                    base)})
        if k % 50 == 49:
            row.update(status="revoked", revoked_at=s.now, revoked_by_id=organiser.id,
                       revocation_reason="Issued by mistake (benchmark data).")
        rows.append(row)
    s.insert("certificates", rows)
    db.session.execute(sa.update(CertificateCounter).where(CertificateCounter.year == first.year)
                       .values(last_number=max(numbers, default=first.number)))
    s.world["certificate_pdf_bytes"] = len(pdf or b"")
    s.world["urls"]["verification"] = f"/verify/{first.verification_code}"
