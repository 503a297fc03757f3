"""E-mails about workshops, in each recipient's language (or the log without MAIL_SERVER).

Links are built from the configured public address (``app.web.external_url``)."""

from __future__ import annotations

from flask_babel import gettext as _

from app.i18n import force_language
from app.mail import send_mail
from app.web import external_url
from app.workshops.models import Enrolment, Workshop


def _dates(workshop: Workshop) -> str:
    if workshop.start_date == workshop.end_date:
        return workshop.start_date.isoformat()
    return f"{workshop.start_date.isoformat()} – {workshop.end_date.isoformat()}"


def _mail(enrolment: Enrolment, compose) -> None:
    """Mail the enrolment's official: `compose(values)` runs in their language (`values`: the
    name, title, dates and page link of the workshop) and returns the subject, then the
    paragraphs of the body (an empty one is left out)."""
    workshop, user = enrolment.workshop, enrolment.user
    values = {"name": user.name, "title": workshop.title, "dates": _dates(workshop),
              "link": external_url("workshops.detail", workshop_id=workshop.id)}
    with force_language(user.language):
        subject, *paragraphs = compose(values)
    send_mail(user.email, subject, "\n\n".join(p for p in paragraphs if p))


def _note(enrolment: Enrolment) -> str:
    return enrolment.note and _("Note from the organisers: %(note)s", note=enrolment.note)


def _account_note(account_link: str | None) -> str | None:
    """For a new account: the link to choose its password (an invitation or a roster import)."""
    return account_link and _("An account has been created for you. Choose your password "
                              "first (the link is valid for 14 days):\n\n%(link)s",
                              link=account_link)


def enrolment_approved(enrolment: Enrolment) -> None:
    _mail(enrolment, lambda v: (
        _("Enrolment confirmed: %(title)s", **v),
        _("Dear %(name)s,\n\nYour enrolment in the workshop \"%(title)s\" (%(dates)s) "
          "is confirmed.\n\nWorkshop page: %(link)s", **v),
        _note(enrolment)))


def enrolment_declined(enrolment: Enrolment) -> None:
    _mail(enrolment, lambda v: (
        _("Application to %(title)s", **v),
        _("Dear %(name)s,\n\nYour application to the workshop \"%(title)s\" could not "
          "be accepted.", **v),
        _note(enrolment)))


def invited(enrolment: Enrolment, *, account_link: str | None) -> None:
    """An invitation to enrol; `account_link` lets a new account choose its password."""
    _mail(enrolment, lambda v: (
        _("Invitation: %(title)s", **v),
        _("Dear %(name)s,\n\nYou are invited to the workshop \"%(title)s\" (%(dates)s). "
          "Accept the invitation on the workshop page:\n\n%(link)s", **v),
        _account_note(account_link)))


def added_to_roster(enrolment: Enrolment, *, account_link: str | None) -> None:
    """Enrolled by the organisers (roster import); new accounts also choose a password."""
    _mail(enrolment, lambda v: (
        _("Enrolment confirmed: %(title)s", **v),
        _("Dear %(name)s,\n\nYou have been enrolled in the workshop \"%(title)s\" "
          "(%(dates)s).\n\nWorkshop page: %(link)s", **v),
        _account_note(account_link)))


def workshop_starting(enrolment: Enrolment) -> None:
    workshop = enrolment.workshop
    place = ", ".join(p for p in (workshop.venue, workshop.city) if p)
    _mail(enrolment, lambda v: (
        _("Starting soon: %(title)s", **v),
        _("Dear %(name)s,\n\nThe workshop \"%(title)s\" starts on %(date)s.", **v,
          date=workshop.start_date.isoformat())
        + ("\n" + _("Venue: %(place)s", place=place) if place else ""),
        _("Workshop page: %(link)s", **v)))


def completion_reached(enrolment: Enrolment) -> None:
    _mail(enrolment, lambda v: (
        _("Workshop completed: %(title)s", **v),
        _("Dear %(name)s,\n\nCongratulations: you have completed the workshop "
          "\"%(title)s\".\n\n%(link)s", **v)))
