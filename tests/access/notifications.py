from app.auth.services import create_user
from app.extensions import db
from app.notifications import services
from app.workshops import services as workshops
from tests.access import (
    ADMIN,
    ANON,
    LEARNER,
    LOGIN,
    ORGANISER,
    TRAINER,
    Case,
    everyone,
    signed_in,
)
from tests.workshops.factories import make_workshop


def _expect(anon, learner, trainer, organiser, admin) -> dict:
    return {ANON: anon, LEARNER: learner, TRAINER: trainer, ORGANISER: organiser, ADMIN: admin}


def seed(world):
    users = world["users"]
    organiser, trainer, learner = users[ORGANISER], users[TRAINER], users[LEARNER]
    workshop = make_workshop(organiser, trainer_ids=[trainer.id], title="Notified workshop")
    other = make_workshop(organiser, trainer_ids=[trainer.id], title="Another workshop")
    workshops.enrol(workshop, learner)
    note = services.notify([learner], "announcement", subject="test:1", event="posted",
                           data={"title": "Hello", "workshop": workshop.title}, url="/")[0]
    # A user of its own for the feed: the learner's token changes with the cases below.
    subscriber = create_user(email="feed@matrix.test", password="a-good-test-passphrase",
                             roles={"learner"}, name="Feed Reader")
    workshops.enrol(workshop, subscriber)
    world["nt_token"] = services.new_calendar_token(subscriber)
    db.session.commit()
    world["nt_workshop"], world["nt_other"], world["nt_note"] = workshop, other, note


def cases(world):
    w, o, n = world["nt_workshop"].id, world["nt_other"].id, world["nt_note"].id
    token = world["nt_token"]
    return [
        Case("notifications.index", "/notifications/", signed_in(200)),
        Case("notifications.mark_read", f"/notifications/{n}/read",
             _expect(LOGIN, 302, 404, 404, 404), "POST"),
        Case("notifications.mark_all_read", "/notifications/read-all", signed_in(302), "POST"),
        Case("notifications.preferences", "/notifications/preferences", signed_in(200)),
        Case("notifications.preferences", "/notifications/preferences", signed_in(302), "POST",
             {"email": ["announcement"]}),
        Case("notifications.calendar_settings", "/notifications/calendar", signed_in(200)),
        # Shows the new address in the response (it is never stored, so never shown again).
        Case("notifications.calendar_settings", "/notifications/calendar", signed_in(200),
             "POST", fresh_client=True),
        Case("notifications.revoke_calendar", "/notifications/calendar/revoke",
             signed_in(302), "POST", fresh_client=True),
        Case("notifications.calendar_feed", "/notifications/calendar/not-a-token.ics",
             everyone(404)),
        Case("notifications.announcements", f"/notifications/workshops/{w}/announcements",
             _expect(LOGIN, 200, 200, 200, 200)),
        Case("notifications.announcements", f"/notifications/workshops/{o}/announcements",
             _expect(LOGIN, 403, 200, 200, 200)),
        Case("notifications.post_announcement",
             f"/notifications/workshops/{w}/announcements/new",
             _expect(LOGIN, 403, 200, 200, 200)),
        Case("notifications.post_announcement",
             f"/notifications/workshops/{w}/announcements/new",
             _expect(LOGIN, 403, 302, 302, 302), "POST", {"title": "Room change", "body": "B2"}),
        # A subscriber's token opens their feed without a session, whoever asks.
        Case("notifications.calendar_feed", f"/notifications/calendar/{token}.ics",
             everyone(200)),
    ]
