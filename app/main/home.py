"""The home of a signed-in person: one section per role they hold, composed from the read
queries of the domains that own the data. Every section costs a constant number of queries,
whatever the number of courses, workshops, learners or certificates."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from app.admin.queries import AccountsAwaiting, accounts_awaiting_action, recent_sensitive_actions
from app.auth.models import ADMIN, LEARNER, ORGANISER, TRAINER
from app.certificates.queries import failed_renderings, latest_of
from app.courses.progress import LearningEntry, my_learning
from app.courses.queries import authored_courses
from app.meetings.queries import upcoming
from app.notifications.queries import announcements_for_learner
from app.pilots.queries import milestones_due
from app.quizzes.attempts import essays_waiting
from app.quizzes.banks import banks_of_courses
from app.quizzes.queries import QuizToTake, quizzes_to_take
from app.timeutil import to_zone, utcnow
from app.workshops import home as workshops_home

RECENT_COURSES = 3  # "continue where you left off": the most recently active courses


@dataclass
class LearnerSection:
    continue_with: list[LearningEntry]
    workshops: list[workshops_home.MyWorkshop]
    quizzes: list[QuizToTake]
    certificates: list
    certificate_count: int
    announcements: list

    @property
    def next_session(self):
        """(session, workshop) of the learner's next session in any workshop, or None."""
        found = [(w.next_session, w.workshop) for w in self.workshops if w.next_session]
        return min(found, key=lambda pair: pair[0].starts_at, default=None)


@dataclass
class TrainerSection:
    essays_waiting: int
    courses: list  # (course, learners active in the last 30 days), the first few
    course_count: int
    banks: list
    workshops: list  # (workshop, approved learners), the first few
    workshop_count: int

    @property
    def drafts(self) -> list:
        return [(c, n) for c, n in self.courses if c.is_draft]

    @property
    def published(self) -> list:
        return [(c, n) for c, n in self.courses if c.is_published]


@dataclass
class OrganiserSection:
    workshops: list[workshops_home.WorkshopActions]
    meetings: list
    milestones: list


@dataclass
class AdminSection:
    accounts: AccountsAwaiting
    audit: list


@dataclass
class Home:
    learner: LearnerSection | None = None
    trainer: TrainerSection | None = None
    organiser: OrganiserSection | None = None
    admin: AdminSection | None = None
    roles: list[str] = field(default_factory=list)


def roles_shown(user) -> list[str]:
    """The roles whose sections the home shows: those the user holds (a user without any
    role row is treated as a learner), in the order of the page."""
    held = user.roles or {LEARNER}
    return [role for role in (LEARNER, TRAINER, ORGANISER, ADMIN) if role in held]


def learner_section(user, now: datetime) -> LearnerSection:
    in_progress, _completed = my_learning(user, recent=RECENT_COURSES)
    workshops = workshops_home.learner_workshops(user, now)
    course_ids = {e.progress.course.id for e in in_progress}
    for row in workshops:
        if row.progress is not None and row.progress.status != "completed":
            course_ids |= row.course_ids
    certificates, count = latest_of(user)
    return LearnerSection(
        continue_with=[e for e in in_progress if e.progress.next_item is not None],
        workshops=workshops, quizzes=quizzes_to_take(user, course_ids, now=now),
        certificates=certificates, certificate_count=count,
        announcements=announcements_for_learner(user, 3))


def trainer_section(user) -> TrainerSection:
    courses, course_count = authored_courses(user)
    workshops, workshop_count = workshops_home.trained_workshops(user)
    return TrainerSection(
        essays_waiting=essays_waiting(user), courses=courses, course_count=course_count,
        banks=banks_of_courses([c.id for c, _n in courses]) if courses else [],
        workshops=workshops, workshop_count=workshop_count)


def organiser_section(user, now: datetime) -> OrganiserSection:
    failed = failed_renderings(workshops_home.organised_workshop_ids(user))
    try:
        today = to_zone(now, user.timezone or "UTC").date()
    except (ValueError, LookupError):  # an unknown zone name: the date in UTC
        today = now.date()
    return OrganiserSection(
        workshops=workshops_home.organised_workshops(user, failed_renderings=failed, now=now),
        meetings=upcoming(user, 5, now=now), milestones=milestones_due(today))


def admin_section() -> AdminSection:
    return AdminSection(accounts=accounts_awaiting_action(), audit=recent_sensitive_actions())


def build_home(user, now: datetime | None = None) -> Home:
    now = now or utcnow()
    roles = roles_shown(user)
    home = Home(roles=roles)
    if LEARNER in roles:
        home.learner = learner_section(user, now)
    if TRAINER in roles:
        home.trainer = trainer_section(user)
    if ORGANISER in roles:
        home.organiser = organiser_section(user, now)
    if ADMIN in roles:
        home.admin = admin_section()
    return home
