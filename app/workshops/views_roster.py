"""The organiser's view: roster with progress, CSV export, attendance sessions, QR check-in."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.db import begin_write
from app.extensions import db
from app.timeutil import to_zone, utcnow
from app.workshops import attendance, bp, checkin, completion, services
from app.workshops.errors import CheckInFailed, WorkshopError
from app.workshops.forms import SessionForm
from app.workshops.models import AttendanceSession
from app.workshops.permissions import can_manage_workshop, can_run_workshop
from app.workshops.views import load_workshop


def _load_session(workshop, session_id: int) -> AttendanceSession:
    session = db.get_or_404(AttendanceSession, session_id)
    if session.workshop_id != workshop.id:
        abort(404)
    return session


@bp.route("/<int:workshop_id>/roster")
@login_required
def roster(workshop_id: int):
    workshop = load_workshop(workshop_id, can_run_workshop)
    filters = {"country": request.args.get("country", ""), "agency": request.args.get("agency", "")}
    view = completion.roster(workshop, **filters)
    return render_template("workshops/roster.html", workshop=workshop, view=view,
                           filters=filters, can_manage=can_manage_workshop(current_user, workshop))


@bp.route("/<int:workshop_id>/roster.csv")
@login_required
def roster_csv(workshop_id: int):
    workshop = load_workshop(workshop_id, can_run_workshop)
    view = completion.roster(workshop, country=request.args.get("country", ""),
                             agency=request.args.get("agency", ""))
    filename = f"workshop-{workshop.id}-roster-{utcnow():%Y%m%d}.csv"
    return Response(completion.roster_csv(view), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.route("/<int:workshop_id>/sessions", methods=["GET", "POST"])
@login_required
def sessions(workshop_id: int):
    workshop = load_workshop(workshop_id, can_run_workshop)
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
    workshop = load_workshop(workshop_id, can_manage_workshop)
    session = _load_session(workshop, session_id)
    attendance.delete_session(session, actor=current_user)
    flash(_("The session has been deleted."), "success")
    return redirect(url_for("workshops.sessions", workshop_id=workshop.id))


@bp.route("/<int:workshop_id>/sessions/<int:session_id>", methods=["GET", "POST"])
@login_required
def take_attendance(workshop_id: int, session_id: int):
    workshop = load_workshop(workshop_id, can_run_workshop)
    session = _load_session(workshop, session_id)
    if request.method == "POST":
        present = {int(v) for v in request.form.getlist("present") if v.isdigit()}
        changed = attendance.mark_attendance(session, present, actor=current_user)
        flash(_("Attendance saved (%(n)d changes).", n=changed), "success")
        return redirect(url_for("workshops.take_attendance", workshop_id=workshop.id,
                                session_id=session.id))
    return render_template("workshops/attendance.html", workshop=workshop, session=session,
                           lines=attendance.session_roster(session))


@bp.route("/<int:workshop_id>/sessions/<int:session_id>/qr")
@login_required
def qr(workshop_id: int, session_id: int):
    workshop = load_workshop(workshop_id, can_run_workshop)
    session = _load_session(workshop, session_id)
    token = checkin.make_token(session)
    url = url_for("workshops.check_in", workshop_id=workshop.id, token=token, _external=True)
    present = attendance.present_counts(workshop).get(session.id, 0)
    return render_template("workshops/qr.html", workshop=workshop, session=session, url=url,
                           svg=checkin.qr_svg(url), present=present,
                           refresh=checkin.CHECKIN_ROTATE_SECONDS,
                           generated=to_zone(utcnow(), workshop.timezone))


@bp.route("/<int:workshop_id>/check-in/<token>")
@login_required
def check_in(workshop_id: int, token: str):
    # Scanning the code is the whole gesture: this GET records the attendance. The token is
    # signed, names the session and lasts minutes, so a forged or stale link does nothing.
    begin_write()
    workshop = load_workshop(workshop_id)
    try:
        session, already = attendance.check_in(workshop, token, current_user)
    except CheckInFailed as exc:
        return render_template("workshops/check_in.html", workshop=workshop, error=str(exc),
                               session=None, already=False), 400
    return render_template("workshops/check_in.html", workshop=workshop, session=session,
                           already=already, error=None)
