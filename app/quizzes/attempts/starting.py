"""Starting an attempt: who may start one now, the draw (fixed slots, then categories
preferring what this learner has seen least), the snapshot of the questions drawn, and the
pages of an attempt."""

from __future__ import annotations

import copy
import random
import secrets
from datetime import datetime, timedelta
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.quizzes.attempts.errors import QuizUnavailable
from app.quizzes.attempts.finishing import close_expired_attempts
from app.quizzes.models import (
    IN_PROGRESS,
    Attempt,
    AttemptQuestion,
    Question,
    QuestionTranslation,
    Quiz,
    QuizSlot,
)
from app.quizzes.translation import overlay
from app.quizzes.types import QUESTION_TYPES
from app.timeutil import utcnow


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


def snapshot_entry(question: Question, mark: float, rng: random.Random,
                   shuffle_answers: bool, translation=None) -> dict:
    """The question as this attempt shows it: in `translation`'s language when given (its
    texts over the source's answers, marks and ids: see app.quizzes.translation)."""
    shown = {"text": question.text, "general_feedback": question.general_feedback,
             "data": copy.deepcopy(question.data or {}), "language": ""}
    if translation is not None:
        shown = {"text": translation.text or question.text,
                 "general_feedback": translation.general_feedback
                 or question.general_feedback,
                 "data": overlay(question.data or {}, translation.data),
                 "language": translation.language}
    entry = {
        "question_id": question.id,
        "name": question.name,
        "type": question.type,
        "text": shown["text"],
        "text_format": question.text_format,
        "general_feedback": shown["general_feedback"],
        "data": shown["data"],
        "mark": float(mark),
        "order": QUESTION_TYPES[question.type].display_order(shown["data"], rng,
                                                             shuffle_answers),
    }
    if shown["language"]:
        entry["language"] = shown["language"]
    return entry


def attempt_language(quiz: Quiz, wanted: str | None) -> str:
    """The language an attempt is shown in: `wanted` if the course is offered in it and
    it is not the source language, else "" (the source)."""
    course = quiz.course
    if not wanted or wanted == course.language:
        return ""
    return wanted if any(t.language == wanted for t in course.translations) else ""


def _translations(questions: list[Question], language: str) -> dict[int, Any]:
    if not language or not questions:
        return {}
    rows = db.session.scalars(select(QuestionTranslation).where(
        QuestionTranslation.question_id.in_([q.id for q in questions]),
        QuestionTranslation.language == language))
    return {row.question_id: row for row in rows}


def start_attempt(quiz: Quiz, user, *, preview: bool = False,
                  now: datetime | None = None, language: str | None = None) -> Attempt:
    """Continue the learner's attempt in progress, or start a new one (QuizUnavailable),
    shown in `language` where the questions are translated into it."""
    now = now or utcnow()
    close_expired_attempts(now, quiz_id=quiz.id, user_id=user.id)
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
    language = attempt_language(quiz, language)
    translated = _translations([q for q, _mark in drawn], language)
    snapshot = [snapshot_entry(q, mark, rng, quiz.shuffle_answers, translated.get(q.id))
                for q, mark in drawn]
    deadline = None
    if quiz.time_limit:
        deadline = now + timedelta(minutes=quiz.time_limit)
    if quiz.closes_at and not preview:
        deadline = min(deadline, quiz.closes_at) if deadline else quiz.closes_at
    attempt = Attempt(
        quiz_id=quiz.id, user_id=user.id, is_preview=preview, state=IN_PROGRESS,
        number=max((a.number for a in attempts), default=0) + 1, started_at=now,
        deadline=deadline, seed=seed, snapshot=snapshot, responses={}, results={},
        language=language,
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


def pages(attempt: Attempt) -> list[list[int]]:
    count = len(attempt.snapshot or [])
    per_page = attempt.quiz.per_page or count or 1
    return [list(range(i, min(i + per_page, count))) for i in range(0, count, per_page)] or [[]]
