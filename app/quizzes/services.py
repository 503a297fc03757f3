"""Quizzes: settings, question slots, and the grade that counts for each learner.

Other domains (workshops, reports) use `best_scores` and `passed_quiz_ids`: one query
whatever the number of learners and quizzes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from operator import attrgetter

from sqlalchemy import bindparam, func, select

from app.extensions import db
from app.quizzes.models import (
    FINISHED,
    Attempt,
    Question,
    QuestionBank,
    QuestionCategory,
    Quiz,
    QuizSlot,
)

SETTINGS = ("title", "intro", "pass_mark", "attempts_allowed", "time_limit",
            "shuffle_questions", "shuffle_answers", "grading_method", "feedback", "per_page",
            "opens_at", "closes_at", "grace_seconds")


def create_quiz(module, title: str, *, item=None, **settings) -> Quiz:
    """A quiz as a new item at the end of `module` (or for an existing quiz `item`)."""
    from app.courses import services as courses

    title = title.strip()
    if item is None:
        item = courses.new_item(module, "quiz", title)
    quiz = Quiz(item=item, course_id=module.course_id, title=title)
    update_settings(quiz, **settings)
    db.session.add(quiz)
    db.session.flush()
    return quiz


def update_settings(quiz: Quiz, **values) -> None:
    for name, value in values.items():
        if name not in SETTINGS:
            raise TypeError(f"not a quiz setting: {name}")
        setattr(quiz, name, value.strip() if isinstance(value, str) else value)
    if quiz.item is not None and quiz.title and quiz.item.title != quiz.title:
        from app.courses import services as courses

        quiz.item.title = quiz.title  # the course outline shows the item's title
        if quiz.item.module is not None:
            courses.touch(quiz.item.module.course)  # a new revision: the cached outline changes


def quiz_for_item(item) -> Quiz | None:
    return db.session.scalar(select(Quiz).where(Quiz.item_id == item.id))


# --- slots ---------------------------------------------------------------------------------

def course_categories(quiz: Quiz) -> list[QuestionCategory]:
    """The question categories of every bank of the quiz's course."""
    return list(db.session.scalars(
        select(QuestionCategory).join(QuestionBank)
        .where(QuestionBank.course_id == quiz.course_id)
        .order_by(QuestionBank.name, QuestionCategory.name)))


def candidate_questions(quiz: Quiz, category_id: int, limit: int = 500) -> list[Question]:
    """Questions of a category of the quiz's course, to pick from (none for another
    course's category)."""
    return list(db.session.scalars(
        select(Question).join(QuestionBank)
        .where(Question.category_id == category_id, QuestionBank.course_id == quiz.course_id)
        .order_by(Question.id).limit(limit)))


def course_questions(quiz: Quiz, question_ids: list[int]) -> list[Question]:
    """The questions among `question_ids` that belong to the quiz's course."""
    return list(db.session.scalars(select(Question).join(QuestionBank).where(
        Question.id.in_(question_ids), QuestionBank.course_id == quiz.course_id)))


def _renumber(quiz: Quiz) -> None:
    for position, slot in enumerate(sorted(quiz.slots, key=lambda s: (s.position, s.id or 0))):
        slot.position = position


def add_questions(quiz: Quiz, questions: Iterable[Question], mark: float = 1.0) -> int:
    """Add fixed questions at the end (those already in the quiz are skipped)."""
    have = {s.question_id for s in quiz.slots if s.question_id}
    position = len(quiz.slots)
    added = 0
    for question in questions:
        if question.id in have or question.bank.course_id != quiz.course_id:
            continue
        quiz.slots.append(QuizSlot(question=question, position=position, mark=mark))
        have.add(question.id)
        position += 1
        added += 1
    db.session.flush()
    return added


def add_random(quiz: Quiz, category: QuestionCategory, count: int, mark: float = 1.0) -> QuizSlot:
    slot = QuizSlot(category=category, count=max(1, count), mark=mark,
                    position=len(quiz.slots))
    quiz.slots.append(slot)
    db.session.flush()
    return slot


def move_slot(slot: QuizSlot, delta: int) -> None:
    quiz = slot.quiz
    ordered = sorted(quiz.slots, key=lambda s: s.position)
    index = ordered.index(slot)
    target = min(max(index + delta, 0), len(ordered) - 1)
    ordered.insert(target, ordered.pop(index))
    for position, item in enumerate(ordered):
        item.position = position
    db.session.flush()


def remove_slot(slot: QuizSlot) -> None:
    quiz = slot.quiz
    quiz.slots.remove(slot)
    _renumber(quiz)
    db.session.flush()


def update_slot(slot: QuizSlot, *, mark: float, count: int | None = None) -> None:
    slot.mark = mark
    if slot.is_random and count is not None:
        slot.count = max(1, count)
    db.session.flush()


@dataclass
class SlotSummary:
    slot: QuizSlot
    available: int  # questions in the category (random slots)

    @property
    def short(self) -> bool:
        return self.slot.is_random and self.available < self.slot.count


def slot_summaries(quiz: Quiz) -> list[SlotSummary]:
    category_ids = [s.category_id for s in quiz.slots if s.is_random]
    sizes = {}
    if category_ids:
        sizes = dict(db.session.execute(
            select(Question.category_id, func.count(Question.id))
            .where(Question.category_id.in_(category_ids))
            .group_by(Question.category_id)).all())
    return [SlotSummary(s, sizes.get(s.category_id, 0)) for s in
            sorted(quiz.slots, key=lambda s: s.position)]


