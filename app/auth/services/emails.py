"""The account e-mails (invitation, password reset), with links built from configuration.

Links leave the site, so they are absolute and built by :func:`app.web.external_url` from
``PUBLIC_BASE_URL`` (else ``SERVER_NAME``), never from the Host or X-Forwarded-Host of a
request, which the client chooses (a forged Host would mail the victim a link to the attacker's
site, carrying the token). No request is read here, so the CLI sends the same messages.
"""

from __future__ import annotations

from flask_babel import gettext as _

from app.auth.models import User
from app.auth.services.accounts import make_reset_token
from app.mail import send_mail
from app.web import external_url


def absolute_url(endpoint: str, **values) -> str:
    return external_url(endpoint, **values)


def send_invitation(user: User) -> None:
    """E-mail a new account's owner a link to choose a password (valid 14 days)."""
    token = make_reset_token(user, purpose="invite")
    link = absolute_url("auth.accept_invitation", token=token)
    send_mail(
        user.email,
        _("Your AKMN Learn account"),
        _("An account has been created for you on AKMN Learn, the training platform of the "
          "ASEAN-Korea Migration Network.\n\nChoose your password here (the link is valid for "
          "14 days):\n\n%(link)s", link=link),
    )


def send_password_reset(user: User) -> None:
    token = make_reset_token(user)
    link = absolute_url("auth.reset_password", token=token)
    send_mail(
        user.email,
        _("Reset your AKMN Learn password"),
        _("Open this link within two hours to choose a new password:\n\n%(link)s\n\n"
          "If you did not ask for it, ignore this message.", link=link),
    )
