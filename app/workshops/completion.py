"""Completion of a workshop: computed from the records, explained, recorded when reached.

The rule is any combination of: every lesson of the workshop's courses done, every quiz
passed, attendance at least N % of the sessions. Progress is read in bulk — one query for
all learners' lessons, one for their quiz attempts, one for attendance — so the roster costs
the same number of queries for 5 learners as for 500.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from itertools import repeat

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import Select, func, select
from sqlalchemy.orm import contains_eager

from app import signals
from app.auth.audit import record_audit
from app.auth.models import User
from app.courses.items import ITEM_KINDS
from app.courses.models import Module, ModuleItem
from app.extensions import db
from app.timeutil import utcnow
from app.workshops import notify, progress
from app.workshops.attendance import attendance_counts, session_count
from app.workshops.models import (
    APPROVED,
    COMPLETED,
    FINISHED,
    IN_PROGRESS,
    NOT_COMPLETED,
    Enrolment,
    Workshop,
    WorkshopCourse,
)

LESSON, QUIZ = "lesson", "quiz"


@dataclass
class QuizResult:
    item_id: int
    title: str
    best: float | None  # best percentage, None when not attempted (or not graded yet)
    passed: bool
    awaiting_grading: bool = False  # a finished attempt waits for a trainer (an essay)
    item: ModuleItem | None = None  # the quiz's step (its title in the reader's language)


@dataclass
class Step:
    """Something left to do, for the learner's page."""

    item: ModuleItem

    @property
    def title(self) -> str:
        return self.item.title

    @property
    def kind(self) -> str:
        kind = ITEM_KINDS.get(self.item.kind)
        return str(kind.label) if kind else self.item.kind

    @property
    def url(self) -> str | None:
        """Where the learner does it (built on demand: it needs a request)."""
        kind = ITEM_KINDS.get(self.item.kind)
        return kind.url(self.item) if kind is not None else None


@dataclass
class LearnerProgress:
    enrolment: Enrolment  # or the roster's plain RosterEnrolment (user_id, user, completed_at)
    lessons_total: int = 0
    lessons_done: int = 0
    quizzes: list[QuizResult] = field(default_factory=list)
    attended: int = 0
    sessions: int = 0
    status: str = IN_PROGRESS
    reasons: list[str] = field(default_factory=list)
    remaining: list[Step] = field(default_factory=list)
    certificate: bool = False  # holds a valid certificate of the workshop
    # (best, passed, awaiting grading) of each quiz, () before any attempt: what `quizzes`
    # shows, as a key (learners with the same scores share a list, and the roster a cell)
    scores_key: tuple = ()

    @property
    def user(self) -> User:
        return self.enrolment.user

    @property
    def completed_at(self) -> datetime | None:
        return self.enrolment.completed_at

    @property
    def attendance_percent(self) -> int:
        return round(100 * self.attended / self.sessions) if self.sessions else 0

    @property
    def explanation(self) -> str:
        if self.status == COMPLETED:
            return _("all requirements met")
        return ", ".join(self.reasons)


@dataclass
class WorkshopItems:
    ordered: list[ModuleItem]  # lessons and quizzes in course order

    # read for every learner of a roster: computed once
    @cached_property
    def lessons(self) -> list[ModuleItem]:
        return [i for i in self.ordered if i.kind == LESSON]

    @cached_property
    def quizzes(self) -> list[ModuleItem]:
        return [i for i in self.ordered if i.kind == QUIZ]


def workshop_items(workshop: Workshop) -> WorkshopItems:
    """Lessons and quizzes of the workshop's courses, in course order (one query)."""
    items = db.session.scalars(
        select(ModuleItem)
        .join(Module, Module.id == ModuleItem.module_id)
        .join(WorkshopCourse, WorkshopCourse.course_id == Module.course_id)
        .where(WorkshopCourse.workshop_id == workshop.id, ModuleItem.kind.in_((LESSON, QUIZ)))
        .order_by(WorkshopCourse.position, Module.position, ModuleItem.position, ModuleItem.id)
    ).all()
    return WorkshopItems(ordered=list(items))