def questions_per_attempt(quiz: Quiz) -> int:
    """How many questions an attempt gets: fixed ones, plus what each random draw can take
    from its category once the quiz's other questions are set aside."""
    slots = sorted(quiz.slots, key=lambda s: s.position)
    used = {s.question_id for s in slots if s.question_id}
    category_ids = {s.category_id for s in slots if s.is_random}
    pools: dict[int, list[int]] = defaultdict(list)
    if category_ids:
        for question_id, category_id in db.session.execute(
                select(Question.id, Question.category_id)
                .where(Question.category_id.in_(category_ids))):
            pools[category_id].append(question_id)
    total = len(used)
    for slot in slots:
        if slot.is_random:
            free = [q for q in pools[slot.category_id] if q not in used][:slot.count]
            used.update(free)
            total += len(free)
    return total


# --- grades --------------------------------------------------------------------------------

def quiz_grade(attempts: list[Attempt], method: str) -> float | None:
    """The percentage that counts, by grading method, from submitted non-preview attempts
    (in order). None while there is none, or while the one that counts awaits grading."""
    # a list and a C-level key: the roster grades every learner's attempts at every quiz
    done = sorted([a for a in attempts if a.state == FINISHED and not a.is_preview],
                  key=attrgetter("number"))
    graded = [a.percent for a in done if not a.needs_grading and a.percent is not None]
    if not done:
        return None
    if method == "first":
        return None if done[0].needs_grading else done[0].percent
    if method == "last":
        return None if done[-1].needs_grading else done[-1].percent
    if not graded:
        return None
    if method == "average":
        return round(sum(graded) / len(graded), 5)
    return max(graded)


def has_passed(quiz: Quiz, grade: float | None) -> bool:
    return grade is not None and grade >= quiz.pass_mark - 1e-9


def best_scores(user_ids: Iterable[int], quiz_ids: Iterable[int]) -> dict[tuple[int, int], float]:
    """{(user id, quiz id): the grade that counts (percent, by the quiz's grading method)}
    for every pair with one. One query."""
    user_ids, quiz_ids = list(set(user_ids)), list(set(quiz_ids))
    if not user_ids or not quiz_ids:
        return {}
    rows = db.session.execute(
        select(Attempt.user_id, Attempt.quiz_id, Attempt.number, Attempt.state,
               Attempt.is_preview, Attempt.needs_grading, Attempt.percent,
               Quiz.grading_method)
        .join(Quiz, Quiz.id == Attempt.quiz_id)
        .where(Attempt.user_id.in_(user_ids), Attempt.quiz_id.in_(quiz_ids),
               Attempt.state == FINISHED, Attempt.is_preview.is_(False)))
    grouped: dict[tuple[int, int], list] = defaultdict(list)
    methods = {}
    for row in rows:
        grouped[(row.user_id, row.quiz_id)].append(row)
        methods[row.quiz_id] = row.grading_method
    scores = {}
    for key, items in grouped.items():
        grade = quiz_grade(items, methods[key[1]])
        if grade is not None:
            scores[key] = grade
    return scores


def passed_quiz_ids(user, quizzes: Iterable[Quiz]) -> set[int]:
    """Ids of the quizzes this user has passed (grade that counts ≥ pass mark). One query."""
    quizzes = list(quizzes)
    if not quizzes or user is None or not getattr(user, "id", None):
        return set()
    scores = best_scores([user.id], [q.id for q in quizzes])
    return {q.id for q in quizzes if has_passed(q, scores.get((user.id, q.id)))}


def passed_item_ids(user, item_ids: Iterable[int]) -> set[int]:
    """Ids of the quiz module items this user has passed (a quiz item is complete when its
    quiz is passed). One query."""
    item_ids = list(item_ids)
    if not item_ids or user is None or not getattr(user, "is_authenticated", False):
        return set()
    rows = db.session.execute(_passed_items_statement(),
                              {"user_id": user.id, "item_ids": item_ids})
    grouped: dict[int, list] = defaultdict(list)
    for row in rows:
        grouped[row.item_id].append(row)
    return {item_id for item_id, items in grouped.items()
            if (grade := quiz_grade(items, items[0].grading_method)) is not None
            and grade >= items[0].pass_mark - 1e-9}


@cache
def _passed_items_statement():
    """Built once (every course page asks): construction cost more than the query."""
    return (select(Quiz.item_id, Quiz.pass_mark, Quiz.grading_method, Attempt.number,
                   Attempt.state, Attempt.is_preview, Attempt.needs_grading, Attempt.percent)
            .join(Attempt, Attempt.quiz_id == Quiz.id)
            .where(Quiz.item_id.in_(bindparam("item_ids", expanding=True)),
                   Attempt.user_id == bindparam("user_id"), Attempt.state == FINISHED,
                   Attempt.is_preview.is_(False)))


def passed_user_ids(quiz: Quiz, user_ids: Iterable[int]) -> set[int]:
    """Ids of the users among `user_ids` who passed this quiz. One query."""
    scores = best_scores(user_ids, [quiz.id])
    return {uid for (uid, _qid), grade in scores.items() if has_passed(quiz, grade)}
