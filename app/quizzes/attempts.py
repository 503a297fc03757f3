"""The attempt engine: start (draw and snapshot), save and autosave (sequence numbers),
finish (idempotent under concurrency), server deadlines, grading, essay grading, regrade.

Concurrency: every write to an attempt is one conditional UPDATE (`WHERE state =
'in_progress' AND sequence = …`). Two concurrent finishes compute the same grade but only
one UPDATE matches; a page post whose sequence number is not the attempt's current one
(a replay, a stale tab, the back button) is refused. Autosaves carry the page's sequence
number and a counter, so an autosave never overwrites a later page submit or a later
autosave.
"""

from __future__ import annotations

import copy
import random
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import set_committed_value

from app import signals
from app.auth.audit import record_audit
from app.extensions import db
from app.quizzes.models import (
    BY_LEARNER,
    BY_TIMEOUT,
    FINISHED,
    IN_PROGRESS,
    Attempt,
    AttemptQuestion,
    Question,
    Quiz,
    QuizSlot,
)
from app.quizzes.types import QUESTION_TYPES, is_empty
from app.timeutil import utcnow

MAX_TEXT = 500  # short and numerical answers
MAX_ESSAY = 20000
FINISH_RETRIES = 5


class QuizError(Exception):
    """A refusal the learner should read (the message says why)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class QuizUnavailable(QuizError):
    pass


class AttemptClosed(QuizError):
    pass


class StaleSequence(QuizError):
    pass


def grace_period() -> timedelta:
    return timedelta(seconds=int(current_app.config.get("QUIZ_GRACE_SECONDS", 120)))


# --- starting ------------------------------------------------------------------------------

def current_attempt(quiz: Quiz, user) -> Attempt | None:
    return db.session.scalar(select(Attempt).where(
        Attempt.quiz_id == quiz.id, Attempt.user_id == user.id, Attempt.state == IN_PROGRESS))


def user_attempts(quiz: Quiz, user) -> list[Attempt]:
    return list(db.session.scalars(select(Attempt).where(
        Attempt.quiz_id == quiz.id, Attempt.user_id == user.id).order_by(Attempt.number)))


def unavailable_reason(quiz: Quiz, attempts: list[Attempt], *, now: datetime,
                       preview: bool = False) -> str | None:
    """Why a new attempt cannot start now (None: it can)."""
    if preview:
        return None
    if quiz.opens_at and now < quiz.opens_at:
        return _("This quiz is not open yet.")
    if quiz.closes_at and now >= quiz.closes_at:
        return _("This quiz is closed.")
    used = sum(1 for a in attempts if not a.is_preview)
    if quiz.attempts_allowed and used >= quiz.attempts_allowed:
        return _("You have used all your attempts at this quiz.")
    return None


def _seen_counts(quiz: Quiz, user) -> dict[int, int]:
    rows = db.session.execute(
        select(AttemptQuestion.question_id, func.count(AttemptQuestion.id))
        .join(Attempt, Attempt.id == AttemptQuestion.attempt_id)
        .where(Attempt.quiz_id == quiz.id, Attempt.user_id == user.id)
        .group_by(AttemptQuestion.question_id))
    return dict(rows.all())


def draw_questions(quiz: Quiz, user, rng: random.Random) -> list[tuple[Question, float]]:
    """The questions of a new attempt: fixed slots, then draws from categories that prefer
    the questions this learner has seen least (a second attempt gets other questions)."""
    slots = list(db.session.scalars(select(QuizSlot).where(QuizSlot.quiz_id == quiz.id)
                                    .options(db.joinedload(QuizSlot.question))
                                    .order_by(QuizSlot.position, QuizSlot.id)))
    fixed_ids = {s.question_id for s in slots if s.question_id}
    category_ids = {s.category_id for s in slots if s.is_random}
    pools: dict[int, list[Question]] = {cid: [] for cid in category_ids}
    if category_ids:
        for question in db.session.scalars(select(Question)
                                           .where(Question.category_id.in_(category_ids))
                                           .order_by(Question.id)):
            pools[question.category_id].append(question)
    seen = _seen_counts(quiz, user) if category_ids else {}
    used = set(fixed_ids)
    drawn: list[tuple[Question, float]] = []
    for slot in slots:
        if slot.question is not None:
            drawn.append((slot.question, slot.mark))
            continue
        pool = [q for q in pools.get(slot.category_id, []) if q.id not in used]
        keyed = sorted(pool, key=lambda q: (seen.get(q.id, 0), rng.random()))
        for question in keyed[:slot.count]:
            used.add(question.id)
            drawn.append((question, slot.mark))
    return drawn


def _display_order(question: Question, rng: random.Random, shuffle: bool) -> Any:
    data = question.data or {}
    if question.type in {"single", "multiple"}:
        ids = [c["id"] for c in data.get("choices", [])]
        if shuffle:
            rng.shuffle(ids)
        return ids
    if question.type == "matching":
        stems = [p["id"] for p in data.get("pairs", []) if p["stem"]]
        options = list(dict.fromkeys(p["answer"] for p in data.get("pairs", [])))
        if shuffle:
            rng.shuffle(stems)
        rng.shuffle(options)  # always: in pair order the options would give the key away
        return {"stems": stems, "options": options}
    return None


def snapshot_entry(question: Question, mark: float, rng: random.Random,
                   shuffle_answers: bool) -> dict:
    return {
        "question_id": question.id,
        "name": question.name,
        "type": question.type,
        "text": question.text,
        "text_format": question.text_format,
        "general_feedback": question.general_feedback,
        "data": copy.deepcopy(question.data or {}),
        "mark": float(mark),
        "order": _display_order(question, rng, shuffle_answers),
    }


def start_attempt(quiz: Quiz, user, *, preview: bool = False,
                  now: datetime | None = None) -> Attempt:
    """Continue the learner's attempt in progress, or start a new one (QuizUnavailable)."""
    now = now or utcnow()
    close_expired(now=now, quiz_id=quiz.id, user_id=user.id)
    existing = current_attempt(quiz, user)
    if existing is not None:
        return existing
    attempts = user_attempts(quiz, user)
    reason = unavailable_reason(quiz, attempts, now=now, preview=preview)
    if reason:
        raise QuizUnavailable(reason)
    seed = secrets.randbits(31)
    rng = random.Random(seed)  # noqa: S311 - shuffles, not secrets; the seed is stored
    drawn = draw_questions(quiz, user, rng)
    if not drawn:
        raise QuizUnavailable(_("This quiz has no questions yet."))
    if quiz.shuffle_questions:
        rng.shuffle(drawn)
    snapshot = [snapshot_entry(q, mark, rng, quiz.shuffle_answers) for q, mark in drawn]
    deadline = None
    if quiz.time_limit:
        deadline = now + timedelta(minutes=quiz.time_limit)
    if quiz.closes_at and not preview:
        deadline = min(deadline, quiz.closes_at) if deadline else quiz.closes_at
    attempt = Attempt(
        quiz_id=quiz.id, user_id=user.id, is_preview=preview, state=IN_PROGRESS,
        number=max((a.number for a in attempts), default=0) + 1, started_at=now,
        deadline=deadline, seed=seed, snapshot=snapshot, responses={}, results={},
        sequence=0, autosave_counter=0, max_score=sum(e["mark"] for e in snapshot),
    )
    try:
        with db.session.begin_nested():
            db.session.add(attempt)
            db.session.flush()
    except IntegrityError:
        # Another request started an attempt at the same moment: continue that one.
        existing = current_attempt(quiz, user)
        if existing is None:
            raise QuizUnavailable(_("Please try again.")) from None
        return existing
    db.session.execute(insert(AttemptQuestion), [
        {"attempt_id": attempt.id, "question_id": entry["question_id"], "slot": index}
        for index, entry in enumerate(snapshot)
    ])
    return attempt


