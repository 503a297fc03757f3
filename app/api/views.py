"""Token pages for admins and organisers, and the browsable API documentation."""

from __future__ import annotations

from flask import abort, current_app, flash, make_response, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.api import bp, tokens
from app.api.forms import TokenForm
from app.api.models import ApiToken
from app.api.permissions import can_revoke_api_token
from app.auth.models import ORGANISER
from app.auth.permissions import role_required
from app.extensions import db


def _form() -> TokenForm:
    form = TokenForm()
    form.scopes.choices = [(s, str(tokens.SCOPES[s]))
                           for s in tokens.grantable_scopes(current_user)]
    return form


@bp.route("/tokens", methods=["GET", "POST"])
@role_required(ORGANISER)
def tokens_index():
    form = _form()
    if form.validate_on_submit():
        try:
            token, secret = tokens.create_token(current_user, name=form.name.data,
                                                scopes=form.scopes.data)
        except tokens.TokenError as exc:
            form.scopes.errors.append(str(exc))
        else:
            # Shown once, on this response only: never stored, never cached.
            response = make_response(render_template("api/token_created.html", token=token,
                                                     secret=secret, scopes=tokens.SCOPES))
            response.headers["Cache-Control"] = "no-store"
            return response
    return render_template("api/tokens.html", form=form, scopes=tokens.SCOPES,
                           tokens=tokens.tokens_visible_to(current_user),
                           can_revoke=can_revoke_api_token)


@bp.route("/tokens/<int:token_id>/revoke", methods=["POST"])
@role_required(ORGANISER)
def revoke_token(token_id: int):
    token = db.get_or_404(ApiToken, token_id)
    if not can_revoke_api_token(current_user, token):
        abort(403)
    try:
        tokens.revoke_token(token, actor=current_user)
    except tokens.TokenError as exc:
        flash(str(exc), "error")
    else:
        flash(_("The token for %(name)s is revoked.", name=token.name), "success")
    return redirect(url_for("api.tokens_index"))


@bp.route("/docs")
def docs():
    spec = current_app.extensions["akmn_api"].spec.to_dict()
    return render_template("api/docs.html", spec=spec)