def judge(workshop: Workshop, *, lessons_left: int, quizzes_failed: list[str], attended: int,
          sessions: int) -> tuple[str, list[str]]:
    """The status and the reasons of one learner from their counts and the titles of the
    quizzes they have not passed (no queries)."""
    reasons = []
    if workshop.require_lessons and lessons_left:
        reasons.append(ngettext("%(num)d lesson left", "%(num)d lessons left", lessons_left))
    if workshop.require_quizzes and quizzes_failed:
        if len(quizzes_failed) <= 3:
            reasons.extend(_("quiz “%(title)s” not passed", title=title)
                           for title in quizzes_failed)
        else:
            reasons.append(ngettext("%(num)d quiz not passed", "%(num)d quizzes not passed",
                                    len(quizzes_failed)))
    need = workshop.min_attendance_percent
    if need:
        if not sessions:
            reasons.append(_("no attendance day held yet (%(need)d %% needed)", need=need))
        elif 100 * attended < need * sessions:
            reasons.append(_("attendance %(have)d %% of %(need)d %% needed",
                             have=round(100 * attended / sessions), need=need))
    if not workshop.has_rule:
        status = COMPLETED if workshop.status == FINISHED else IN_PROGRESS
    elif not reasons:
        status = COMPLETED
    elif workshop.status == FINISHED:
        status = NOT_COMPLETED
    else:
        status = IN_PROGRESS
    return status, reasons


def evaluate(workshop: Workshop, line: LearnerProgress, *, lessons_left: list[ModuleItem],
             quizzes_failed: list[QuizResult]) -> None:
    """Set the status and the reasons of one learner from their counts (no queries)."""
    line.status, line.reasons = judge(
        workshop, lessons_left=len(lessons_left), quizzes_failed=[q.title for q in quizzes_failed],
        attended=line.attended, sessions=line.sessions)


# What the roster, its CSV and the gradebook show of a learner.
DISPLAY_COLUMNS = (User.id, User.email, User.name, User.native_name, User.country, User.agency,
                   User.position)
NOT_TAKEN = (None, False, False)  # a quiz's (best, passed, awaiting grading) before any attempt


def approved_learners(workshop: Workshop, user_ids: list[int] | None = None) -> Select:
    """A SELECT of the ids of the workshop's approved learners (all, or among `user_ids`)."""
    learners = (select(Enrolment.user_id)
                .where(Enrolment.workshop_id == workshop.id, Enrolment.status == APPROVED))
    if user_ids is not None:
        learners = learners.where(Enrolment.user_id.in_(user_ids))
    return learners


def enrolments_of(workshop: Workshop, *, user_ids: list[int] | None = None, country: str = "",
                  agency: str = "", display: bool = False) -> list[Enrolment]:
    """The approved enrolments (all, or of `user_ids`; of `country`, of `agency`) with their
    users, by name (one query). `display`: only what the roster and the gradebook show of
    each learner is loaded (record() sends mail: it needs whole rows)."""
    user = contains_eager(Enrolment.user)
    if display:
        user = user.load_only(*DISPLAY_COLUMNS)
    query = (select(Enrolment).join(User, User.id == Enrolment.user_id)
             .options(user.lazyload(User.role_rows))
             .where(Enrolment.workshop_id == workshop.id, Enrolment.status == APPROVED)
             .order_by(func.lower(User.name), User.id))
    if user_ids is not None:
        query = query.where(Enrolment.user_id.in_(user_ids))
    if country:
        query = query.where(User.country == country)
    if agency:
        query = query.where(User.agency == agency)
    return list(db.session.scalars(query))


class _Judgements(dict):
    """(lessons left, quizzes not passed, attended) → (status, reasons): judged on first
    use, so learners with the same counts share one judgement (translated once)."""

    def __init__(self, workshop: Workshop, sessions: int) -> None:
        super().__init__()
        self.workshop, self.sessions = workshop, sessions

    def __missing__(self, key: tuple) -> tuple[str, list[str]]:
        left, failed, attended = key
        found = self[key] = judge(self.workshop, lessons_left=left,
                                  quizzes_failed=[title for _i, title in failed],
                                  attended=attended, sessions=self.sessions)
        return found


