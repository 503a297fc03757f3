"""Milestones, the activity log with attachments, and outcome indicators (organisers)."""

from __future__ import annotations

from datetime import date

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.auth.models import ORGANISER
from app.auth.permissions import role_required
from app.extensions import db
from app.files.services import UploadRejected
from app.files.views import send_stored_file
from app.pilots import bp, records
from app.pilots.charts import indicator_chart
from app.pilots.forms import (
    ActivityForm,
    IndicatorForm,
    IndicatorValueForm,
    MilestoneForm,
    form_data,
)
from app.pilots.models import (
    PilotActivity,
    PilotAttachment,
    PilotIndicator,
    PilotIndicatorValue,
    PilotMilestone,
)
from app.pilots.views.common import (
    back_to_project,
    delete_record,
    project_or_404,
    record_page,
    record_routes,
)
from app.web import form_page


def _activity_data(form: ActivityForm) -> dict:
    return form_data(form, exclude=("csrf_token", "attachments"))


def _uploads():
    return request.files.getlist("attachments")


# Milestones ----------------------------------------------------------------------------

record_routes("milestone", PilotMilestone, MilestoneForm, records.add_milestone,
              records.update_milestone, _l("Milestone added."))


@bp.route("/milestones/<int:milestone_id>/done", methods=["POST"])
@role_required(ORGANISER)
def milestone_done(milestone_id: int):
    milestone = db.get_or_404(PilotMilestone, milestone_id)
    records.mark_done(milestone, date.today())
    flash(_("Milestone marked as done."), "success")
    return back_to_project(milestone.project_id, "milestones")


@bp.route("/milestones/<int:milestone_id>/delete", methods=["POST"])
@role_required(ORGANISER)
def milestone_delete(milestone_id: int):
    return delete_record(PilotMilestone, milestone_id, records.delete_milestone,
                         _("Milestone deleted."), "milestones")


# Activity log --------------------------------------------------------------------------

@bp.route("/<int:project_id>/activity/new", methods=["GET", "POST"])
@role_required(ORGANISER)
def activity_create(project_id: int):
    project = project_or_404(project_id)
    return record_page(
        ActivityForm(), "activity",
        lambda form: records.add_activity(project, _activity_data(form), author=current_user,
                                          uploads=_uploads()),
        _("Activity recorded."), project, section="activity",
        rejects=(UploadRejected,), field="attachments")


@bp.route("/activity/<int:activity_id>/edit", methods=["GET", "POST"])
@role_required(ORGANISER)
def activity_edit(activity_id: int):
    activity = db.get_or_404(PilotActivity, activity_id)
    return record_page(
        ActivityForm(obj=activity), "activity",
        lambda form: records.update_activity(activity, _activity_data(form),
                                             author=current_user, uploads=_uploads()),
        _("Saved."), activity.project, activity, section="activity",
        rejects=(UploadRejected,), field="attachments")


@bp.route("/activity/<int:activity_id>/delete", methods=["POST"])
@role_required(ORGANISER)
def activity_delete(activity_id: int):
    return delete_record(PilotActivity, activity_id, records.delete_activity,
                         _("Activity entry deleted with its attachments."), "activity")


@bp.route("/attachments/<int:attachment_id>")
@role_required(ORGANISER)
def attachment(attachment_id: int):
    item = db.get_or_404(PilotAttachment, attachment_id)
    return send_stored_file(item.file)


@bp.route("/attachments/<int:attachment_id>/delete", methods=["POST"])
@role_required(ORGANISER)
def attachment_delete(attachment_id: int):
    return delete_record(
        PilotAttachment, attachment_id, records.delete_attachment, _("Attachment deleted."),
        lambda item: redirect(url_for("pilots.activity_edit", activity_id=item.activity_id)))


# Outcome indicators --------------------------------------------------------------------

@bp.route("/<int:project_id>/indicators/new", methods=["GET", "POST"])
@role_required(ORGANISER)
def indicator_create(project_id: int):
    project = project_or_404(project_id)
    return form_page(IndicatorForm(), "pilots/indicator_form.html",
                     lambda form: records.add_indicator(project, form_data(form)),
                     _("Indicator added. Record its values over time below."),
                     lambda indicator: redirect(url_for("pilots.indicator",
                                                        indicator_id=indicator.id)),
                     project=project)


def _to_values(indicator_id: int):
    return redirect(url_for("pilots.indicator", indicator_id=indicator_id, _anchor="values"))


def _indicator_page(indicator, form, value_form, status=200):
    return render_template("pilots/indicator.html", indicator=indicator,
                           project=indicator.project, form=form, value_form=value_form,
                           chart=indicator_chart(indicator)), status


@bp.route("/indicators/<int:indicator_id>", methods=["GET", "POST"])
@role_required(ORGANISER)
def indicator(indicator_id: int):
    item = db.get_or_404(PilotIndicator, indicator_id)
    form = IndicatorForm(obj=item)
    if form.validate_on_submit():
        records.update_indicator(item, form_data(form))
        flash(_("Saved."), "success")
        return redirect(url_for("pilots.indicator", indicator_id=item.id))
    return _indicator_page(item, form, IndicatorValueForm(formdata=None))


@bp.route("/indicators/<int:indicator_id>/values", methods=["POST"])
@role_required(ORGANISER)
def value_add(indicator_id: int):
    item = db.get_or_404(PilotIndicator, indicator_id)
    value_form = IndicatorValueForm()
    if value_form.validate_on_submit():
        records.add_value(item, measured_on=value_form.measured_on.data,
                          value=value_form.value.data, note=value_form.note.data or "")
        flash(_("Value recorded."), "success")
        return _to_values(item.id)
    return _indicator_page(item, IndicatorForm(formdata=None, obj=item), value_form)


@bp.route("/indicator-values/<int:value_id>/delete", methods=["POST"])
@role_required(ORGANISER)
def value_delete(value_id: int):
    return delete_record(PilotIndicatorValue, value_id, records.delete_value, _("Value deleted."),
                         lambda entry: _to_values(entry.indicator_id))


@bp.route("/indicators/<int:indicator_id>/delete", methods=["POST"])
@role_required(ORGANISER)
def indicator_delete(indicator_id: int):
    return delete_record(PilotIndicator, indicator_id, records.delete_indicator,
                         _("Indicator deleted with its values."), "indicators")
