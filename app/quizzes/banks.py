"""Question banks: finding them by name, categories, questions, GIFT import and export."""

from __future__ import annotations

import copy
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache

from flask_babel import gettext as _
from sqlalchemy import bindparam, func, or_, select

from app.courses.models import Course
from app.extensions import db
from app.quizzes import gift
from app.quizzes.models import (
    DEFAULT_BANK,
    DEFAULT_CATEGORY,
    AttemptQuestion,
    Question,
    QuestionBank,
    QuestionCategory,
    QuestionTag,
)
from app.quizzes.types import QUESTION_TYPES, carry_ids

PAGE_SIZE = 50
# One GIFT import, on the web and the CLI alike (the web imports big files in the background:
# app/imports); the paste field has its own limit (GiftUploadForm.text, 2,000,000 characters).
GIFT_MAX_QUESTIONS = 100_000
GIFT_MAX_CHARS = 20_000_000
BANK_NAME_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,99}$")


class BankError(Exception):
    """A bank name that does not resolve, or a bad bank name; the message says why."""


class GiftImportError(Exception):
    def __init__(self, errors: list[gift.GiftError]):
        super().__init__(f"{len(errors)} error(s)")
        self.errors = errors


# --- banks --------------------------------------------------------------------------------

def resolve_bank(reference: str, *, create: bool = False) -> QuestionBank:
    """`<course-slug>` → the course's default bank; `<course-slug>/<bank>` → that bank.

    With `create`, a missing bank of an existing course is created."""
    slug, _sep, name = reference.strip().strip("/").partition("/")
    name = name or DEFAULT_BANK
    course = db.session.scalar(select(Course).where(Course.slug == slug))
    if course is None:
        raise BankError(_("No course with the slug \"%(slug)s\".", slug=slug))
    bank = db.session.scalar(select(QuestionBank).where(QuestionBank.course_id == course.id,
                                                        QuestionBank.name == name))
    if bank is None:
        if not create:
            raise BankError(_("The course \"%(slug)s\" has no question bank \"%(name)s\".",
                              slug=slug, name=name))
        bank = create_bank(course, name)
    return bank


def create_bank(course: Course, name: str = DEFAULT_BANK) -> QuestionBank:
    name = name.strip().lower()
    if not BANK_NAME_RE.match(name):
        raise BankError(_("A bank name uses lower-case letters, digits and hyphens."))
    exists = db.session.scalar(select(QuestionBank.id).where(
        QuestionBank.course_id == course.id, QuestionBank.name == name))
    if exists:
        raise BankError(_("This course already has a bank named \"%(name)s\".", name=name))
    bank = QuestionBank(course=course, name=name)
    db.session.add(bank)
    db.session.flush()
    return bank


def default_bank(course: Course) -> QuestionBank:
    bank = db.session.scalar(select(QuestionBank).where(QuestionBank.course_id == course.id,
                                                        QuestionBank.name == DEFAULT_BANK))
    return bank or create_bank(course)


def banks_of_courses(course_ids: list[int] | None) -> list[QuestionBank]:
    """Banks of these courses (None: all), with their question counts as `.size`."""
    query = (select(QuestionBank, func.count(Question.id))
             .outerjoin(Question, Question.bank_id == QuestionBank.id)
             .group_by(QuestionBank.id)
             .order_by(QuestionBank.course_id, QuestionBank.name))
    if course_ids is not None:
        query = query.where(QuestionBank.course_id.in_(course_ids))
    banks = []
    for bank, size in db.session.execute(query.options(db.joinedload(QuestionBank.course))):
        bank.size = size
        banks.append(bank)
    return banks


def bank_sizes(course_ids: list[int]) -> list:
    """The banks of these courses as rows of what the home lists: id, name, course_title and
    size (their question count), in the order of banks_of_courses (one query)."""
    return db.session.execute(_sizes_statement(), {"ids": list(course_ids)}).all()


