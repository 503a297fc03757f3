"""Access cases of the pilots blueprint: every route × the five roles.

The world's learner is the participant of the private project (their own record).
"""

from datetime import date

from app.experts.models import Expert
from app.extensions import db
from app.files.services import store_bytes
from app.pilots import participants, records, services
from tests.access import ADMIN, ANON, LEARNER, LOGIN, ORGANISER, TRAINER, Case, everyone, only

ORG = only(ORGANISER)
ORG_POST = only(ORGANISER, status=302)


def _project(title, *, public, actor):
    return services.create_project({
        "title": title, "country": "KH", "sector": "manufacturing", "summary": "Summary.",
        "is_public": public}, actor=actor)


def _participant(project, name, user=None):
    return participants.add_participant(project, {
        "name": name, "country_of_origin": "KH", "visa_category": "E-9", "role": "trainer",
        "consent_date": date(2025, 1, 1), "consent_scope": "Records",
        "user_id": user.id if user else None})


def seed(world):
    users = world["users"]
    organiser = users[ORGANISER]
    public = _project("Public pilot", public=True, actor=organiser)
    private = _project("Internal pilot", public=False, actor=organiser)
    expert = Expert(name="Matrix Mentor", consent_date=date(2025, 1, 1))
    other_expert = Expert(name="Second Mentor")
    db.session.add_all([expert, other_expert])
    db.session.flush()
    services.add_mentor(public, expert)
    mentor = services.add_mentor(private, other_expert)
    partner = services.add_partner(public, {"name": "Centre", "org_type": "training",
                                            "country": "KH"})
    own = _participant(private, "Own Record", users[LEARNER])
    other = _participant(private, "Other Person")
    doomed = _participant(private, "Leaving Person")
    milestone = records.add_milestone(private, {"title": "Kick-off"})
    activity = records.add_activity(private, {"occurred_on": date(2025, 2, 1),
                                              "title": "Meeting"}, author=organiser)
    stored = store_bytes("minutes.txt", b"Minutes.", kinds={"document"})
    attachment = records.PilotAttachment(file=stored)
    activity.attachments.append(attachment)
    stored2 = store_bytes("draft.txt", b"Draft.", kinds={"document"})
    attachment2 = records.PilotAttachment(file=stored2)
    activity.attachments.append(attachment2)
    indicator = records.add_indicator(private, {"name": "People trained", "baseline": 0,
                                                "target": 10})
    value = records.add_value(indicator, measured_on=date(2025, 3, 1), value=3)
    from app.workshops.models import Workshop

    workshop = Workshop(title="Related workshop", start_date=date(2025, 3, 1),
                        end_date=date(2025, 3, 5))
    db.session.add(workshop)
    db.session.flush()
    link = services.link_workshop(private, workshop.id)
    db.session.commit()
    world["pilots"] = {
        "public": public.id, "private": private.id, "mentor": mentor.id,
        "partner": partner.id, "own": own.id, "other": other.id, "doomed": doomed.id,
        "milestone": milestone.id, "activity": activity.id, "attachment": attachment.id,
        "attachment2": attachment2.id, "indicator": indicator.id, "value": value.id,
        "link": link.id,
    }


