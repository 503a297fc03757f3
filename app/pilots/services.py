"""Pilot projects: creating and editing, status history, partners, mentors, related
trainings, listings. Plain functions: no request, no commit (the request commits).

Signals sent: `expert_contribution_changed` (a mentor added or removed) and
`meeting_outcome_linked` (the planning meeting set or changed), after the flush."""

from __future__ import annotations

from datetime import date

from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from app import signals
from app.experts.models import Expert
from app.extensions import db
from app.models_base import add_row, assign, delete_rows
from app.pilots.models import (
    PROPOSAL,
    PilotActivity,
    PilotAttachment,
    PilotIndicator,
    PilotMentor,
    PilotParticipant,
    PilotPartner,
    PilotProject,
    PilotStatusChange,
    PilotWorkshop,
)
from app.workshops.models import Workshop

PAGE_SIZE = 30
PROJECT_FIELDS = ("title", "country", "region", "sector", "summary", "objectives",
                  "start_date", "end_date", "budget", "currency", "funding_source", "is_public",
                  "planned_by_meeting_id")
PARTNER_FIELDS = ("name", "org_type", "role", "contact", "country")


class PilotError(Exception):
    """An operation that cannot be done; the message is for the user, `field` names the
    form field it concerns."""

    def __init__(self, message, field: str | None = None):
        super().__init__(message)
        self.field = field


def create_project(data: dict, *, actor, status: str = PROPOSAL,
                   status_date: date | None = None, is_demo: bool = False) -> PilotProject:
    project = PilotProject(status=status, created_by_id=getattr(actor, "id", None),
                           is_demo=is_demo)
    update_project(project, data)
    project.status_changes.append(PilotStatusChange(
        status=status, changed_on=status_date or date.today(),
        recorded_by_id=getattr(actor, "id", None)))
    db.session.add(project)
    db.session.flush()
    if project.planned_by_meeting_id is not None:
        signals.meeting_outcome_linked.send(project, meeting_id=project.planned_by_meeting_id,
                                            previous_meeting_id=None)
    return project


def update_project(project: PilotProject, data: dict) -> PilotProject:
    previous_meeting_id = project.planned_by_meeting_id
    assign(project, data, PROJECT_FIELDS)
    if project.budget is None:
        project.currency = ""
    if project.id is not None and project.planned_by_meeting_id != previous_meeting_id:
        db.session.flush()
        signals.meeting_outcome_linked.send(project, meeting_id=project.planned_by_meeting_id,
                                            previous_meeting_id=previous_meeting_id)
    return project


def change_status(project: PilotProject, status: str, *, changed_on: date, note: str = "",
                  actor=None) -> PilotStatusChange:
    if status == project.status:
        raise PilotError(_l("The project already has this status."), "status")
    last = max((c.changed_on for c in project.status_changes), default=None)
    if last is not None and changed_on < last:
        raise PilotError(_l("The date is before the last change of status (%(date)s).",
                            date=format_date(last)), "changed_on")
    change = PilotStatusChange(status=status, changed_on=changed_on, note=note,
                               recorded_by_id=getattr(actor, "id", None))
    project.status_changes.append(change)
    project.status = status
    db.session.flush()
    return change


def filter_projects(query, *, q: str = "", country: str = "", sector: str = "",
                    status: str = ""):
    if q.strip():
        like = f"%{q.strip().lower()}%"
        query = query.where(or_(func.lower(PilotProject.title).like(like),
                                func.lower(PilotProject.region).like(like)))
    if country:
        query = query.where(PilotProject.country == country)
    if sector:
        query = query.where(PilotProject.sector == sector)
    if status:
        query = query.where(PilotProject.status == status)
    return query


def search_projects(*, q: str = "", country: str = "", sector: str = "", status: str = "",
                    visibility: str = "", page: int = 1):
    """The organisers' list."""
    query = filter_projects(select(PilotProject), q=q, country=country, sector=sector,
                            status=status)
    if visibility == "public":
        query = query.where(PilotProject.is_public)
    elif visibility == "internal":
        query = query.where(~PilotProject.is_public)
    query = query.order_by(PilotProject.updated_at.desc(), PilotProject.id.desc())
    return db.paginate(query, page=page, per_page=PAGE_SIZE, error_out=False)


def public_projects(*, country: str = "", sector: str = "", status: str = "", page: int = 1):
    query = filter_projects(select(PilotProject).where(PilotProject.is_public), country=country,
                      sector=sector, status=status)
    query = query.order_by(PilotProject.start_date.desc().nulls_last(), PilotProject.title)
    return db.paginate(query, page=page, per_page=PAGE_SIZE, error_out=False)


