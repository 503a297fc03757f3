"""Who may get a certificate for a workshop: a hook the workshops domain fills in.

The certificates domain does not know what "completed a workshop" means; the workshops
domain registers a provider at start-up:

    from app.certificates import eligibility

    def completers(workshop_id: int) -> list[tuple[User, CertificateData]]: ...
    eligibility.register(completers, describe=workshop_settings)

``describe(workshop_id)`` (optional) returns a ``WorkshopInfo`` (title, default template
and language) for the cohort page, or None for an unknown workshop. Without a provider, the
cohort page and ``flask certificates issue --workshop`` say that workshops are not available;
everything else works on its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from app.certificates.data import CertificateData


@dataclass(frozen=True)
class WorkshopInfo:
    title: str
    template: str | None = None
    language: str | None = None
    url: str | None = None


ELIGIBILITY_PROVIDER: Callable[[int], list[tuple[Any, CertificateData]]] | None = None
WORKSHOP_DESCRIBER: Callable[[int], WorkshopInfo | None] | None = None


def register(provider: Callable[[int], list[tuple[Any, CertificateData]]], *,
             describe: Callable[[int], WorkshopInfo | None] | None = None) -> None:
    global ELIGIBILITY_PROVIDER, WORKSHOP_DESCRIBER
    ELIGIBILITY_PROVIDER = provider
    WORKSHOP_DESCRIBER = describe


def unregister() -> None:
    global ELIGIBILITY_PROVIDER, WORKSHOP_DESCRIBER
    ELIGIBILITY_PROVIDER = None
    WORKSHOP_DESCRIBER = None


def available() -> bool:
    return ELIGIBILITY_PROVIDER is not None


def completers(workshop_id: int) -> list[tuple[Any, CertificateData]]:
    if ELIGIBILITY_PROVIDER is None:
        raise WorkshopsUnavailable()
    return list(ELIGIBILITY_PROVIDER(workshop_id))


def describe(workshop_id: int) -> WorkshopInfo | None:
    if WORKSHOP_DESCRIBER is None:
        return None
    return WORKSHOP_DESCRIBER(workshop_id)


class WorkshopsUnavailable(Exception):
    """No workshops domain has registered who completed what."""

    def __str__(self) -> str:
        return ("Workshops are not available on this platform yet: certificates can be "
                "issued to one learner at a time (Certificates → Issue a certificate).")
