"""Admin pages: users, roles, roster import, audit log."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from app.admin import bp, services
from app.auth import services as accounts
from app.auth.forms import AdminUserForm, UserImportForm
from app.auth.models import ADMIN, ROLES, User
from app.auth.permissions import role_required
from app.extensions import db
from app.imports.upload import import_page
from app.reference import country_choices


def user_or_404(user_id: int) -> User:
    return db.get_or_404(User, user_id)


def _refuse(form, exc: services.AdminError) -> None:
    getattr(form, exc.field or "email").errors.append(exc.message)


def _values(form: AdminUserForm) -> dict:
    return {"email": form.email.data, "roles": set(form.roles.data), "active": form.active.data,
            "profile": {f: getattr(form, f).data for f in services.PROFILE_FIELDS},
            "actor": current_user}


@bp.route("/")
@role_required(ADMIN)
def index():
    return redirect(url_for("admin.users"))


@bp.route("/users")
@role_required(ADMIN)
def users():
    args = request.args
    page = services.search_users(
        q=args.get("q", ""), role=args.get("role", ""), country=args.get("country", ""),
        status=args.get("status", ""), page=args.get("page", 1, type=int),
    )
    return render_template("admin/users.html", page=page, roles=ROLES,
                           countries=country_choices(), args=args)


@bp.route("/users/new", methods=["GET", "POST"])
@role_required(ADMIN)
def create_user():
    form = AdminUserForm(roles=["learner"], timezone="Asia/Seoul")
    if form.validate_on_submit():
        try:
            user = services.create_account(**_values(form))
        except services.AdminError as exc:
            _refuse(form, exc)
        else:
            accounts.send_invitation(user)
            flash(_("The account of %(name)s has been created and an invitation sent.",
                    name=user.name), "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form, user=None)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@role_required(ADMIN)
def edit_user(user_id: int):
    user = user_or_404(user_id)
    form = AdminUserForm(obj=user, roles=sorted(user.roles))
    if form.validate_on_submit():
        try:
            services.update_account(user, **_values(form))
        except services.AdminError as exc:
            _refuse(form, exc)
        else:
            flash(_("Saved."), "success")
            return redirect(url_for("admin.edit_user", user_id=user.id))
    return render_template("admin/user_form.html", form=form, user=user)


@bp.route("/users/<int:user_id>/invite", methods=["POST"])
@role_required(ADMIN)
def invite_user(user_id: int):
    user = user_or_404(user_id)
    if not user.active:
        abort(400)
    accounts.send_invitation(user)
    flash(_("An invitation to set a password has been sent to %(email)s.", email=user.email),
          "success")
    return redirect(url_for("admin.edit_user", user_id=user.id))


@bp.route("/users/import", methods=["GET", "POST"])
@role_required(ADMIN)
def import_users():
    def done(parsed, _filename: str):
        created = accounts.import_users(parsed.rows, actor=current_user)
        for user in created:
            accounts.send_invitation(user)
        return (ngettext("%(num)d account imported; it received an invitation.",
                         "%(num)d accounts imported; each received an invitation.",
                         len(created)), url_for("admin.users"))

    return import_page(UserImportForm(), "users", "admin/import.html",
                       accounts.parse_user_csv, done, columns=accounts.USER_CSV_COLUMNS)


@bp.route("/audit")
@role_required(ADMIN)
def audit():
    args = request.args
    page = services.audit_entries(action=args.get("action", ""), q=args.get("q", ""),
                                  page=args.get("page", 1, type=int))
    return render_template("admin/audit.html", page=page, actions=services.audit_actions(),
                           args=args)
