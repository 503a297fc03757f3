"""Milestones, the activity log (with attachments) and outcome indicators of a project."""

from __future__ import annotations

from datetime import date

from app.extensions import db
from app.files.services import store_upload
from app.models_base import add_row, assign, delete_rows
from app.pilots.models import (
    PilotActivity,
    PilotAttachment,
    PilotIndicator,
    PilotIndicatorValue,
    PilotMilestone,
    PilotProject,
)

MILESTONE_FIELDS = ("title", "due_date", "done_date", "note")
ACTIVITY_FIELDS = ("occurred_on", "title", "body")
INDICATOR_FIELDS = ("name", "unit", "baseline", "target")
ATTACHMENT_KINDS = {"image", "document"}


# Milestones ----------------------------------------------------------------------------

def add_milestone(project: PilotProject, data: dict) -> PilotMilestone:
    return add_row(project.milestones, assign(PilotMilestone(), data, MILESTONE_FIELDS))


def update_milestone(milestone: PilotMilestone, data: dict) -> PilotMilestone:
    return assign(milestone, data, MILESTONE_FIELDS)


def mark_done(milestone: PilotMilestone, on: date) -> PilotMilestone:
    if milestone.done_date is None:
        milestone.done_date = on
    return milestone


def delete_milestone(milestone: PilotMilestone) -> None:
    delete_rows(milestone)


def milestone_state(milestone: PilotMilestone, today: date) -> str:
    """done | overdue | due | open (open: no due date)."""
    if milestone.done_date:
        return "done"
    if milestone.due_date is None:
        return "open"
    return "overdue" if milestone.due_date < today else "due"


# Activity log --------------------------------------------------------------------------

def add_activity(project: PilotProject, data: dict, *, author, uploads=()) -> PilotActivity:
    """Raises UploadRejected (nothing is kept: the request rolls back)."""
    activity = assign(PilotActivity(author_id=getattr(author, "id", None)), data,
                      ACTIVITY_FIELDS)
    project.activities.append(activity)
    attach(activity, uploads, uploaded_by=author)
    db.session.flush()
    return activity


def update_activity(activity: PilotActivity, data: dict, *, author, uploads=()) -> PilotActivity:
    assign(activity, data, ACTIVITY_FIELDS)
    attach(activity, uploads, uploaded_by=author)
    db.session.flush()
    return activity


def attach(activity: PilotActivity, uploads, *, uploaded_by) -> list[PilotAttachment]:
    added = []
    for upload in uploads:
        if not upload or not upload.filename:
            continue
        stored = store_upload(upload, kinds=ATTACHMENT_KINDS, uploaded_by=uploaded_by)
        attachment = PilotAttachment(file=stored)
        activity.attachments.append(attachment)
        added.append(attachment)
    return added


def delete_attachment(attachment: PilotAttachment) -> None:
    delete_rows(attachment, attachment.file)


def delete_activity(activity: PilotActivity) -> None:
    delete_rows(*(attachment.file for attachment in activity.attachments), activity)


# Outcome indicators --------------------------------------------------------------------

def add_indicator(project: PilotProject, data: dict) -> PilotIndicator:
    return add_row(project.indicators, assign(PilotIndicator(position=len(project.indicators)),
                                              data, INDICATOR_FIELDS))


def update_indicator(indicator: PilotIndicator, data: dict) -> PilotIndicator:
    return assign(indicator, data, INDICATOR_FIELDS)


def delete_indicator(indicator: PilotIndicator) -> None:
    delete_rows(indicator)


def add_value(indicator: PilotIndicator, *, measured_on: date, value: float,
              note: str = "") -> PilotIndicatorValue:
    entry = PilotIndicatorValue(measured_on=measured_on, value=value, note=note)
    indicator.values.append(entry)
    db.session.flush()
    indicator.values.sort(key=lambda v: (v.measured_on, v.id))
    return entry


def delete_value(entry: PilotIndicatorValue) -> None:
    entry.indicator.values.remove(entry)
    delete_rows(entry)
