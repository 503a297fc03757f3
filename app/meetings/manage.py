"""Organiser pages: the meeting, its agenda, participants, documents and outcomes."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.models import ORGANISER
from app.auth.permissions import role_required
from app.experts.models import Expert
from app.extensions import db, login_manager
from app.files.services import UploadRejected
from app.meetings import agenda, bp, display, links, participation, permissions, services
from app.meetings.forms import (
    DocumentEditForm,
    DocumentForm,
    InviteForm,
    MeetingForm,
    OutcomesForm,
)
from app.meetings.models import (
    PARTICIPANT_ROLES,
    MeetingDocument,
    MeetingParticipant,
)
from app.meetings.services import MeetingError
from app.timeutil import to_zone


def managed_meeting(meeting_id: int):
    """Load a meeting the current user manages: anonymous → sign in; others → 403."""
    meeting = services.load_meeting(meeting_id)
    if meeting is None:
        abort(404)
    if not current_user.is_authenticated:
        abort(login_manager.unauthorized())
    if not permissions.can_manage_meeting(current_user, meeting):
        abort(403)
    return meeting


def part_of(model, object_id: int, meeting):
    """A day, session, document or participant that belongs to `meeting` (else 404)."""
    found = db.session.get(model, object_id)
    if found is None or found.meeting_id != meeting.id:
        abort(404)
    return found


def add_field_error(form, exc: MeetingError) -> None:
    target = form[exc.field] if exc.field and exc.field in form else None
    if target is None:
        flash(exc.message, "error")
    else:
        target.errors = [*target.errors, exc.message]


def back_to_meeting(meeting, anchor: str = ""):
    url = url_for("meetings.detail", meeting_id=meeting.id)
    return redirect(f"{url}#{anchor}" if anchor else url)


# --- the meeting -----------------------------------------------------------------------

def _meeting_data(form: MeetingForm) -> dict:
    names = (*services.MEETING_FIELDS, "starts_local", "ends_local")
    return {name: form[name].data for name in names}


def _save_meeting(form: MeetingForm, meeting=None):
    organisers, unknown = services.find_accounts(form.organisers.data or "")
    if unknown:
        form.organisers.errors = [_("No active account has these e-mail addresses: "
                                    "%(emails)s.", emails=", ".join(unknown))]
        return None
    try:
        if meeting is None:
            return services.create_meeting(_meeting_data(form), organisers=organisers,
                                           actor=current_user)
        return services.update_meeting(meeting, _meeting_data(form), organisers=organisers,
                                       actor=current_user)
    except MeetingError as exc:
        add_field_error(form, exc)
        return None


@bp.route("/new", methods=["GET", "POST"])
@role_required(ORGANISER)
def create():
    form = MeetingForm(organisers=current_user.email)
    if form.validate_on_submit() and (meeting := _save_meeting(form)) is not None:
        flash(_("The meeting has been scheduled. Its agenda has a day for each date; add "
                "the sessions."), "success")
        return back_to_meeting(meeting, "agenda")
    return render_template("meetings/meeting_form.html", form=form, meeting=None)


@bp.route("/<int:meeting_id>/edit", methods=["GET", "POST"])
def edit(meeting_id: int):
    meeting = managed_meeting(meeting_id)
    zone = meeting.timezone
    form = MeetingForm(data={
        **{name: getattr(meeting, name) for name in services.MEETING_FIELDS},
        "organisers": "\n".join(u.email for u in meeting.organisers),
        "starts_local": to_zone(meeting.starts_at, zone).replace(tzinfo=None),
        "ends_local": to_zone(meeting.ends_at, zone).replace(tzinfo=None)})
    if form.validate_on_submit() and _save_meeting(form, meeting) is not None:
        flash(_("Saved."), "success")
        return back_to_meeting(meeting)
    return render_template("meetings/meeting_form.html", form=form, meeting=meeting)


@bp.route("/<int:meeting_id>/delete", methods=["POST"])
def delete(meeting_id: int):
    meeting = managed_meeting(meeting_id)
    title = meeting.title
    services.delete_meeting(meeting, actor=current_user)
    flash(_("The meeting “%(title)s” has been deleted.", title=title), "success")
    return redirect(url_for("meetings.index"))


@bp.route("/<int:meeting_id>/outcomes", methods=["GET", "POST"])
def outcomes(meeting_id: int):
    meeting = managed_meeting(meeting_id)
    form = OutcomesForm(obj=meeting)
    if form.validate_on_submit():
        services.record_outcomes(meeting, minutes=form.minutes.data or "",
                                 recommendations=form.recommendations.data or "")
        flash(_("The outcomes have been saved."), "success")
        return back_to_meeting(meeting, "outcomes")
    return render_template("meetings/outcomes_form.html", form=form, meeting=meeting,
                           came_out=links.outcomes_of([meeting.id], current_user)[meeting.id])


# --- documents -------------------------------------------------------------------------

def _document_form(meeting, form_class=DocumentForm, **kwargs):
    form = form_class(**kwargs)
    form.session.choices = [(0, _("The whole meeting"))] + [
        (s.id, f"{display.day_label(s.day)} · {s.title}") for s in meeting.sessions]
    return form


def _session_of(meeting, session_id: int):
    return next((s for s in meeting.sessions if s.id == session_id), None)


@bp.route("/<int:meeting_id>/documents/new", methods=["GET", "POST"])
def add_document(meeting_id: int):
    meeting = managed_meeting(meeting_id)
    session_id = request.args.get("session", 0, type=int)
    form = _document_form(meeting, session=session_id if _session_of(meeting, session_id) else 0,
                          kind="presentation" if session_id else "concept-note")
    if form.validate_on_submit():
        try:
            doc = services.add_document(
                meeting, form.upload.data, title=form.title.data or "", kind=form.kind.data,
                visibility=form.visibility.data, session=_session_of(meeting, form.session.data),
                actor=current_user)
        except UploadRejected as exc:
            form.upload.errors = [str(exc)]
        else:
            flash(_("The document has been uploaded."), "success")
            anchor = f"agenda-session-{doc.session_id}" if doc.session_id else "documents"
            return back_to_meeting(meeting, anchor)
    return render_template("meetings/document_form.html", form=form, meeting=meeting,
                           document=None)


@bp.route("/<int:meeting_id>/documents/<int:document_id>/edit", methods=["GET", "POST"])
def edit_document(meeting_id: int, document_id: int):
    meeting = managed_meeting(meeting_id)
    doc = part_of(MeetingDocument, document_id, meeting)
    form = _document_form(meeting, DocumentEditForm, data={
        "title": doc.title, "kind": doc.kind, "visibility": doc.visibility,
        "session": doc.session_id or 0})
    if form.validate_on_submit():
        try:
            services.update_document(
                doc, title=form.title.data or "", kind=form.kind.data,
                visibility=form.visibility.data, session=_session_of(meeting, form.session.data),
                upload=form.upload.data or None, actor=current_user)
        except UploadRejected as exc:
            form.upload.errors = [str(exc)]
        else:
            flash(_("Saved."), "success")
            return back_to_meeting(meeting, "documents")
    return render_template("meetings/document_form.html", form=form, meeting=meeting,
                           document=doc)


@bp.route("/<int:meeting_id>/documents/<int:document_id>/delete", methods=["POST"])
def delete_document(meeting_id: int, document_id: int):
    meeting = managed_meeting(meeting_id)
    services.delete_document(part_of(MeetingDocument, document_id, meeting))
    flash(_("The document has been deleted."), "success")
    return back_to_meeting(meeting, "documents")


# --- participants ----------------------------------------------------------------------

def _invite_form(**kwargs) -> InviteForm:
    form = InviteForm(**kwargs)
    form.expert.choices = [(0, "—"), *agenda.expert_choices()]
    return form


@bp.route("/<int:meeting_id>/participants", methods=["GET", "POST"])
def participants(meeting_id: int):
    meeting = managed_meeting(meeting_id)
    form = _invite_form()
    if form.validate_on_submit():
        users, unknown = services.find_accounts(form.emails.data or "")
        if unknown:
            form.emails.errors = [_("No active account has these e-mail addresses: "
                                    "%(emails)s.", emails=", ".join(unknown))]
        else:
            expert = db.session.get(Expert, form.expert.data) if form.expert.data else None
            added, already = participation.invite(
                meeting, users=users, experts=[expert] if expert else [], role=form.role.data,
                actor=current_user, notify=form.notify.data,
                link=url_for("meetings.detail", meeting_id=meeting.id, _external=True))
            flash(_("%(n)d invited.", n=len(added)) + (" " + _(
                "Already invited: %(names)s.", names=", ".join(already)) if already else ""),
                "success")
            return redirect(url_for("meetings.participants", meeting_id=meeting.id))
    people = participation.participants_of(meeting)
    return render_template("meetings/participants.html", meeting=meeting, form=form,
                           people=people, counts=participation.answer_counts(people),
                           roles=PARTICIPANT_ROLES)


@bp.route("/<int:meeting_id>/participants/<int:participant_id>/role", methods=["POST"])
def participant_role(meeting_id: int, participant_id: int):
    meeting = managed_meeting(meeting_id)
    participant = part_of(MeetingParticipant, participant_id, meeting)
    try:
        participation.change_role(participant, request.form.get("role", ""))
    except MeetingError as exc:
        flash(exc.message, "error")
    else:
        flash(_("The role of %(name)s has been changed.", name=participant.name), "success")
    return redirect(url_for("meetings.participants", meeting_id=meeting.id))


@bp.route("/<int:meeting_id>/participants/<int:participant_id>/delete", methods=["POST"])
def remove_participant(meeting_id: int, participant_id: int):
    meeting = managed_meeting(meeting_id)
    participant = part_of(MeetingParticipant, participant_id, meeting)
    name = participant.name
    participation.remove_participant(participant)
    flash(_("%(name)s is no longer a participant.", name=name), "success")
    return redirect(url_for("meetings.participants", meeting_id=meeting.id))


@bp.route("/<int:meeting_id>/attendance", methods=["POST"])
def attendance(meeting_id: int):
    meeting = managed_meeting(meeting_id)
    count = participation.record_attendance(
        meeting, set(request.form.getlist("attended", type=int)))
    flash(_("Attendance saved: %(n)d attended.", n=count), "success")
    return redirect(url_for("meetings.participants", meeting_id=meeting.id))
