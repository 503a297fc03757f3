"""Who completed a workshop and what their certificate says: what certificates ask workshops.

The certificates domain imports these directly (``app.certificates.services``)::

    for user, data in completers(workshop): ...
    template, language = certificate_choice(workshop)
"""

from __future__ import annotations

from app.auth.models import User
from app.certificates.data import CertificateData
from app.workshops import completion
from app.workshops.models import COMPLETED, ONLINE, Workshop


def course_titles(workshop: Workshop, language: str | None) -> tuple[str, ...]:
    """The workshop's course titles in `language` where a course is translated into it
    (the source title otherwise)."""
    from app.courses.services import course_title

    return tuple(course_title(c, language) for c in workshop.courses)


def certificate_data(workshop: Workshop, user: User,
                     language: str | None = None) -> CertificateData:
    """What a learner's certificate for this workshop says (frozen by certificates at issue):
    the course titles in `language`, by default the holder's preferred language."""
    courses = workshop.courses
    hours = sum(c.hours or 0 for c in courses) or None
    in_person = workshop.mode != ONLINE and workshop.host_country != "XX"
    return CertificateData(
        holder_name=user.name,
        holder_native_name=user.native_name or "",
        title=workshop.title,
        course_titles=course_titles(workshop, user.language if language is None else language),
        start_date=workshop.start_date,
        end_date=workshop.end_date,
        hours=hours,
        venue=(workshop.city or workshop.venue) if in_person else "Online",
        host_country=workshop.host_country if in_person else "",
    )


def completers(workshop: Workshop) -> list[tuple[User, CertificateData]]:
    """Learners who completed the workshop under its rule (computed from the records now)."""
    return [(line.user, certificate_data(workshop, line.user))
            for line in completion.compute(workshop) if line.status == COMPLETED]


def certificate_choice(workshop: Workshop) -> tuple[str, str]:
    """The workshop's certificate template ("classic" if none) and its language beside
    English ("" for English only)."""
    other = next((code for code in workshop.certificate_languages or () if code != "en"), "")
    return workshop.certificate_template or "classic", other