def participant_counts(project_ids) -> dict[int, int]:
    """Participants per project, including anonymised rows (one query)."""
    ids = list(project_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        select(PilotParticipant.project_id, func.count(PilotParticipant.id))
        .where(PilotParticipant.project_id.in_(ids))
        .group_by(PilotParticipant.project_id))
    return dict(rows.all())


def load_project(project_id: int, *, full: bool = False) -> PilotProject | None:
    """A project with what its pages show, in a few queries (`full`: the whole record)."""
    options = [
        selectinload(PilotProject.status_changes).selectinload(PilotStatusChange.recorded_by),
        selectinload(PilotProject.partners),
        selectinload(PilotProject.mentors).selectinload(PilotMentor.expert),
        selectinload(PilotProject.workshop_links).selectinload(PilotWorkshop.workshop),
        selectinload(PilotProject.planned_by_meeting),
    ]
    if full:
        options += [
            selectinload(PilotProject.participants),
            selectinload(PilotProject.milestones),
            selectinload(PilotProject.indicators).selectinload(PilotIndicator.values),
            selectinload(PilotProject.activities).selectinload(PilotActivity.author),
            selectinload(PilotProject.activities).selectinload(PilotActivity.attachments)
            .selectinload(PilotAttachment.file),
        ]
    return db.session.scalar(
        select(PilotProject).where(PilotProject.id == project_id).options(*options))


# Partners ------------------------------------------------------------------------------

def add_partner(project: PilotProject, data: dict) -> PilotPartner:
    return add_row(project.partners, assign(PilotPartner(), data, PARTNER_FIELDS))


def update_partner(partner: PilotPartner, data: dict) -> PilotPartner:
    return assign(partner, data, PARTNER_FIELDS)


def delete_partner(partner: PilotPartner) -> None:
    delete_rows(partner)


def partners_by_side(project: PilotProject) -> dict[str, list[PilotPartner]]:
    """{"korea": [...], "home": [...], "other": [...]}: by the partner's country."""
    sides: dict[str, list[PilotPartner]] = {"korea": [], "home": [], "other": []}
    for partner in project.partners:
        if partner.country == "KR":
            sides["korea"].append(partner)
        elif partner.country == project.country:
            sides["home"].append(partner)
        else:
            sides["other"].append(partner)
    return sides


# Mentors -------------------------------------------------------------------------------

def mentor_choices(project: PilotProject) -> list[tuple[int, str]]:
    taken = {m.expert_id for m in project.mentors}
    experts = db.session.scalars(
        select(Expert).where(~Expert.archived).order_by(Expert.name, Expert.id))
    return [(e.id, e.display_name) for e in experts if e.id not in taken]


def add_mentor(project: PilotProject, expert: Expert, note: str = "") -> PilotMentor:
    if any(m.expert_id == expert.id for m in project.mentors):
        raise PilotError(_l("This expert is already a mentor of the project."))
    mentor = PilotMentor(expert=expert, note=note)
    project.mentors.append(mentor)
    db.session.flush()
    signals.expert_contribution_changed.send(project, expert_ids=[expert.id])
    return mentor


def remove_mentor(mentor: PilotMentor) -> None:
    project, expert_id = mentor.project, mentor.expert_id
    db.session.delete(mentor)
    db.session.flush()
    signals.expert_contribution_changed.send(project, expert_ids=[expert_id])


def public_mentors(project: PilotProject) -> tuple[list[PilotMentor], int]:
    """Mentors who consented to be listed publicly, and how many others there are."""
    listed = [m for m in project.mentors if m.expert.listed_publicly]
    return listed, len(project.mentors) - len(listed)


# Related trainings (workshops) ---------------------------------------------------------

def workshop_choices(project: PilotProject) -> list[tuple[int, str]]:
    """(id, title) of the workshops not linked to `project` yet, newest first."""
    taken = {link.workshop_id for link in project.workshop_links}
    rows = db.session.execute(select(Workshop.id, Workshop.title).order_by(Workshop.id.desc()))
    return [(row.id, row.title) for row in rows if row.id not in taken]


def link_workshop(project: PilotProject, workshop_id: int) -> PilotWorkshop:
    if any(link.workshop_id == workshop_id for link in project.workshop_links):
        raise PilotError(_l("This workshop is already linked."))
    link = PilotWorkshop(workshop_id=workshop_id)
    project.workshop_links.append(link)
    db.session.flush()
    return link


def unlink_workshop(link: PilotWorkshop) -> None:
    db.session.delete(link)
    db.session.flush()
