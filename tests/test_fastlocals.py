"""The shorter context lookups (app/fastlocals.py) are installed with the libraries we run,
and give what the libraries' own functions give; the templates' one-call gettext formats and
escapes as Jinja's does."""

import flask_babel
import flask_login.utils
from flask import g, render_template_string
from flask_login import current_user

from app import fastlocals
from tests.conftest import login


def test_installed_with_the_libraries_we_run(app):
    assert flask_babel._get_current_context is fastlocals.babel_context
    assert flask_login.utils._get_user is fastlocals.login_user_of_request


def test_outside_a_request_there_is_no_user_and_an_app_context_has_its_namespace(app):
    assert fastlocals.login_user_of_request() is None
    namespace = fastlocals.babel_context()
    assert namespace is g._flask_babel
    assert fastlocals.babel_context() is namespace


def test_in_a_request_the_signed_in_user_and_the_locale(app, client, make_user):
    seen = {}

    @app.get("/_fastlocals_probe")
    def probe():
        seen["user"] = current_user.email
        seen["locale"] = str(flask_babel.get_locale())
        seen["same"] = fastlocals.babel_context() is g._flask_babel
        return render_template_string(
            '{{ _("Sign out") }}|{{ _("%(n)s%% done", n="<b>") }}|{{ gettext("Sign out") }}')

    user = make_user("learner", language="ko")
    login(client, user)
    response = client.get("/_fastlocals_probe")
    assert seen == {"user": user.email, "locale": "ko", "same": True}
    sign_out, percent, again = response.get_data(as_text=True).split("|")
    assert sign_out == again == "로그아웃"
    assert percent == "&lt;b&gt;% done"  # escaped, and %% formatted to %