class Cohort:
    """The records behind the progress of a workshop's `learners` (a SELECT of user ids),
    read in bulk: lessons, quiz attempts, attendance, sessions, certificates, one query each
    whatever the number of learners. A learner's status then costs a few lookups (learners
    with the same counts share one judgement, translated once); a full line (scores, steps)
    is built only for the learners shown. `steps`: which lessons each learner has done is
    read too (the learner's page lists what remains); otherwise only how many."""

    def __init__(self, workshop: Workshop, items: WorkshopItems, learners: Select, *,
                 steps: bool = False) -> None:
        self.workshop, self.items, self.steps = workshop, items, steps
        self.lessons, self.quizzes = items.lessons, items.quizzes
        self.quiz_titles = [(i.id, i.title) for i in self.quizzes]
        lesson_ids = [i.id for i in self.lessons]
        self.done: dict[int, set[int]] = {}
        if steps:
            self.done = progress.lessons_done(learners, lesson_ids)
            counts = {uid: len(found) for uid, found in self.done.items()}
        else:
            # `lesson_ids` holds only the workshop's lessons: the count is the number done
            counts = progress.lessons_done_counts(learners, lesson_ids)
        total = len(self.lessons)
        self.left = {uid: total - count for uid, count in counts.items()}  # lessons left
        self.results = progress.quiz_results(learners, [i.id for i in self.quizzes])
        self._none_passed = tuple(self.quiz_titles)  # of a learner without a graded attempt
        self.failed = {uid: tuple((i, title) for i, title in self.quiz_titles
                                  if not scores.get(i, NOT_TAKEN)[1])
                       for uid, scores in self.results.items()}
        self.attended = attendance_counts(workshop)
        self.sessions = session_count(workshop)
        self.holders = progress.certificate_holders(workshop)
        self._judged = _Judgements(workshop, self.sessions)
        # score lists are shared by the learners with the same scores (read only)
        self._quiz_ids = [i.id for i in self.quizzes]
        self._not_taken = [QuizResult(i.id, i.title, *NOT_TAKEN, item=i) for i in self.quizzes]
        self._score_lists: dict[tuple, list[QuizResult]] = {}

    def judgement(self, user_id: int) -> tuple[str, list[str]]:
        """(status, reasons) of one learner (no queries; do not change the list)."""
        return self._judged[(self.left.get(user_id, len(self.lessons)),
                             self.failed.get(user_id, self._none_passed),
                             self.attended.get(user_id, 0))]

    def status(self, user_id: int) -> str:
        return self.judgement(user_id)[0]

    def statuses(self, user_ids: list[int]) -> list[str]:
        """The status of each of `user_ids`, in order: the judgement's key of every learner
        is read with C-level lookups (map over the dicts' get), no Python call per learner."""
        keys = zip(map(self.left.get, user_ids, repeat(len(self.lessons))),
                   map(self.failed.get, user_ids, repeat(self._none_passed)),
                   map(self.attended.get, user_ids, repeat(0)), strict=True)
        return [status for status, _reasons in map(self._judged.__getitem__, keys)]

    def line(self, enrolment, *, steps: bool = False) -> LearnerProgress:
        """Everything the roster, the gradebook and (with `steps`, of a Cohort read with
        `steps`) the learner's page show. `enrolment`: an Enrolment with its user, or any
        object with the same `user_id`, `user` and `completed_at` (the roster's rows)."""
        uid = enrolment.user_id
        line = LearnerProgress(enrolment=enrolment, sessions=self.sessions,
                               attended=self.attended.get(uid, 0),
                               certificate=uid in self.holders)
        line.lessons_total = len(self.lessons)
        line.lessons_done = line.lessons_total - self.left.get(uid, line.lessons_total)
        scores = self.results.get(uid)
        if scores:
            line.scores_key = key = tuple(map(scores.get, self._quiz_ids, repeat(NOT_TAKEN)))
            line.quizzes = self._score_lists.get(key) or self._score_lists.setdefault(key, [
                QuizResult(i.id, i.title, *result, item=i)
                for i, result in zip(self.quizzes, key, strict=True)])
        else:
            line.quizzes = self._not_taken
        line.status, reasons = self.judgement(uid)
        line.reasons = list(reasons)
        if steps:
            if not self.steps:
                raise ValueError("a Cohort read without steps has no steps to list")
            workshop = self.workshop
            mine = self.done.get(uid, set())
            failed = {q.item_id for q in line.quizzes if not q.passed}
            line.remaining = [Step(i) for i in self.items.ordered if
                              (i.kind == LESSON and workshop.require_lessons and i.id not in mine)
                              or (i.kind == QUIZ and workshop.require_quizzes and i.id in failed)]
        return line


