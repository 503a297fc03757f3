"""E-mails about workshops, in each recipient's language (or the log without MAIL_SERVER).

Links are built from the configured public address (``app.web.external_url``)."""

from __future__ import annotations

from flask_babel import gettext as _

from app.auth.models import User
from app.i18n import force_language
from app.mail import send_mail
from app.web import external_url
from app.workshops.models import Enrolment, Workshop


def _send(user: User, subject_and_body) -> None:
    with force_language(user.language):
        subject, body = subject_and_body()
    send_mail(user.email, subject, body)


def _dates(workshop: Workshop) -> str:
    if workshop.start_date == workshop.end_date:
        return workshop.start_date.isoformat()
    return f"{workshop.start_date.isoformat()} – {workshop.end_date.isoformat()}"


def enrolment_approved(enrolment: Enrolment) -> None:
    workshop, user = enrolment.workshop, enrolment.user
    link = external_url("workshops.detail", workshop_id=workshop.id)

    def message():
        body = _("Dear %(name)s,\n\nYour enrolment in the workshop \"%(title)s\" (%(dates)s) "
                 "is confirmed.\n\nWorkshop page: %(link)s",
                 name=user.name, title=workshop.title, dates=_dates(workshop), link=link)
        if enrolment.note:
            body += "\n\n" + _("Note from the organisers: %(note)s", note=enrolment.note)
        return _("Enrolment confirmed: %(title)s", title=workshop.title), body

    _send(user, message)


def enrolment_declined(enrolment: Enrolment) -> None:
    workshop, user = enrolment.workshop, enrolment.user

    def message():
        body = _("Dear %(name)s,\n\nYour application to the workshop \"%(title)s\" could not "
                 "be accepted.", name=user.name, title=workshop.title)
        if enrolment.note:
            body += "\n\n" + _("Note from the organisers: %(note)s", note=enrolment.note)
        return _("Application to %(title)s", title=workshop.title), body

    _send(user, message)


def invited(enrolment: Enrolment, *, account_link: str | None) -> None:
    """An invitation to enrol; `account_link` lets a new account choose its password."""
    workshop, user = enrolment.workshop, enrolment.user
    link = external_url("workshops.detail", workshop_id=workshop.id)

    def message():
        body = _("Dear %(name)s,\n\nYou are invited to the workshop \"%(title)s\" (%(dates)s). "
                 "Accept the invitation on the workshop page:\n\n%(link)s",
                 name=user.name, title=workshop.title, dates=_dates(workshop), link=link)
        if account_link:
            body += "\n\n" + _("An account has been created for you. Choose your password "
                               "first (the link is valid for 14 days):\n\n%(link)s",
                               link=account_link)
        return _("Invitation: %(title)s", title=workshop.title), body

    _send(user, message)


def added_to_roster(enrolment: Enrolment, *, account_link: str | None) -> None:
    """Enrolled by the organisers (roster import); new accounts also choose a password."""
    workshop, user = enrolment.workshop, enrolment.user
    link = external_url("workshops.detail", workshop_id=workshop.id)

    def message():
        body = _("Dear %(name)s,\n\nYou have been enrolled in the workshop \"%(title)s\" "
                 "(%(dates)s).\n\nWorkshop page: %(link)s",
                 name=user.name, title=workshop.title, dates=_dates(workshop), link=link)
        if account_link:
            body += "\n\n" + _("An account has been created for you on AKMN Learn. Choose "
                               "your password (the link is valid for 14 days):\n\n%(link)s",
                               link=account_link)
        return _("Enrolment confirmed: %(title)s", title=workshop.title), body

    _send(user, message)


def workshop_starting(enrolment: Enrolment) -> None:
    workshop, user = enrolment.workshop, enrolment.user
    link = external_url("workshops.detail", workshop_id=workshop.id)
    place = ", ".join(p for p in (workshop.venue, workshop.city) if p)

    def message():
        body = _("Dear %(name)s,\n\nThe workshop \"%(title)s\" starts on %(date)s.",
                 name=user.name, title=workshop.title, date=workshop.start_date.isoformat())
        if place:
            body += "\n" + _("Venue: %(place)s", place=place)
        body += "\n\n" + _("Workshop page: %(link)s", link=link)
        return _("Starting soon: %(title)s", title=workshop.title), body

    _send(user, message)


def completion_reached(enrolment: Enrolment) -> None:
    workshop, user = enrolment.workshop, enrolment.user
    link = external_url("workshops.detail", workshop_id=workshop.id)

    def message():
        body = _("Dear %(name)s,\n\nCongratulations: you have completed the workshop "
                 "\"%(title)s\".\n\n%(link)s", name=user.name, title=workshop.title, link=link)
        return _("Workshop completed: %(title)s", title=workshop.title), body

    _send(user, message)
