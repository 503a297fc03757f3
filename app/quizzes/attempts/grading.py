"""What trainers do to finished attempts: the essay queue, grading essays, regrading.

Both send `signals.attempt_graded` (once per attempt whose grade was set or recomputed),
so other domains (workshop completion, certificates) see the final grade.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select

from app import signals
from app.auth.audit import record_audit
from app.auth.models import ORGANISER
from app.courses.models import CourseAuthor
from app.extensions import db
from app.quizzes import translation
from app.quizzes.attempts.finishing import graded_values
from app.quizzes.models import FINISHED, Attempt, AttemptQuestion, Question, Quiz
from app.quizzes.types import QUESTION_TYPES
from app.timeutil import utcnow


def grading_queue(user):
    """Finished attempts with essays awaiting a grade that `user` may grade, oldest
    first (organisers edit every course; trainers the courses they author)."""
    return (_awaiting(select(Attempt), user)
            .options(db.joinedload(Attempt.user), db.joinedload(Attempt.quiz)
                     .joinedload(Quiz.course))
            .order_by(Attempt.finished_at, Attempt.id))


def essays_waiting(user) -> int:
    """How many attempts of `grading_queue(user)` there are (one COUNT, for the navigation)."""
    return db.session.scalar(_awaiting(select(func.count(Attempt.id)), user)) or 0


def _awaiting(query, user):
    query = (query.join(Quiz, Quiz.id == Attempt.quiz_id)
             .where(Attempt.needs_grading.is_(True), Attempt.state == FINISHED))
    if not user.has_role(ORGANISER):
        query = query.where(Quiz.course_id.in_(select(CourseAuthor.course_id).where(
            CourseAuthor.user_id == user.id)))
    return query


def manual_slots(attempt: Attempt) -> list[int]:
    return [i for i, e in enumerate(attempt.snapshot or []) if QUESTION_TYPES[e["type"]].manual]


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
    for key, value in graded_values(attempt, previous=results).items():
        setattr(attempt, key, value)
    db.session.flush()
    record_audit("quiz.grade", actor=grader, target=f"attempt {attempt.id}",
                 details=f"slots {sorted(marks)}; {attempt.percent}%")
    signals.attempt_graded.send(attempt, grader=grader)


@dataclass
class RegradeReport:
    attempts: int = 0
    skipped: int = 0
    changed: list[tuple[int, float | None, float | None]] = field(default_factory=list)


def regrade_question(question: Question, actor, now: datetime | None = None) -> RegradeReport:
    """Apply the question's current text and key to every attempt that drew it and grade
    the submitted ones again; one audit log entry lists what changed."""
    report = RegradeReport()
    regraded = []
    qtype = QUESTION_TYPES[question.type]
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
        # An attempt shown in another language keeps that language (the current
        # translation's texts over the current key; the source where there is none).
        shown = translation.shown(question, entry.get("language"))
        entry.update(name=question.name, text=shown["text"],
                     text_format=question.text_format,
                     general_feedback=shown["general_feedback"], data=shown["data"])
        if shown["language"]:
            entry["language"] = shown["language"]
        else:
            entry.pop("language", None)
        entry["order"] = qtype.reconcile_order(entry.get("order"), shown["data"])
        attempt.snapshot = snapshot
        report.attempts += 1
        if attempt.state == FINISHED:
            before = attempt.percent
            for key, value in graded_values(attempt, snapshot).items():
                setattr(attempt, key, value)
            regraded.append(attempt)
            if before != attempt.percent:
                report.changed.append((attempt.id, before, attempt.percent))
    db.session.flush()
    changes = "; ".join(f"attempt {a}: {b}% → {c}%" for a, b, c in report.changed)
    record_audit("quiz.regrade", actor=actor, target=f"question {question.id}",
                 details=f"{question.name}: {report.attempts} attempt(s) regraded, "
                         f"{len(report.changed)} grade(s) changed"
                         + (f" ({changes})" if changes else ""))
    for attempt in regraded:
        if not attempt.is_preview:
            signals.attempt_graded.send(attempt, grader=actor)
    return report