@cache
def _sizes_statement():
    return (select(QuestionBank.id, QuestionBank.name, Course.title.label("course_title"),
                   func.count(Question.id).label("size"))
            .join(Course, Course.id == QuestionBank.course_id)
            .outerjoin(Question, Question.bank_id == QuestionBank.id)
            .where(QuestionBank.course_id.in_(bindparam("ids", expanding=True)))
            .group_by(QuestionBank.id, QuestionBank.name, Course.id, Course.title)
            .order_by(QuestionBank.course_id, QuestionBank.name))


# --- categories ----------------------------------------------------------------------------

def normalise_category(path: str | None) -> str:
    parts = [p.strip() for p in (path or "").split("/") if p.strip()]
    return "/".join(parts)[:255] or DEFAULT_CATEGORY


def category(bank: QuestionBank, path: str | None) -> QuestionCategory:
    """The category with this path in the bank, created if needed."""
    name = normalise_category(path)
    found = db.session.scalar(select(QuestionCategory).where(
        QuestionCategory.bank_id == bank.id, QuestionCategory.name == name))
    if found is None:
        found = QuestionCategory(bank=bank, name=name)
        db.session.add(found)
        db.session.flush()
    return found


def categories_with_counts(bank: QuestionBank) -> list[tuple[QuestionCategory, int]]:
    query = (select(QuestionCategory, func.count(Question.id))
             .outerjoin(Question, Question.category_id == QuestionCategory.id)
             .where(QuestionCategory.bank_id == bank.id)
             .group_by(QuestionCategory.id).order_by(QuestionCategory.name))
    return list(db.session.execute(query))


# --- questions -----------------------------------------------------------------------------

def parse_tags(text: str | list[str]) -> list[str]:
    items = text if isinstance(text, list) else re.split(r"[,;]", text or "")
    tags = []
    for item in items:
        tag = re.sub(r"\s+", " ", item).strip()[:60]
        if tag and tag.casefold() not in {t.casefold() for t in tags}:
            tags.append(tag)
    return tags


def set_tags(question: Question, tags: list[str]) -> None:
    wanted = parse_tags(tags)
    question.tag_rows = [row for row in question.tag_rows if row.name in wanted]
    have = {row.name for row in question.tag_rows}
    for tag in wanted:
        if tag not in have:
            question.tag_rows.append(QuestionTag(name=tag))


@dataclass
class QuestionFields:
    name: str
    type: str
    text: str
    text_format: str
    general_feedback: str
    data: dict
    category: str
    tags: list[str]


def save_question(bank: QuestionBank, fields: QuestionFields, *, question: Question | None = None,
                  actor=None) -> Question:
    """Create or update a question (content already checked by the form)."""
    target = category(bank, fields.category)
    if question is None:
        question = Question(bank=bank, created_by_id=actor.id if actor else None)
        db.session.add(question)
        data = fields.data
    else:
        data = carry_ids(copy.deepcopy(question.data or {}), copy.deepcopy(fields.data)) \
            if question.type == fields.type else fields.data
    before = (question.type, question.text, question.general_feedback, question.data)
    question.name = fields.name.strip()[:255]
    question.type = fields.type
    question.text = fields.text.strip()
    question.text_format = fields.text_format
    question.general_feedback = fields.general_feedback.strip()
    question.data = data
    question.category = target
    if question.id is not None and before != (question.type, question.text,
                                              question.general_feedback, question.data):
        question.revision = (question.revision or 1) + 1
    set_tags(question, fields.tags)
    db.session.flush()
    return question


def delete_question(question: Question) -> None:
    """Attempts keep their snapshot of the question; quizzes lose a fixed slot."""
    db.session.delete(question)
    db.session.flush()


def attempts_using(question_ids: list[int]) -> dict[int, int]:
    """How many attempts drew each question."""
    if not question_ids:
        return {}
    rows = db.session.execute(
        select(AttemptQuestion.question_id, func.count(AttemptQuestion.id))
        .where(AttemptQuestion.question_id.in_(question_ids))
        .group_by(AttemptQuestion.question_id))
    return dict(rows.all())


