"""The certificates domain asks workshops who completed what (app.certificates.eligibility)."""

from __future__ import annotations

from flask import has_request_context, url_for

from app.certificates import eligibility
from app.certificates.data import CertificateData
from app.workshops import services
from app.workshops.completion import compute
from app.workshops.models import COMPLETED, ONLINE, Workshop


def certificate_data(workshop: Workshop, user) -> CertificateData:
    """What a learner's certificate for this workshop says (frozen by certificates at issue)."""
    courses = workshop.courses
    hours = sum(c.hours or 0 for c in courses) or None
    in_person = workshop.mode != ONLINE and workshop.host_country != "XX"
    return CertificateData(
        holder_name=user.name,
        holder_native_name=user.native_name or "",
        title=workshop.title,
        course_titles=tuple(c.title for c in courses),
        start_date=workshop.start_date,
        end_date=workshop.end_date,
        hours=hours,
        venue=(workshop.city or workshop.venue) if in_person else "Online",
        host_country=workshop.host_country if in_person else "",
    )


def completers(workshop_id: int) -> list[tuple]:
    """Learners who completed the workshop under its rule (computed from the records now)."""
    workshop = services.get_workshop(workshop_id)
    if workshop is None:
        return []
    return [(line.user, certificate_data(workshop, line.user))
            for line in compute(workshop) if line.status == COMPLETED]


def describe(workshop_id: int) -> eligibility.WorkshopInfo | None:
    workshop = services.get_workshop(workshop_id)
    if workshop is None:
        return None
    other = next((code for code in workshop.certificate_languages if code != "en"), None)
    url = url_for("workshops.detail", workshop_id=workshop.id) if has_request_context() \
        else None
    return eligibility.WorkshopInfo(title=workshop.title,
                                    template=workshop.certificate_template or None,
                                    language=other, url=url)


def register() -> None:
    eligibility.register(completers, describe=describe)