def cases(world):
    w = world["pilots"]
    pub, priv = w["public"], w["private"]
    participant_only = {ANON: LOGIN, LEARNER: 200, TRAINER: 403, ORGANISER: 200, ADMIN: 200}
    return [
        Case("pilots.index", "/pilots/", ORG),
        Case("pilots.public_index", "/pilots/public", everyone(200)),
        Case("pilots.public_detail", f"/pilots/public/{pub}", everyone(200)),
        Case("pilots.public_detail", f"/pilots/public/{priv}", participant_only),
        Case("pilots.create", "/pilots/new", ORG),
        Case("pilots.detail", f"/pilots/{pub}",
             {ANON: 302, LEARNER: 302, TRAINER: 302, ORGANISER: 200, ADMIN: 200}),
        Case("pilots.detail", f"/pilots/{priv}",
             {ANON: LOGIN, LEARNER: 302, TRAINER: 403, ORGANISER: 200, ADMIN: 200}),
        Case("pilots.edit", f"/pilots/{priv}/edit", ORG),
        Case("pilots.change_status", f"/pilots/{priv}/status", ORG),
        Case("pilots.portfolio_summary", "/pilots/portfolio", ORG),
        Case("pilots.portfolio_csv", "/pilots/portfolio.csv", ORG),
        Case("pilots.indicators_csv", "/pilots/indicators.csv", ORG),
        Case("pilots.mine", "/pilots/mine",
             {ANON: LOGIN, LEARNER: 200, TRAINER: 200, ORGANISER: 200, ADMIN: 200}),
        Case("pilots.participant", f"/pilots/participants/{w['own']}", participant_only),
        Case("pilots.participant", f"/pilots/participants/{w['other']}", ORG),
        Case("pilots.participant_create", f"/pilots/{priv}/participants/new", ORG),
        Case("pilots.participant_edit", f"/pilots/participants/{w['other']}/edit", ORG),
        Case("pilots.participant_delete", f"/pilots/participants/{w['doomed']}/delete", ORG),
        Case("pilots.participants_csv", f"/pilots/{priv}/participants.csv", ORG),
        Case("pilots.partner_create", f"/pilots/{pub}/partners/new", ORG),
        Case("pilots.partner_edit", f"/pilots/partners/{w['partner']}/edit", ORG),
        Case("pilots.mentors", f"/pilots/{priv}/mentors", ORG),
        Case("pilots.milestone_create", f"/pilots/{priv}/milestones/new", ORG),
        Case("pilots.milestone_edit", f"/pilots/milestones/{w['milestone']}/edit", ORG),
        Case("pilots.activity_create", f"/pilots/{priv}/activity/new", ORG),
        Case("pilots.activity_edit", f"/pilots/activity/{w['activity']}/edit", ORG),
        Case("pilots.attachment", f"/pilots/attachments/{w['attachment']}", ORG),
        Case("pilots.indicator_create", f"/pilots/{priv}/indicators/new", ORG),
        Case("pilots.indicator", f"/pilots/indicators/{w['indicator']}", ORG),
        # Changes last: each role has its own world.
        Case("pilots.link_workshop", f"/pilots/{priv}/workshops", ORG_POST, "POST",
             {"workshop_id": "5"}),
        Case("pilots.unlink_workshop", f"/pilots/{priv}/workshops/{w['link']}/remove",
             ORG_POST, "POST"),
        Case("pilots.value_add", f"/pilots/indicators/{w['indicator']}/values", ORG_POST,
             "POST", {"measured_on": "2025-04-01", "value": "5"}),
        Case("pilots.milestone_done", f"/pilots/milestones/{w['milestone']}/done", ORG_POST,
             "POST"),
        Case("pilots.attachment_delete", f"/pilots/attachments/{w['attachment2']}/delete",
             ORG_POST, "POST"),
        Case("pilots.value_delete", f"/pilots/indicator-values/{w['value']}/delete", ORG_POST,
             "POST"),
        Case("pilots.indicator_delete", f"/pilots/indicators/{w['indicator']}/delete",
             ORG_POST, "POST"),
        Case("pilots.activity_delete", f"/pilots/activity/{w['activity']}/delete", ORG_POST,
             "POST"),
        Case("pilots.milestone_delete", f"/pilots/milestones/{w['milestone']}/delete",
             ORG_POST, "POST"),
        Case("pilots.partner_delete", f"/pilots/partners/{w['partner']}/delete", ORG_POST,
             "POST"),
        Case("pilots.mentor_remove", f"/pilots/mentors/{w['mentor']}/remove", ORG_POST,
             "POST"),
        Case("pilots.participant_delete", f"/pilots/participants/{w['doomed']}/delete",
             ORG_POST, "POST", {"confirm": "y"}),
    ]
