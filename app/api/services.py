"""What the API reads and writes, as plain dicts for its schemas. No request, no commit.

An organiser's token sees the workshops they organise (and those workshops' certificates);
an admin's token sees everything.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import Select, func, select

from app.auth.models import ADMIN, User
from app.certificates.models import VALID, Certificate
from app.certificates.services import verification_url
from app.courses.models import PUBLISHED, Course
from app.credentials import services as credentials
from app.credentials.did import base_url
from app.credentials.documents import credential_url
from app.extensions import db
from app.workshops.models import COMPLETED, STAFF_ORGANISER, Enrolment, Workshop, WorkshopStaff


@dataclass(frozen=True)
class Page:
    items: list
    page: int
    per_page: int
    total: int

    def as_dict(self, **extra) -> dict:
        pages = (self.total + self.per_page - 1) // self.per_page if self.total else 0
        return {"items": self.items, "page": self.page, "per_page": self.per_page,
                "total": self.total, "pages": pages, **extra}


def paginate(query: Select, page: int, per_page: int, convert) -> Page:
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    rows = db.session.scalars(query.limit(per_page).offset((page - 1) * per_page)).all()
    return Page([convert(row) for row in rows], page, per_page, total or 0)


def _is_admin(user: User) -> bool:
    return ADMIN in user.roles


def managed_workshop_ids(user: User):
    """A subquery of the workshops `user` organises (None: all, for admins)."""
    if _is_admin(user):
        return None
    return select(WorkshopStaff.workshop_id).where(WorkshopStaff.user_id == user.id,
                                                   WorkshopStaff.role == STAFF_ORGANISER)


def workshop_for(user: User, workshop_id: int) -> Workshop | None:
    from app.workshops.permissions import can_manage_workshop

    workshop = db.session.get(Workshop, workshop_id)
    if workshop is None or not can_manage_workshop(user, workshop):
        return None
    return workshop


# Certificates -------------------------------------------------------------------------------

def certificate_dict(certificate: Certificate) -> dict:
    issued = credentials.credential_of(certificate)
    base = base_url()
    code = certificate.verification_code
    return {
        "serial": certificate.serial,
        "status": certificate.status,
        "holder_name": certificate.holder_name,
        "holder_native_name": certificate.holder_native_name,
        "title": certificate.title,
        "title_native": certificate.title_native,
        "course_titles": list(certificate.course_titles or ()),
        "start_date": certificate.start_date,
        "end_date": certificate.end_date,
        "hours": certificate.hours,
        "venue": certificate.venue,
        "host_country": certificate.host_country,
        "issuer": certificate.issuer,
        "signatories": [{"name": s.get("name", ""), "title": s.get("title", "")}
                        for s in certificate.signatories or ()],
        "issued_at": certificate.issued_at,
        "revoked_at": certificate.revoked_at,
        "workshop_id": certificate.workshop_id,
        "verification_url": verification_url(code, base),
        "credential_url": credential_url(base, code) if issued is not None else None,
        "valid": certificate.status == VALID,
        "_issued": issued,
    }


def held_certificate_dict(certificate: Certificate) -> dict:
    data = certificate_dict(certificate)
    issued = data.pop("_issued")
    data["holder_email"] = certificate.holder.email
    data["credential"] = issued.document if issued is not None else None
    return data


def verification_dict(certificate: Certificate) -> dict:
    data = certificate_dict(certificate)
    data.pop("_issued")
    return data


def certificates(user: User, *, workshop_id: int | None = None, holder: str | None = None,
                 issued_from: date | None = None, issued_to: date | None = None,
                 status: str | None = None, page: int = 1, per_page: int = 20) -> Page:
    query = select(Certificate).order_by(Certificate.issued_at.desc(), Certificate.id.desc())
    managed = managed_workshop_ids(user)
    if managed is not None:
        query = query.where(Certificate.workshop_id.in_(managed))
    if workshop_id is not None:
        query = query.where(Certificate.workshop_id == workshop_id)
    if holder:
        query = query.join(User, User.id == Certificate.user_id).where(
            func.lower(User.email) == holder.strip().lower())
    if issued_from:
        query = query.where(Certificate.issued_at >= datetime.combine(issued_from, time.min))
    if issued_to:
        query = query.where(Certificate.issued_at < datetime.combine(
            issued_to + timedelta(days=1), time.min))
    if status:
        query = query.where(Certificate.status == status)
    return paginate(query, page, per_page, held_certificate_dict)


# Workshops ----------------------------------------------------------------------------------

def person_dict(user: User) -> dict:
    return {"email": user.email, "name": user.name, "country": user.country or "",
            "agency": user.agency or ""}


def completions(workshop: Workshop, *, page: int = 1, per_page: int = 20) -> Page:
    serials = {c.user_id: c.serial for c in db.session.scalars(
        select(Certificate).where(Certificate.workshop_id == workshop.id,
                                  Certificate.status == VALID))}
    query = (select(Enrolment).where(Enrolment.workshop_id == workshop.id,
                                     Enrolment.completion_status == COMPLETED)
             .order_by(Enrolment.completed_at, Enrolment.id))
    return paginate(query, page, per_page, lambda e: {
        "user": person_dict(e.user), "completed_at": e.completed_at,
        "certificate_serial": serials.get(e.user_id)})


def enrolment_dict(enrolment: Enrolment) -> dict:
    return {"id": enrolment.id, "workshop_id": enrolment.workshop_id,
            "user": person_dict(enrolment.user), "status": enrolment.status,
            "completion_status": enrolment.completion_status,
            "created_at": enrolment.created_at}


def enrolments(workshop: Workshop, *, status: str | None = None, page: int = 1,
               per_page: int = 20) -> Page:
    query = select(Enrolment).where(Enrolment.workshop_id == workshop.id).order_by(Enrolment.id)
    if status:
        query = query.where(Enrolment.status == status)
    return paginate(query, page, per_page, enrolment_dict)


def user_by_email(email: str) -> User | None:
    return db.session.scalars(
        select(User).where(func.lower(User.email) == email.strip().lower())).first()


# Courses ------------------------------------------------------------------------------------

def courses(*, page: int = 1, per_page: int = 20) -> Page:
    query = select(Course).where(Course.status == PUBLISHED).order_by(Course.title, Course.id)
    return paginate(query, page, per_page, lambda c: {
        "id": c.id, "slug": c.slug, "title": c.title, "summary": c.summary,
        "language": c.language, "level": c.level, "hours": c.hours,
        "published_at": c.published_at})
