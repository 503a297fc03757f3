"""Finding 9: with no mail server, production logs that mail is not configured — never the
body, which holds the reset link's token."""

from __future__ import annotations

import logging
import re

import pytest
from sqlalchemy import select

from app.extensions import db
from app.mail.models import HELD, OutgoingMail

PRODUCTION_LIKE = {
    "ENVIRONMENT": "production", "TESTING": False, "PUBLIC_BASE_URL": "https://learn.example.org",
    "MAIL_SERVER": None, "BACKGROUND_MODE": "inline", "SECRET_KEY": "s" * 64,
}


@pytest.mark.parametrize("app_config", [PRODUCTION_LIKE])
def test_a_reset_request_in_production_logs_no_token(app, client, make_user, caplog):
    assert not app.testing
    make_user(email="official@example.test")
    with caplog.at_level(logging.DEBUG):
        response = client.post("/password/forgot", data={"email": "official@example.test"})
    assert response.status_code == 302
    row = db.session.scalars(select(OutgoingMail)).one()
    assert row.status == HELD
    token = re.search(r"/password/reset/(\S+)", row.body).group(1)
    assert len(token) > 20
    assert "MAIL_SERVER is not configured" in caplog.text
    assert token not in caplog.text
    assert "/password/reset/" not in caplog.text
