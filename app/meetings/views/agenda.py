"""Organiser pages of the agenda: days, sessions, and each session's chairs and speakers."""

from __future__ import annotations

from datetime import time

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.experts.models import Expert
from app.extensions import db
from app.meetings import agenda, bp, display, permissions
from app.meetings.forms import DayForm, PersonForm, SessionForm
from app.meetings.models import MeetingDay, MeetingSession, SessionPerson
from app.meetings.services import MeetingError
from app.meetings.views import back_to_meeting, meeting_or_404, part_or_404, remove_part
from app.timeutil import to_zone
from app.web import form_page, show_refusal

# --- agenda days -----------------------------------------------------------------------

@bp.route("/<int:meeting_id>/days/new", methods=["GET", "POST"])
def add_day(meeting_id: int):
    meeting = meeting_or_404(meeting_id, check=permissions.can_manage_meeting)
    return form_page(
        DayForm(date=agenda.next_day_date(meeting)), "meetings/day_form.html",
        lambda form: agenda.add_day(meeting, day_date=form.date.data,
                                    title=form.title.data or ""),
        _("The day has been added to the agenda."), lambda day: _back_to_day(meeting, day),
        rejects=(MeetingError,), meeting=meeting, day=None)


@bp.route("/<int:meeting_id>/days/<int:day_id>/edit", methods=["GET", "POST"])
def edit_day(meeting_id: int, day_id: int):
    meeting = meeting_or_404(meeting_id, check=permissions.can_manage_meeting)
    day = part_or_404(MeetingDay, day_id, meeting)
    return form_page(
        DayForm(obj=day), "meetings/day_form.html",
        lambda form: agenda.update_day(day, day_date=form.date.data,
                                       title=form.title.data or ""),
        _("Saved."), lambda _d: _back_to_day(meeting, day), rejects=(MeetingError,),
        meeting=meeting, day=day)


def _back_to_day(meeting, day):
    return back_to_meeting(meeting, f"agenda-day-{day.id}")


@bp.route("/<int:meeting_id>/days/<int:day_id>/delete", methods=["POST"])
def delete_day(meeting_id: int, day_id: int):
    return remove_part(meeting_id, MeetingDay, day_id, agenda.delete_day,
                       _("The day and its sessions have been removed from the agenda."),
                       "agenda")


# --- sessions and their chairs and speakers --------------------------------------------

def _session_form(meeting, session=None, **kwargs) -> SessionForm:
    """The session form; filled from `session` (venue times) when given."""
    if session is not None:
        zone = meeting.timezone
        kwargs["data"] = {
            "day": session.day_id, "title": session.title, "kind": session.kind,
            "room": session.room, "description": session.description,
            "start": to_zone(session.starts_at, zone).time(),
            "end": to_zone(session.ends_at, zone).time()}
    form = SessionForm(**kwargs)
    form.day.choices = [(d.id, " · ".join(p for p in (display.day_label(d), d.title) if p))
                        for d in meeting.days]
    return form


def _person_form(**kwargs) -> PersonForm:
    form = PersonForm(**kwargs)
    form.expert.choices = [(0, "—"), *agenda.expert_choices()]
    return form


def _render_session(meeting, session, form, person_form=None):
    return render_template("meetings/session_form.html", meeting=meeting, session=session,
                           form=form, person_form=person_form or _person_form())


@bp.route("/<int:meeting_id>/sessions/new", methods=["GET", "POST"])
def add_session(meeting_id: int):
    meeting = meeting_or_404(meeting_id, check=permissions.can_manage_meeting)
    if not meeting.days:
        flash(_("Add a day to the agenda first."), "warning")
        return redirect(url_for("meetings.add_day", meeting_id=meeting.id))
    day = next((d for d in meeting.days if d.id == request.args.get("day", type=int)),
               meeting.days[0])
    start = (to_zone(day.sessions[-1].ends_at, meeting.timezone).time() if day.sessions
             else time(9, 0))
    form = _session_form(meeting, day=day.id, start=start, kind="panel")
    if form.validate_on_submit():
        return _save_session(meeting, None, form)
    return _render_session(meeting, None, form)