# --- pages and responses -------------------------------------------------------------------

def pages(attempt: Attempt) -> list[list[int]]:
    count = len(attempt.snapshot or [])
    per_page = attempt.quiz.per_page or count or 1
    return [list(range(i, min(i + per_page, count))) for i in range(0, count, per_page)] or [[]]


def parse_response(entry: dict, form, index: int) -> Any:
    """What the learner sent for slot `index` → the internal response (None if nothing).

    Values are positions in this attempt's display order, never ids or answer texts."""
    name = f"s{index}"
    qtype, order = entry["type"], entry.get("order")

    def position(value: Any, size: int) -> int | None:
        try:
            number = int(str(value))
        except ValueError:
            return None
        return number if 0 <= number < size else None

    if qtype == "single":
        at = position(form.get(name, ""), len(order))
        return order[at] if at is not None else None
    if qtype == "multiple":
        picked = {position(v, len(order)) for v in form.getlist(name)} - {None}
        return [order[i] for i in sorted(picked)]
    if qtype == "truefalse":
        return {"true": True, "false": False}.get(form.get(name, ""))
    if qtype in {"short", "numerical"}:
        return form.get(name, "")[:MAX_TEXT].strip() or None
    if qtype == "essay":
        return form.get(name, "")[:MAX_ESSAY].strip() or None
    if qtype == "matching":
        chosen = {}
        for k, pair_id in enumerate(order["stems"]):
            at = position(form.get(f"{name}-{k}", ""), len(order["options"]))
            if at is not None:
                chosen[pair_id] = order["options"][at]
        return chosen or None
    return None


