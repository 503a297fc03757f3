"""Login, logout, password reset, profile."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required, login_user, logout_user

from app.auth import bp, services
from app.auth.audit import record_audit
from app.auth.forms import (
    ChangePasswordForm,
    ForgotPasswordForm,
    LoginForm,
    NewPasswordForm,
    ProfileForm,
    RegisterForm,
)
from app.auth.services import throttle
from app.extensions import db, limiter, login_manager


@login_manager.user_loader
def _load_user(session_id: str):
    return services.load_session_user(session_id)


login_manager.login_view = "auth.login"
login_manager.login_message = None
login_manager.session_protection = "basic"


def _client_ip() -> str:
    return request.remote_addr or ""


def _email_key() -> str:
    return "login:" + services.normalise_email(request.form.get("email", ""))[:254]


def _failed(response) -> bool:
    # Count only failed attempts: a successful login redirects.
    return response.status_code != 302


def _safe_next(target: str | None) -> str:
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") \
                and not target.startswith("//"):
            return target
    return url_for("main.index")


def _begin_login(user, remember: bool) -> None:
    session.clear()  # a fresh session: nothing from before the login survives
    services.start_session(user, user_agent=request.user_agent.string, ip_address=_client_ip())
    login_user(user, remember=remember)
    session["lang"] = user.language


def _count_login_attempt(email: str) -> None:
    """Count the attempt before the password is checked (committed, so every worker sees it),
    then refuse it over the limits (app.auth.services.throttle)."""
    account, address = services.normalise_email(email)[:254], _client_ip()
    throttle.record_attempt(throttle.LOGIN, account=account, ip_address=address)
    db.session.commit()
    refused = throttle.login_refused(account, address)
    if refused is None:
        return
    if refused == "account" and throttle.ceiling_just_reached(account):
        owner = services.get_user_by_email(account)
        if owner is not None and owner.active:
            throttle.warn_owner(owner)
            db.session.commit()
    abort(429)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"], deduct_when=_failed)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    if form.validate_on_submit():
        _count_login_attempt(form.email.data)
        user = services.authenticate(form.email.data, form.password.data, ip_address=_client_ip())
        if user is not None:
            throttle.forget_login_attempts(services.normalise_email(form.email.data)[:254],
                                           _client_ip())
            target = _safe_next(request.args.get("next"))
            _begin_login(user, form.remember.data)
            flash(_("Welcome, %(name)s.", name=user.name), "success")
            return redirect(target)
        db.session.commit()  # keep the audit entry of the failed attempt
        form.password.errors.append(_("The e-mail address or the password is not correct."))
    return render_template("auth/login.html", form=form,
                           can_register=current_app.config["SELF_REGISTRATION"])


@bp.route("/logout", methods=["POST"])
def logout():
    if current_user.is_authenticated:
        services.end_session(current_user.current_session_id)
        logout_user()
    session.clear()
    flash(_("You have signed out."), "info")
    response = redirect(url_for("main.index"))
    # session.clear() wiped Flask-Login's "clear the remember-me cookie" flag: delete it here,
    # or the next visit would sign the browser in again.
    config = current_app.config
    response.delete_cookie(config.get("REMEMBER_COOKIE_NAME", "remember_token"),
                           path=config.get("REMEMBER_COOKIE_PATH", "/"),
                           domain=config.get("REMEMBER_COOKIE_DOMAIN"),
                           secure=config.get("REMEMBER_COOKIE_SECURE", False),
                           httponly=config.get("REMEMBER_COOKIE_HTTPONLY", True),
                           samesite=config.get("REMEMBER_COOKIE_SAMESITE"))
    return response


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit("5 per hour", methods=["POST"])
def register():
    if not current_app.config["SELF_REGISTRATION"]:
        abort(404)
    form = RegisterForm(timezone=current_app.config["DEFAULT_TIMEZONE"])
    if form.validate_on_submit():
        problem = services.password_problem(form.password.data, email=form.email.data,
                                            name=form.name.data)
        if problem:
            form.password.errors.append(problem)
        elif services.get_user_by_email(form.email.data):
            form.email.errors.append(_("An account with this e-mail address already exists."))
        else:
            data = {f: getattr(form, f).data for f in
                    ("name", "native_name", "country", "agency", "position", "language",
                     "timezone")}
            user = services.create_user(email=form.email.data, password=form.password.data,
                                        **data)
            _begin_login(user, False)
            flash(_("Your account has been created."), "success")
            return redirect(url_for("main.index"))
    return render_template("auth/register.html", form=form)


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit("5 per minute;20 per hour", methods=["POST"])
@limiter.limit("3 per hour", methods=["POST"], key_func=_email_key)
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        user = services.get_user_by_email(form.email.data)
        if user is not None and user.active:
            services.send_password_reset(user)
        # Same answer whether or not the address is known.
        flash(_("If an account exists for this address, we have sent a link to reset the "
                "password."), "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot.html", form=form)


def _set_password_view(token: str, purpose: str):
    try:
        user = services.user_from_token(token, purpose=purpose)
    except services.InvalidToken as exc:
        flash(str(exc), "error")
        return redirect(url_for("auth.forgot_password"))
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            user = services.reset_password(token, form.password.data, purpose=purpose)
        except services.AccountError as exc:
            form.password.errors.append(str(exc))
        else:
            if purpose == "invite":  # the invitation proved the address: signed in at once
                _begin_login(user, False)
                flash(_("Your password has been set. Welcome, %(name)s.", name=user.name),
                      "success")
                return redirect(url_for("main.index"))
            flash(_("Your password has been set. You can sign in now."), "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/reset.html", form=form, user=user, purpose=purpose)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def reset_password(token: str):
    return _set_password_view(token, "reset")


@bp.route("/welcome/<token>", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def accept_invitation(token: str):
    return _set_password_view(token, "invite")


@bp.route("/account", methods=["GET", "POST"])
@login_required
def profile():
    form = ProfileForm(obj=current_user)
    if form.validate_on_submit():
        form.populate_obj(current_user)
        record_audit("user.profile", actor=current_user, target=current_user.email)
        session["lang"] = current_user.language
        flash(_("Your profile has been saved."), "success")
        return redirect(url_for("auth.profile"))
    sessions = services.active_sessions(current_user)
    return render_template("auth/profile.html", form=form, sessions=sessions)


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
@limiter.limit("10 per minute", methods=["POST"])
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(current_user, form.current.data, form.password.data)
        except services.WeakPassword as exc:
            form.password.errors.append(str(exc))
        except services.AccountError as exc:
            form.current.errors.append(str(exc))
        else:
            flash(_("Your password has been changed. Your other sessions have been signed out."),
                  "success")
            return redirect(url_for("auth.profile"))
    return render_template("auth/change_password.html", form=form)


@bp.route("/account/sessions/end-others", methods=["POST"])
@login_required
def end_other_sessions():
    count = services.revoke_sessions(current_user, keep=current_user.current_session_id)
    flash(ngettext("%(num)d other session has been signed out.",
                   "%(num)d other sessions have been signed out.", count), "success")
    return redirect(url_for("auth.profile"))
