"""Milestones, the activity log (with attachments) and outcome indicators of a project."""

from __future__ import annotations

from datetime import date

from app.extensions import db
from app.files.services import store_upload
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


def _assign(obj, fields, data: dict):
    for field in fields:
        if field in data:
            setattr(obj, field, data[field])
    return obj


# Milestones ----------------------------------------------------------------------------

def add_milestone(project: PilotProject, data: dict) -> PilotMilestone:
    milestone = _assign(PilotMilestone(), MILESTONE_FIELDS, data)
    project.milestones.append(milestone)
    db.session.flush()
    return milestone


def update_milestone(milestone: PilotMilestone, data: dict) -> PilotMilestone:
    return _assign(milestone, MILESTONE_FIELDS, data)


def mark_done(milestone: PilotMilestone, on: date) -> PilotMilestone:
    if milestone.done_date is None:
        milestone.done_date = on
    return milestone


def delete_milestone(milestone: PilotMilestone) -> None:
    db.session.delete(milestone)
    db.session.flush()


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
    activity = _assign(PilotActivity(author_id=getattr(author, "id", None)), ACTIVITY_FIELDS,
                       data)
    project.activities.append(activity)
    attach(activity, uploads, uploaded_by=author)
    db.session.flush()
    return activity


def update_activity(activity: PilotActivity, data: dict, *, author, uploads=()) -> PilotActivity:
    _assign(activity, ACTIVITY_FIELDS, data)
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
    stored = attachment.file
    db.session.delete(attachment)
    db.session.delete(stored)
    db.session.flush()


def delete_activity(activity: PilotActivity) -> None:
    for attachment in list(activity.attachments):
        db.session.delete(attachment.file)
    db.session.delete(activity)
    db.session.flush()


# Outcome indicators --------------------------------------------------------------------

def add_indicator(project: PilotProject, data: dict) -> PilotIndicator:
    indicator = _assign(PilotIndicator(position=len(project.indicators)), INDICATOR_FIELDS,
                        data)
    project.indicators.append(indicator)
    db.session.flush()
    return indicator


def update_indicator(indicator: PilotIndicator, data: dict) -> PilotIndicator:
    return _assign(indicator, INDICATOR_FIELDS, data)


def delete_indicator(indicator: PilotIndicator) -> None:
    db.session.delete(indicator)
    db.session.flush()


def add_value(indicator: PilotIndicator, *, measured_on: date, value: float,
              note: str = "") -> PilotIndicatorValue:
    entry = PilotIndicatorValue(measured_on=measured_on, value=value, note=note)
    indicator.values.append(entry)
    db.session.flush()
    indicator.values.sort(key=lambda v: (v.measured_on, v.id))
    return entry


def delete_value(entry: PilotIndicatorValue) -> None:
    indicator = entry.indicator
    indicator.values.remove(entry)
    db.session.delete(entry)
    db.session.flush()