def _merged(attempt: Attempt, form, indices: list[int]) -> dict:
    responses = dict(attempt.responses or {})
    for index in indices:
        if not 0 <= index < len(attempt.snapshot):
            continue
        response = parse_response(attempt.snapshot[index], form, index)
        if is_empty(response):
            responses.pop(str(index), None)
        else:
            responses[str(index)] = response
    return responses


def _write(attempt: Attempt, conditions: list, values: dict) -> bool:
    """One conditional UPDATE of the attempt; on success the object reflects it."""
    result = db.session.execute(
        update(Attempt).where(Attempt.id == attempt.id, *conditions).values(**values)
        .execution_options(synchronize_session=False))
    if result.rowcount == 1:
        for key, value in values.items():
            set_committed_value(attempt, key, value)
        return True
    db.session.refresh(attempt)
    return False


def _check_open(attempt: Attempt, now: datetime) -> None:
    if attempt.state != IN_PROGRESS:
        raise AttemptClosed(_("This attempt has been submitted; answers can no longer be "
                              "changed."))
    if attempt.deadline and now > attempt.deadline + grace_period():
        finish(attempt, now=now, by=BY_TIMEOUT)
        raise AttemptClosed(_("The time for this attempt is over. It was submitted with the "
                              "answers saved before the deadline."))


def stale_message() -> str:
    return _("This page was out of date (it was sent before your latest saved answers, or "
             "sent twice), so it was not saved. Your saved answers are shown below; check "
             "them and continue.")


def save_page(attempt: Attempt, form, *, sequence: int, indices: list[int],
              now: datetime | None = None) -> bool:
    """A page submit. Returns True if the deadline has passed and the attempt was closed
    with these answers (within the grace period)."""
    now = now or utcnow()
    _check_open(attempt, now)
    if sequence != attempt.sequence:
        raise StaleSequence(stale_message())
    values = {"responses": _merged(attempt, form, indices), "sequence": sequence + 1,
              "autosave_counter": 0, "saved_at": now}
    if not _write(attempt, [Attempt.state == IN_PROGRESS, Attempt.sequence == sequence],
                  values):
        if attempt.state != IN_PROGRESS:
            raise AttemptClosed(_("This attempt has been submitted; answers can no longer "
                                  "be changed."))
        raise StaleSequence(stale_message())
    if attempt.deadline and now > attempt.deadline:
        finish(attempt, now=now, by=BY_TIMEOUT)
        return True
    return False


def autosave(attempt: Attempt, form, *, sequence: int, counter: int, indices: list[int],
             now: datetime | None = None) -> None:
    """An autosave from the page's script: same sequence number as the page, and a
    counter larger than the last autosave's (an older, delayed autosave is refused)."""
    now = now or utcnow()
    _check_open(attempt, now)
    if sequence != attempt.sequence or counter <= attempt.autosave_counter:
        raise StaleSequence(stale_message())
    values = {"responses": _merged(attempt, form, indices), "autosave_counter": counter,
              "saved_at": now}
    if not _write(attempt, [Attempt.state == IN_PROGRESS, Attempt.sequence == sequence,
                            Attempt.autosave_counter < counter], values):
        if attempt.state != IN_PROGRESS:
            raise AttemptClosed(_("This attempt has been submitted; answers can no longer "
                                  "be changed."))
        raise StaleSequence(stale_message())


# --- grading -------------------------------------------------------------------------------

