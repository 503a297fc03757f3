"""The home of a signed-in person: one section per role they hold, composed from the read
queries of the domains that own the data. Every section costs a constant number of queries,
whatever the number of courses, workshops, learners or certificates."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from app.admin.queries import AccountsAwaiting, accounts_awaiting_action, recent_sensitive_actions
from app.auth.models import ADMIN, LEARNER, ORGANISER, TRAINER
from app.certificates.queries import latest_of
from app.courses.progress import (
    LearningEntry,
    completed_item_ids,
    items_of,
    learning_entries,
    lessons_completed,
    recent_with_courses,
)
from app.courses.queries import authored_courses
from app.meetings.queries import upcoming
from app.notifications.queries import announcements_for_learner
from app.pilots.queries import milestones_due
from app.quizzes.banks import bank_sizes
from app.quizzes.queries import QuizToTake, quiz_rows_and_standing, quizzes_to_take
from app.timeutil import to_zone, utcnow
from app.workshops import home as workshops_home
from app.workshops.home import LESSON, QUIZ

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
    # The essays to grade are the navigation's count (app.web.essays_waiting_count: one
    # query per request for both).
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
    """The learner's section: the courses of their recent activities and of their workshops
    are read once (their cached structures), and so are their lessons done and their quiz
    attempts in these courses, for the three parts that show progress."""
    workshops = workshops_home.my_enrolments(user, now)
    activities, courses = recent_with_courses(user, RECENT_COURSES, workshops.course_ids)
    items = [item for course in courses.values() for item in items_of(course)]
    lessons = lessons_completed(user, [i for i in items if i.kind == LESSON])
    # The quizzes of these courses with the user's standing in them (one query for the
    # workshops' progress, the courses' and the quizzes to take).
    quizzes, standing = quiz_rows_and_standing(user, [i.id for i in items if i.kind == QUIZ])
    # Lessons and quizzes from these two reads; any other kind asks its kind, as outlines do.
    completed = (lessons | {item_id for item_id, (_b, passed, _w) in standing.items() if passed}
                 | completed_item_ids(user, [i for i in items if i.kind not in (LESSON, QUIZ)]))
    in_progress, _done = learning_entries(user, activities, courses, completed=completed)
    workshops_home.fill_progress(user, workshops, courses, now, lessons_done=lessons,
                                 standing=standing)
    course_ids = {e.progress.course.id for e in in_progress}
    for row in workshops.rows:
        if row.progress is not None and row.progress.status != "completed":
            course_ids |= row.course_ids
    certificates, count = latest_of(user)
    return LearnerSection(
        continue_with=[e for e in in_progress if e.progress.next_item is not None],
        workshops=workshops.rows,
        quizzes=quizzes_to_take([courses[i] for i in course_ids if i in courses], quizzes,
                                standing, now=now),
        certificates=certificates, certificate_count=count,
        announcements=announcements_for_learner(user, 3))


def trainer_section(user) -> TrainerSection:
    courses, course_count = authored_courses(user)
    workshops, workshop_count = workshops_home.trained_workshops(user)
    return TrainerSection(
        courses=courses, course_count=course_count,
        banks=bank_sizes([c.id for c, _n in courses]) if courses else [],
        workshops=workshops, workshop_count=workshop_count)


def organiser_section(user, now: datetime) -> OrganiserSection:
    try:
        today = to_zone(now, user.timezone or "UTC").date()
    except (ValueError, LookupError):  # an unknown zone name: the date in UTC
        today = now.date()
    return OrganiserSection(
        workshops=workshops_home.organised_workshops(user, now=now),
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


# --- what each section shows, for its cached fragment ------------------------------------------
# A section's HTML is a function of its data, the interface language and the viewer's time
# zone (the dates and times are shown in it): a fragment keyed by all three is served to
# whoever has the same, never anything that is not in the key. Everything time-dependent
# (the next session, quizzes opening or closing soon, today's sessions, overdue milestones)
# is computed with `now` before and is in the data.
HOME_FRAGMENT = 1  # bump when a section template shows something its key does not hold


def _item_key(item) -> tuple:
    """An item of a course's structure as its title and link show it."""
    return (item.id, item.kind, item.title, item.module.course.slug)


def learner_key(s: LearnerSection) -> tuple:
    next_session = s.next_session
    return (
        tuple((e.progress.course.id, e.progress.course.slug, e.progress.course.title,
               e.progress.done, e.progress.total, _item_key(e.progress.next_item))
              for e in s.continue_with),
        (tuple(next_session[0]), next_session[1].id, next_session[1].title)
        if next_session else None,
        len(s.workshops),
        tuple((row.workshop.id, row.workshop.title, row.workshop.start_date,
               row.workshop.end_date, row.enrolment.status,
               None if row.progress is None else (
                   row.progress.status, tuple(row.progress.reasons), len(row.remaining),
                   tuple(_item_key(step.item) for step in row.remaining[:3])))
              for row in s.workshops[:8]),
        tuple((tuple(q.quiz), q.opens_later, q.closes_soon, q.attempted) for q in s.quizzes),
        tuple(tuple(c) for c in s.certificates), s.certificate_count,
        tuple(tuple(a) for a in s.announcements))


def trainer_key(s: TrainerSection, essays_waiting: int) -> tuple:
    return (essays_waiting,
            tuple((c.id, c.slug, c.title, c.status, n) for c, n in s.courses), s.course_count,
            tuple(tuple(bank) for bank in s.banks),
            tuple((tuple(w), n) for w, n in s.workshops), s.workshop_count)


def organiser_key(s: OrganiserSection) -> tuple:
    return (len(s.workshops),
            tuple((tuple(a.workshop), a.requests,
                   tuple((tuple(session), recorded) for session, recorded in a.sessions_today),
                   a.completers_without_certificate, a.failed_certificates)
                  for a in s.workshops[:8]),
            tuple(tuple(m) for m in s.meetings),
            tuple((tuple(m), state) for m, state in s.milestones))


def section_key(role: str, key: tuple, *, language: str, zone: str | None) -> tuple:
    return ("home", HOME_FRAGMENT, role, language, zone, key)