def compute(workshop: Workshop, *, user_ids: list[int] | None = None, country: str = "",
            agency: str = "", items: WorkshopItems | None = None,
            steps: bool = False, display: bool = False) -> list[LearnerProgress]:
    """Progress of the approved learners (all, or `user_ids`), in a constant number of
    queries: learners, lessons, quiz attempts, attendance, sessions, certificates.

    `display`: only what the roster and the gradebook show of each learner is loaded (a
    third of the time for 500 learners); the others read whole rows (record() sends mail)."""
    items = items or workshop_items(workshop)
    enrolments = enrolments_of(workshop, user_ids=user_ids, country=country, agency=agency,
                               display=display)
    if not enrolments:
        return []
    cohort = Cohort(workshop, items, approved_learners(workshop, user_ids), steps=steps)
    return [cohort.line(enrolment, steps=steps) for enrolment in enrolments]


def record(workshop: Workshop, lines: list[LearnerProgress], *, actor: User | None = None) -> int:
    """Store each learner's computed status; date a completion when first reached and tell
    the learner. Returns how many enrolments changed."""
    changed = 0
    now = utcnow()
    reached = []
    for line in lines:
        enrolment = line.enrolment
        if enrolment.completion_status == line.status:
            continue
        changed += 1
        was_completed = enrolment.completion_status == COMPLETED
        enrolment.completion_status = line.status
        if line.status == COMPLETED and enrolment.completed_at is None:
            enrolment.completed_at = now
            notify.completion_reached(enrolment)
            reached.append(enrolment)
        elif was_completed:
            enrolment.completed_at = None
            record_audit("workshop.completion_withdrawn", actor=actor,
                         target=f"workshop:{workshop.id}",
                         details=f"{enrolment.user.email}: {line.explanation}")
    if changed:
        db.session.flush()
    for enrolment in reached:
        signals.workshop_completed.send(enrolment, workshop=workshop, user=enrolment.user)
    return changed


def refresh_completion(workshop: Workshop, *, user_ids: list[int] | None = None) -> int:
    """Recompute and record completion for the workshop's learners (or some of them)."""
    return record(workshop, compute(workshop, user_ids=user_ids))


def learner_progress(workshop: Workshop, enrolment: Enrolment) -> LearnerProgress:
    """One learner's status and what remains, computed on read (nothing is written: the
    completion is recorded by the requests that change the records, see receivers.py)."""
    return compute(workshop, user_ids=[enrolment.user_id], steps=True)[0]


def active_workshops_of(user_ids: set[int]) -> dict[int, list[int]]:
    """workshop id → approved learners among `user_ids`, in workshops not finished yet."""
    rows = db.session.execute(
        select(Enrolment.workshop_id, Enrolment.user_id)
        .join(Workshop, Workshop.id == Enrolment.workshop_id)
        .where(Enrolment.user_id.in_(user_ids), Enrolment.status == APPROVED,
               Workshop.status.in_(("open", "running"))))
    found: dict[int, list[int]] = defaultdict(list)
    for workshop_id, user_id in rows:
        found[workshop_id].append(user_id)
    return found