def compute_results(snapshot: list[dict], responses: dict,
                    previous: dict | None = None) -> tuple[dict, float, float, bool]:
    """Grade every slot (pure). Manual grades already given (essays) are kept.

    Returns (results, score, max score, whether a person still has to grade)."""
    results, score, max_score, pending = {}, 0.0, 0.0, False
    for index, entry in enumerate(snapshot):
        key = str(index)
        mark = float(entry["mark"])
        max_score += mark
        fraction, feedback = QUESTION_TYPES[entry["type"]].grade(entry["data"],
                                                                 responses.get(key))
        result: dict[str, Any] = {"fraction": fraction, "feedback": feedback}
        if fraction is None:
            result["manual"] = True
            before = (previous or {}).get(key) or {}
            if before.get("graded_at"):
                for name in ("fraction", "comment", "graded_by", "graded_by_name",
                             "graded_at"):
                    result[name] = before.get(name)
                fraction = result["fraction"]
        if fraction is None:
            pending = True
            result["mark"] = None
        else:
            result["mark"] = round(fraction * mark, 7)
            score += fraction * mark
        results[key] = result
    return results, round(score, 7), round(max_score, 7), pending


def _totals(quiz: Quiz, results: dict, score: float, max_score: float,
            pending: bool) -> dict:
    percent = round(score / max_score * 100, 5) if max_score else 0.0
    return {"results": results, "score": score, "max_score": max_score, "percent": percent,
            "needs_grading": pending,
            "passed": None if pending else percent >= quiz.pass_mark - 1e-9}


def finish(attempt: Attempt, *, now: datetime | None = None, by: str = BY_LEARNER) -> bool:
    """Grade and close the attempt. True if this call closed it; False if it was already
    closed (by another request, a timeout…): finishing twice gives one grade."""
    now = now or utcnow()
    for _try in range(FINISH_RETRIES):
        if attempt.state != IN_PROGRESS:
            return False
        results, score, max_score, pending = compute_results(
            attempt.snapshot, attempt.responses or {}, attempt.results)
        values = _totals(attempt.quiz, results, score, max_score, pending)
        values.update(state=FINISHED, finished_by=by,
                      finished_at=attempt.deadline if by == BY_TIMEOUT and attempt.deadline
                      and attempt.deadline < now else now)
        # The responses graded are the ones written: a save in between makes us re-read.
        if _write(attempt, [Attempt.state == IN_PROGRESS,
                            Attempt.sequence == attempt.sequence,
                            Attempt.autosave_counter == attempt.autosave_counter], values):
            if not attempt.is_preview:
                signals.attempt_finished.send(attempt, user=attempt.user, quiz=attempt.quiz,
                                              needs_grading=bool(attempt.needs_grading))
            return True
    return False


def expired_query(now: datetime, *, quiz_id: int | None = None, user_id: int | None = None):
    query = select(Attempt).where(Attempt.state == IN_PROGRESS, Attempt.deadline.is_not(None),
                                  Attempt.deadline < now - grace_period())
    if quiz_id is not None:
        query = query.where(Attempt.quiz_id == quiz_id)
    if user_id is not None:
        query = query.where(Attempt.user_id == user_id)
    return query


def has_expired(*, now: datetime | None = None, quiz_id: int | None = None,
                user_id: int | None = None) -> bool:
    query = expired_query(now or utcnow(), quiz_id=quiz_id, user_id=user_id)
    return db.session.scalar(query.with_only_columns(Attempt.id).limit(1)) is not None


def close_expired(*, now: datetime | None = None, quiz_id: int | None = None,
                  user_id: int | None = None) -> int:
    """Close attempts past their deadline plus the grace period, with what was saved."""
    now = now or utcnow()
    query = expired_query(now, quiz_id=quiz_id, user_id=user_id).options(
        db.joinedload(Attempt.quiz))
    closed = 0
    for attempt in db.session.scalars(query).all():
        if finish(attempt, now=now, by=BY_TIMEOUT):
            closed += 1
    return closed


# --- feedback rules ------------------------------------------------------------------------

def feedback_visible(attempt: Attempt, *, now: datetime, finished_count: int) -> bool:
    """May the learner see per-question feedback and the right answers of this attempt?

    after_submit: once submitted. after_close: once the quiz has closed, or the learner has
    used every allowed attempt. never: not to learners."""
    quiz = attempt.quiz
    if attempt.state != FINISHED:
        return False
    if quiz.feedback == "after_submit":
        return True
    if quiz.feedback == "after_close":
        if quiz.closes_at and now >= quiz.closes_at:
            return True
        return bool(quiz.attempts_allowed) and finished_count >= quiz.attempts_allowed
    return False


