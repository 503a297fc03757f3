"""The account e-mails (invitation, password reset), with links built from configuration.

Links leave the site, so they are absolute: ``PUBLIC_BASE_URL`` when it is set, otherwise the
`base_url` the caller passes (a view passes the host the request came to), otherwise
``SERVER_NAME``. No request is read here, so the CLI sends the same messages.
"""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _

from app.auth.models import User
from app.auth.services.accounts import make_reset_token
from app.mail import send_mail


def absolute_url(endpoint: str, *, base_url: str | None = None, **values) -> str:
    config = current_app.config
    base = config.get("PUBLIC_BASE_URL") or base_url
    if not base:
        server = config.get("SERVER_NAME") or "localhost:5000"
        base = f"{config.get('PREFERRED_URL_SCHEME', 'http')}://{server}"
    adapter = current_app.url_map.bind("localhost",
                                       script_name=config.get("APPLICATION_ROOT") or "/")
    return base.rstrip("/") + adapter.build(endpoint, values)


def send_invitation(user: User, *, base_url: str | None = None) -> None:
    """E-mail a new account's owner a link to choose a password (valid 14 days)."""
    token = make_reset_token(user, purpose="invite")
    link = absolute_url("auth.accept_invitation", base_url=base_url, token=token)
    send_mail(
        user.email,
        _("Your AKMN Learn account"),
        _("An account has been created for you on AKMN Learn, the training platform of the "
          "ASEAN-Korea Migration Network.\n\nChoose your password here (the link is valid for "
          "14 days):\n\n%(link)s", link=link),
    )


def send_password_reset(user: User, *, base_url: str | None = None) -> None:
    token = make_reset_token(user)
    link = absolute_url("auth.reset_password", base_url=base_url, token=token)
    send_mail(
        user.email,
        _("Reset your AKMN Learn password"),
        _("Open this link within two hours to choose a new password:\n\n%(link)s\n\n"
          "If you did not ask for it, ignore this message.", link=link),
    )
