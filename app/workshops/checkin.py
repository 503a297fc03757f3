"""QR check-in: a short-lived signed token shown in the room, rotating every minute.

The organiser's screen shows a QR code for `/workshops/<id>/check-in/<token>`; the token names
the attendance session and is signed with a timestamp, so a copy sent to someone outside the
room stops working after CHECKIN_TOKEN_MAX_AGE seconds.
"""

from __future__ import annotations

import segno
from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from app.workshops.errors import CheckInFailed
from app.workshops.models import AttendanceSession

CHECKIN_ROTATE_SECONDS = 60
CHECKIN_TOKEN_MAX_AGE = 180  # a code stays valid for three rotations


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="akmn.workshops.checkin")


def make_token(session: AttendanceSession) -> str:
    return _serializer().dumps([session.workshop_id, session.id])


def read_token(token: str, workshop_id: int, *, max_age: int | None = None) -> int:
    """The attendance session id a token is for; CheckInFailed if it is expired or forged."""
    max_age = max_age if max_age is not None else current_app.config.get(
        "CHECKIN_TOKEN_MAX_AGE", CHECKIN_TOKEN_MAX_AGE)
    try:
        data = _serializer().loads(token, max_age=max_age)
    except SignatureExpired as exc:
        raise CheckInFailed(_("This check-in code has expired. Codes change every minute: scan "
                              "the code shown in the room again.")) from exc
    except BadSignature as exc:
        raise CheckInFailed(_("This check-in code is not valid. Scan the code shown in the "
                              "room.")) from exc
    if not (isinstance(data, list) and len(data) == 2 and data[0] == workshop_id):
        raise CheckInFailed(_("This check-in code belongs to another workshop."))
    return int(data[1])


def qr_svg(url: str) -> str:
    """The URL as an inline SVG QR code (attributes only: the CSP forbids inline styles)."""
    code = segno.make(url, error="m")
    return code.svg_inline(scale=6, border=2, dark="#000", light="#fff", omitsize=True,
                           title=_("Check-in code"))