# --- essays --------------------------------------------------------------------------------

def manual_slots(attempt: Attempt) -> list[int]:
    return [i for i, e in enumerate(attempt.snapshot or [])
            if QUESTION_TYPES[e["type"]].manual]


def grade_manually(attempt: Attempt, marks: dict[int, tuple[float, str]], grader,
                   now: datetime | None = None) -> None:
    """A trainer's marks (points, comment) for essay slots."""
    now = now or utcnow()
    results = copy.deepcopy(attempt.results or {})
    for index, (points, comment) in marks.items():
        entry = attempt.snapshot[index]
        mark = float(entry["mark"])
        points = min(max(float(points), 0.0), mark)
        result = results.setdefault(str(index), {"manual": True, "feedback": ""})
        result.update(fraction=round(points / mark, 7) if mark else 0.0,
                      mark=round(points, 7), comment=comment.strip(),
                      graded_by=grader.id, graded_by_name=grader.name,
                      graded_at=now.isoformat(timespec="seconds"))
    results, score, max_score, pending = compute_results(attempt.snapshot,
                                                         attempt.responses or {}, results)
    for key, value in _totals(attempt.quiz, results, score, max_score, pending).items():
        setattr(attempt, key, value)
    record_audit("quiz.grade", actor=grader, target=f"attempt {attempt.id}",
                 details=f"slots {sorted(marks)}; {attempt.percent}%")


# --- regrading -----------------------------------------------------------------------------

def _reconcile_order(entry: dict, data: dict) -> Any:
    order = entry.get("order")
    if entry["type"] in {"single", "multiple"}:
        ids = [c["id"] for c in data.get("choices", [])]
        return [i for i in order if i in ids] + [i for i in ids if i not in order]
    if entry["type"] == "matching":
        stems = [p["id"] for p in data.get("pairs", []) if p["stem"]]
        answers = list(dict.fromkeys(p["answer"] for p in data.get("pairs", [])))
        return {"stems": [i for i in order["stems"] if i in stems]
                + [i for i in stems if i not in order["stems"]],
                "options": [a for a in order["options"] if a in answers]
                + [a for a in answers if a not in order["options"]]}
    return order


@dataclass
class RegradeReport:
    attempts: int = 0
    skipped: int = 0
    changed: list[tuple[int, float | None, float | None]] = field(default_factory=list)


def regrade_question(question: Question, actor, now: datetime | None = None) -> RegradeReport:
    """Apply the question's current text and key to every attempt that drew it and grade
    the submitted ones again; one audit log entry lists what changed."""
    report = RegradeReport()
    rows = db.session.execute(
        select(Attempt, AttemptQuestion.slot)
        .join(AttemptQuestion, AttemptQuestion.attempt_id == Attempt.id)
        .where(AttemptQuestion.question_id == question.id)
        .options(db.joinedload(Attempt.quiz)).order_by(Attempt.id)).all()
    for attempt, slot in rows:
        snapshot = copy.deepcopy(attempt.snapshot)
        entry = snapshot[slot]
        if entry["type"] != question.type:
            report.skipped += 1
            continue
        entry.update(name=question.name, text=question.text,
                     text_format=question.text_format,
                     general_feedback=question.general_feedback,
                     data=copy.deepcopy(question.data))
        entry["order"] = _reconcile_order(entry, question.data)
        attempt.snapshot = snapshot
        report.attempts += 1
        if attempt.state == FINISHED:
            before = attempt.percent
            results, score, max_score, pending = compute_results(
                snapshot, attempt.responses or {}, attempt.results)
            for key, value in _totals(attempt.quiz, results, score, max_score,
                                      pending).items():
                setattr(attempt, key, value)
            if before != attempt.percent:
                report.changed.append((attempt.id, before, attempt.percent))
    db.session.flush()
    changes = "; ".join(f"attempt {a}: {b}% → {c}%" for a, b, c in report.changed)
    record_audit("quiz.regrade", actor=actor, target=f"question {question.id}",
                 details=f"{question.name}: {report.attempts} attempt(s) regraded, "
                         f"{len(report.changed)} grade(s) changed"
                         + (f" ({changes})" if changes else ""))
    return report