@bp.route("/<int:meeting_id>/sessions/<int:session_id>/edit", methods=["GET", "POST"])
def edit_session(meeting_id: int, session_id: int):
    meeting = meeting_or_404(meeting_id, check=permissions.can_manage_meeting)
    session = part_or_404(MeetingSession, session_id, meeting)
    form = _session_form(meeting, session)
    if form.validate_on_submit():
        return _save_session(meeting, session, form)
    return _render_session(meeting, session, form)


def _save_session(meeting, session, form):
    day = next(d for d in meeting.days if d.id == form.day.data)
    try:
        saved = agenda.save_session(
            meeting, session, day=day, start=form.start.data, end=form.end.data,
            title=form.title.data, kind=form.kind.data, room=form.room.data or "",
            description=form.description.data or "")
    except MeetingError as exc:
        show_refusal(form, exc)
        return _render_session(meeting, session, form)
    flash(_("The session has been saved."), "success")
    if session is None:  # next: its chairs and speakers
        return redirect(url_for("meetings.edit_session", meeting_id=meeting.id,
                                session_id=saved.id) + "#people")
    return back_to_meeting(meeting, f"agenda-session-{saved.id}")


@bp.route("/<int:meeting_id>/sessions/<int:session_id>/delete", methods=["POST"])
def delete_session(meeting_id: int, session_id: int):
    return remove_part(meeting_id, MeetingSession, session_id, agenda.delete_session,
                       _("The session has been removed from the agenda."), "agenda")


@bp.route("/<int:meeting_id>/sessions/<int:session_id>/people", methods=["POST"])
def add_person(meeting_id: int, session_id: int):
    meeting = meeting_or_404(meeting_id, check=permissions.can_manage_meeting)
    session = part_or_404(MeetingSession, session_id, meeting)
    form = _person_form()
    if form.validate_on_submit():
        try:
            agenda.add_session_person(
                session, role=form.role.data,
                expert=db.session.get(Expert, form.expert.data) if form.expert.data else None,
                guest_name=form.guest_name.data or "",
                guest_affiliation=form.guest_affiliation.data or "", actor=current_user)
        except MeetingError as exc:
            show_refusal(form, exc)
        else:
            flash(_("Added."), "success")
            return redirect(url_for("meetings.edit_session", meeting_id=meeting.id,
                                    session_id=session.id) + "#people")
    return _render_session(meeting, session, _session_form(meeting, session, formdata=None), form)


def _person(meeting, session_id: int, person_id: int) -> SessionPerson:
    session = part_or_404(MeetingSession, session_id, meeting)
    person = db.session.get(SessionPerson, person_id)
    if person is None or person.session_id != session.id:
        abort(404)
    return person


@bp.route("/<int:meeting_id>/sessions/<int:session_id>/people/<int:person_id>/delete",
          methods=["POST"])
def remove_person(meeting_id: int, session_id: int, person_id: int):
    meeting = meeting_or_404(meeting_id, check=permissions.can_manage_meeting)
    agenda.remove_session_person(_person(meeting, session_id, person_id))
    flash(_("Removed from the session."), "success")
    return redirect(url_for("meetings.edit_session", meeting_id=meeting.id,
                            session_id=session_id) + "#people")


@bp.route("/<int:meeting_id>/sessions/<int:session_id>/people/<int:person_id>/move",
          methods=["POST"])
def move_person(meeting_id: int, session_id: int, person_id: int):
    meeting = meeting_or_404(meeting_id, check=permissions.can_manage_meeting)
    offset = -1 if request.form.get("direction") == "up" else 1
    agenda.move_session_person(_person(meeting, session_id, person_id), offset)
    return redirect(url_for("meetings.edit_session", meeting_id=meeting.id,
                            session_id=session_id) + "#people")
