"""Attendance: the sessions of a workshop, marking them, the QR code shown in the room and
the check-in it leads to."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from app.timeutil import to_zone, utcnow
from app.web import external_url
from app.workshops import attendance, bp, checkin, services
from app.workshops.errors import CheckInFailed, WorkshopError
from app.workshops.forms import CheckInForm, SessionForm
from app.workshops.permissions import can_manage_workshop, can_run_workshop
from app.workshops.views.common import session_or_404, workshop_or_404


@bp.route("/<int:workshop_id>/sessions", methods=["GET", "POST"])
@login_required
def sessions(workshop_id: int):
    workshop = workshop_or_404(workshop_id, can_run_workshop)
    form = SessionForm()
    if form.validate_on_submit():
        try:
            attendance.add_session(workshop, title=form.title.data, day=form.day.data,
                                   start=form.start.data, end=form.end.data, actor=current_user)
        except WorkshopError as exc:
            form.end.errors.append(str(exc))
        else:
            flash(_("The session has been added."), "success")
            return redirect(url_for("workshops.sessions", workshop_id=workshop.id))
    return render_template("workshops/sessions.html", workshop=workshop, form=form,
                           present=attendance.present_counts(workshop),
                           learners=services.status_counts(workshop).get("approved", 0),
                           can_manage=can_manage_workshop(current_user, workshop))


@bp.route("/<int:workshop_id>/sessions/<int:session_id>/delete", methods=["POST"])
@login_required
def delete_session(workshop_id: int, session_id: int):
    workshop = workshop_or_404(workshop_id, can_manage_workshop)
    session = session_or_404(workshop, session_id)
    attendance.delete_session(session, actor=current_user)
    flash(_("The session has been deleted."), "success")
    return redirect(url_for("workshops.sessions", workshop_id=workshop.id))


@bp.route("/<int:workshop_id>/sessions/<int:session_id>", methods=["GET", "POST"])
@login_required
def take_attendance(workshop_id: int, session_id: int):
    workshop = workshop_or_404(workshop_id, can_run_workshop)
    session = session_or_404(workshop, session_id)
    if request.method == "POST":
        present = {int(v) for v in request.form.getlist("present") if v.isdigit()}
        changed = attendance.mark_attendance(session, present, actor=current_user)
        flash(ngettext("Attendance saved (%(num)d change).", "Attendance saved (%(num)d changes).",
                       changed), "success")
        return redirect(url_for("workshops.take_attendance", workshop_id=workshop.id,
                                session_id=session.id))
    return render_template("workshops/attendance.html", workshop=workshop, session=session,
                           lines=attendance.session_roster(session))


@bp.route("/<int:workshop_id>/sessions/<int:session_id>/qr")
@login_required
def qr(workshop_id: int, session_id: int):
    workshop = workshop_or_404(workshop_id, can_run_workshop)
    session = session_or_404(workshop, session_id)
    token = checkin.make_token(session)
    url = external_url("workshops.check_in", workshop_id=workshop.id, token=token)
    present = attendance.present_counts(workshop).get(session.id, 0)
    return render_template("workshops/qr.html", workshop=workshop, session=session, url=url,
                           svg=checkin.qr_svg(url), present=present,
                           refresh=checkin.CHECKIN_ROTATE_SECONDS,
                           generated=to_zone(utcnow(), workshop.timezone))


@bp.route("/<int:workshop_id>/check-in/<token>", methods=["GET", "POST"])
@login_required
def check_in(workshop_id: int, token: str):
    """The QR code leads here: the page says which session, its button checks in (a POST,
    so that opening or prefetching the link records nothing). The token is signed, names the
    session and lasts minutes, so a forged or stale link does nothing."""
    workshop = workshop_or_404(workshop_id)
    try:
        if request.method == "POST":
            if not CheckInForm().validate_on_submit():
                abort(400)
            session, already = attendance.check_in(workshop, token, current_user)
            flash(_("You were already checked in to %(s)s.", s=session.title) if already
                  else _("You are checked in to %(s)s. Thank you!", s=session.title), "success")
            return redirect(url_for("workshops.detail", workshop_id=workshop.id))
        session, record = attendance.check_in_target(workshop, token, current_user)
    except CheckInFailed as exc:
        return render_template("workshops/check_in.html", workshop=workshop, error=str(exc),
                               session=None, already=False, form=None), 400
    return render_template("workshops/check_in.html", workshop=workshop, session=session,
                           already=bool(record and record.present), error=None,
                           form=CheckInForm())
