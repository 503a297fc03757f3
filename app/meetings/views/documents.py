"""Meeting documents: downloading one (whoever may see it), uploading, editing, deleting
(the meeting's managers)."""

from __future__ import annotations

from flask import abort, request
from flask_babel import gettext as _
from flask_login import current_user

from app.extensions import login_manager
from app.files.services import UploadRejected
from app.files.views import send_stored_file
from app.meetings import bp, display, permissions, services
from app.meetings.forms import DocumentEditForm, DocumentForm
from app.meetings.models import MeetingDocument
from app.meetings.views import back_to_meeting, meeting_or_404, part_or_404, remove_part
from app.web import form_page


@bp.route("/<int:meeting_id>/documents/<int:document_id>")
def document(meeting_id: int, document_id: int):
    doc = part_or_404(MeetingDocument, document_id, meeting_or_404(meeting_id))
    if not permissions.can_see_document(current_user, doc):
        if not current_user.is_authenticated:
            abort(login_manager.unauthorized())
        abort(403)
    return send_stored_file(doc.file, private=doc.visibility != "public")


def _document_form(meeting, form_class=DocumentForm, **kwargs):
    form = form_class(**kwargs)
    form.session.choices = [(0, _("The whole meeting"))] + [
        (s.id, f"{display.day_label(s.day)} · {s.title}") for s in meeting.sessions]
    return form


def _session_of(meeting, session_id: int):
    return next((s for s in meeting.sessions if s.id == session_id), None)


@bp.route("/<int:meeting_id>/documents/new", methods=["GET", "POST"])
def add_document(meeting_id: int):
    meeting = meeting_or_404(meeting_id, check=permissions.can_manage_meeting)
    session_id = request.args.get("session", 0, type=int)
    form = _document_form(meeting, session=session_id if _session_of(meeting, session_id) else 0,
                          kind="presentation" if session_id else "concept-note")
    return form_page(
        form, "meetings/document_form.html",
        lambda form: services.add_document(
            meeting, form.upload.data, title=form.title.data or "", kind=form.kind.data,
            visibility=form.visibility.data, session=_session_of(meeting, form.session.data),
            actor=current_user),
        _("The document has been uploaded."),
        lambda doc: back_to_meeting(meeting, f"agenda-session-{doc.session_id}"
                                    if doc.session_id else "documents"),
        rejects=(UploadRejected,), field="upload", meeting=meeting, document=None)


@bp.route("/<int:meeting_id>/documents/<int:document_id>/edit", methods=["GET", "POST"])
def edit_document(meeting_id: int, document_id: int):
    meeting = meeting_or_404(meeting_id, check=permissions.can_manage_meeting)
    doc = part_or_404(MeetingDocument, document_id, meeting)
    form = _document_form(meeting, DocumentEditForm, data={
        "title": doc.title, "kind": doc.kind, "visibility": doc.visibility,
        "session": doc.session_id or 0})
    return form_page(
        form, "meetings/document_form.html",
        lambda form: services.update_document(
            doc, title=form.title.data or "", kind=form.kind.data,
            visibility=form.visibility.data, session=_session_of(meeting, form.session.data),
            upload=form.upload.data or None, actor=current_user),
        _("Saved."), lambda _d: back_to_meeting(meeting, "documents"),
        rejects=(UploadRejected,), field="upload", meeting=meeting, document=doc)


@bp.route("/<int:meeting_id>/documents/<int:document_id>/delete", methods=["POST"])
def delete_document(meeting_id: int, document_id: int):
    return remove_part(meeting_id, MeetingDocument, document_id, services.delete_document,
                       _("The document has been deleted."), "documents")
