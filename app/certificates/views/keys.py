"""Admins: the signing keys."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.models import ADMIN
from app.auth.permissions import role_required
from app.certificates import bp, services, signing

# Admins: signing keys ---------------------------------------------------------------------

@bp.route("/keys")
@role_required(ADMIN)
def keys():
    return render_template("certificates/keys.html", keys=signing.all_keys(),
                           pending=services.pending_count())


@bp.route("/keys/rotate", methods=["POST"])
@role_required(ADMIN)
def rotate_key():
    key = signing.rotate_key(actor=current_user)
    flash(_("New signing key %(kid)s is active; earlier keys stay published for "
            "verification.", kid=key.key_id), "success")
    return redirect(url_for("certificates.keys"))