def search_questions(bank: QuestionBank, *, category_id: int | None = None, tag: str = "",
                     qtype: str = "", q: str = "", page: int = 1):
    query = (select(Question).where(Question.bank_id == bank.id)
             .options(db.joinedload(Question.category))
             .order_by(Question.category_id, Question.id))
    if category_id:
        query = query.where(Question.category_id == category_id)
    if tag:
        query = query.where(Question.id.in_(
            select(QuestionTag.question_id).where(QuestionTag.name == tag)))
    if qtype in QUESTION_TYPES:
        query = query.where(Question.type == qtype)
    if q.strip():
        like = f"%{q.strip()}%"
        query = query.where(or_(Question.name.ilike(like), Question.text.ilike(like)))
    return db.paginate(query, page=page, per_page=PAGE_SIZE, error_out=False)


def bank_tags(bank: QuestionBank) -> list[str]:
    return list(db.session.scalars(
        select(QuestionTag.name).join(Question).where(Question.bank_id == bank.id)
        .distinct().order_by(QuestionTag.name)))


# --- GIFT ----------------------------------------------------------------------------------

def parse_gift_or_raise(text: str) -> list[gift.GiftQuestion]:
    """The questions of a GIFT text, or GiftImportError (also above the size caps)."""
    if len(text) > GIFT_MAX_CHARS:
        raise GiftImportError([gift.GiftError(1, _(
            "The file has %(n)s characters; one import takes at most %(max)s: split it.",
            n=f"{len(text):,}", max=f"{GIFT_MAX_CHARS:,}"))])
    questions, errors = gift.parse(text, max_questions=GIFT_MAX_QUESTIONS)
    if errors:
        raise GiftImportError(errors)
    if not questions:
        raise GiftImportError([gift.GiftError(1, _("The file contains no questions."))])
    return questions


def import_gift(bank: QuestionBank, text: str, *, default_category: str | None = None,
                actor=None, progress=None) -> Counter:
    """Import every question of a GIFT text, or nothing (raises GiftImportError).

    Returns how many questions of each type were imported."""
    return save_gift_questions(bank, parse_gift_or_raise(text),
                               default_category=default_category, actor=actor,
                               progress=progress)


def save_gift_questions(bank: QuestionBank, questions: list[gift.GiftQuestion], *,
                        default_category: str | None = None, actor=None,
                        progress=None) -> Counter:
    """Save already parsed (and checked) GIFT questions; how many of each type."""
    counts: Counter = Counter()
    for parsed in questions:
        save_question(bank, QuestionFields(
            name=parsed.name, type=parsed.type, text=parsed.text,
            text_format=parsed.text_format, general_feedback=parsed.general_feedback,
            data=parsed.data, category=parsed.category or default_category or "",
            tags=parsed.tags,
        ), actor=actor)
        counts[parsed.type] += 1
        if progress is not None:
            progress(1)
    return counts


def count_questions(bank: QuestionBank) -> int:
    return db.session.scalar(select(func.count(Question.id))
                             .where(Question.bank_id == bank.id)) or 0


def export_gift(bank: QuestionBank, *, category_id: int | None = None) -> str:
    query = (select(Question).join(QuestionCategory)
             .where(Question.bank_id == bank.id)
             .options(db.contains_eager(Question.category))
             .order_by(QuestionCategory.name, Question.id))
    if category_id:
        query = query.where(Question.category_id == category_id)
    questions = list(db.session.scalars(query).unique())
    for question in questions:
        question.category_name = question.category.name
    return gift.export(questions, categories=True)


def type_counts_text(counts: Counter) -> str:
    """"3 single choice, 1 essay" in the order of QUESTION_TYPES."""
    return ", ".join(f"{counts[name]} {QUESTION_TYPES[name].label}".lower()
                     for name in QUESTION_TYPES if counts.get(name))
