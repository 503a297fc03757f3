"""Demo: an announcement in the demo workshop from trainer@demo.test, and a few
notifications for the demo accounts (no e-mail is sent for them)."""

from __future__ import annotations

from sqlalchemy import select

from app.auth.services import get_user_by_email
from app.extensions import db
from app.markdown import render_markdown
from app.notifications import queries, services
from app.notifications.links import path_for
from app.notifications.models import Announcement
from app.workshops.models import APPLIED, Enrolment, Workshop

BODY = ("Welcome to the workshop. The second attendance day starts at **09:00** in the "
        "AKMN Training Room; please finish *Module 1* before it.\n\n*Fictional demo "
        "announcement.*")


def load() -> None:
    trainer = get_user_by_email("trainer@demo.test")
    organiser = get_user_by_email("organiser@demo.test")
    workshop = db.session.scalar(select(Workshop).where(Workshop.is_demo.is_(True))
                                 .order_by(Workshop.id).limit(1))
    if trainer is None or workshop is None:
        return
    announcement = db.session.scalar(select(Announcement).where(
        Announcement.workshop_id == workshop.id))
    if announcement is None:
        announcement = Announcement(workshop_id=workshop.id, author_id=trainer.id,
                                    title="Practical information for day 2", body=BODY,
                                    body_html=render_markdown(BODY))
        db.session.add(announcement)
        db.session.flush()
    services.notify(
        queries.cohort(workshop.id), "announcement", subject=f"announcement:{announcement.id}",
        event="posted", data={"title": announcement.title, "workshop": workshop.title},
        url=path_for("notifications.announcements", workshop_id=workshop.id), email=False)
    learner = get_user_by_email("learner@demo.test")
    if learner is not None:
        enrolment = db.session.scalar(select(Enrolment).where(
            Enrolment.workshop_id == workshop.id, Enrolment.user_id == learner.id))
        if enrolment is not None:
            services.notify([learner], "enrolment_approved", subject=f"enrolment:{enrolment.id}",
                            event="demo", data={"title": workshop.title, "name": learner.name},
                            url=path_for("workshops.detail", workshop_id=workshop.id),
                            email=False)
    if organiser is not None:
        for request in db.session.scalars(select(Enrolment).where(
                Enrolment.workshop_id == workshop.id, Enrolment.status == APPLIED)):
            services.notify([organiser], "enrolment_requested",
                            subject=f"enrolment:{request.id}", event="demo",
                            data={"title": workshop.title, "name": request.user.name},
                            url=path_for("workshops.enrolments", workshop_id=workshop.id),
                            email=False)
