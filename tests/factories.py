"""Factories for every domain's tests: plain functions that save rows and commit.

One `make_course` for all (lessons through the course services, quizzes as rows); the
fixtures in tests/conftest.py (`make_user`, `login_as`) and tests/courses/conftest.py
(`make_course` with a trainer as author) build on these.
"""

from __future__ import annotations

import io
import itertools
from contextlib import contextmanager
from datetime import date, timedelta

from PIL import Image
from sqlalchemy import event

from app import signals
from app.auth.models import User
from app.courses import services as courses
from app.courses.models import DRAFT, PUBLISHED, Course, LessonProgress, ModuleItem
from app.extensions import db
from app.quizzes import banks
from app.quizzes import services as quizzes
from app.quizzes.models import FINISHED, Attempt, Quiz
from app.timeutil import utcnow
from app.workshops import services as workshops
from app.workshops.models import OPEN, Workshop

_seq = itertools.count(1)

# Courses ----------------------------------------------------------------------------------


def make_course(author: User | None = None, *, title: str | None = None,
                slug: str | None = None, modules: int = 1, lessons: int = 2, quizzes: int = 0,
                status: str = PUBLISHED, published: bool | None = None,
                lesson_title: str = "Lesson {module}.{lesson}", **fields) -> Course:
    """A saved course: `modules` modules of `lessons` lessons each (10 minutes, a short
    body), then `quizzes` quizzes (pass mark 70) in the last module.

    `status` (or `published=False` for a draft) is set directly, so a course without items
    can be published too. `lesson_title` is formatted with `module` and `lesson` (1-based);
    `fields` go to courses.create_course (summary, language, level, hours, topics,
    prerequisites, experts).
    """
    n = next(_seq)
    if published is not None:
        status = PUBLISHED if published else DRAFT
    title = title or (f"Course {slug}" if slug else f"Course {n}")
    course = courses.create_course(author, title=title, slug=slug or "", **fields)
    module = None
    for m in range(1, modules + 1):
        module = courses.create_module(course, title=f"Module {m}")
        for k in range(1, lessons + 1):
            courses.create_lesson(module, title=lesson_title.format(module=m, lesson=k),
                                  minutes=10, body=f"## Part\n\nText of lesson {m}.{k}.")
    for k in range(1, quizzes + 1):
        item = courses.new_item(module, "quiz", f"Quiz {k}")
        db.session.add(Quiz(course_id=course.id, item_id=item.id, title=f"Quiz {k}",
                            pass_mark=70))
    if status != DRAFT:
        course.status = status
        course.published_at = utcnow()
    db.session.commit()
    return course


def items(course: Course, kind: str) -> list[ModuleItem]:
    """The course's items of one kind, in order."""
    return [i for m in course.modules for i in m.items if i.kind == kind]


def lesson_items(course: Course) -> list[ModuleItem]:
    return items(course, "lesson")


def complete_lesson(user: User, item: ModuleItem) -> None:
    """A lesson done, as the courses domain records it (the row, then lesson_completed)."""
    progress = LessonProgress(user_id=user.id, lesson_id=item.lesson.id)
    db.session.add(progress)
    db.session.flush()
    signals.lesson_completed.send(progress, user=user, lesson=item.lesson, completed=True)


# Files ------------------------------------------------------------------------------------

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def png_bytes(size=(8, 6), color=(200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return buffer.getvalue()


@contextmanager
def count_queries():
    """with count_queries() as statements: … — the SQL statements run inside."""
    statements: list[str] = []

    def listener(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)


def row_counts() -> dict[str, int]:
    """The number of rows of every table (to show that something wrote nothing)."""
    from sqlalchemy import func, select

    return {table.name: db.session.scalar(select(func.count()).select_from(table))
            for table in db.metadata.sorted_tables}


# Quizzes ----------------------------------------------------------------------------------

ALL_TYPES_GIFT = """\
// Every question type, with feedback
$CATEGORY: Module 1/Basics

// [tag:definitions] [tag:stock]
::Single::Who is an international migrant? {
=A person who changes country of usual residence #FB-SINGLE-RIGHT
~A tourist #FB-SINGLE-WRONG
~%50%A person abroad for 3 months #FB-SINGLE-HALF
####GENERAL-SINGLE
}

::Multiple::Which are flows? {
~%50%Inflow #FB-MULTI-IN
~%50%Outflow #FB-MULTI-OUT
~%-100%Migrant stock #FB-MULTI-STOCK
}

::TrueFalse::Refugees are counted in the migrant stock. {TRUE#FB-TF-WRONG#FB-TF-RIGHT}

::Short::The compact adopted in Marrakech is the Global Compact for ... {
=Safe, Orderly and Regular Migration #FB-SHORT-FULL
=%50%safe*migration #FB-SHORT-HALF
}

::Numerical::In which year did the EPS start? {#
=2004:0 #FB-NUM-EXACT
=%50%2000..2008 #FB-NUM-CLOSE
~#FB-NUM-OTHER
}

::Matching::Match each term. {
=Stock -> Number at a point in time
=Flow -> Number over a period
=Net migration -> Inflow minus outflow
= -> Number of visas issued
}

::Essay::Describe one policy. {
####GENERAL-ESSAY
}
"""


def make_bank(course, gift_text: str = ALL_TYPES_GIFT, name: str = "default"):
    bank = banks.resolve_bank(course.slug + ("" if name == "default" else "/" + name),
                              create=True)
    banks.import_gift(bank, gift_text)
    db.session.commit()
    return bank


def numbered_gift(count: int, category: str = "Pool") -> str:
    blocks = [f"$CATEGORY: {category}"]
    for i in range(1, count + 1):
        blocks.append(f"::P{i:02d}::Pool question {i}? {{=right {i} ~wrong {i}}}")
    return "\n\n".join(blocks) + "\n"


def make_quiz(course, bank=None, *, fixed: bool = True, **settings):
    quiz = quizzes.create_quiz(course.modules[0], settings.pop("title", "Quiz"), **settings)
    if fixed and bank is not None:
        from app.quizzes.models import Question

        questions = db.session.scalars(db.select(Question).where(Question.bank_id == bank.id)
                                       .order_by(Question.id)).all()
        quizzes.add_questions(quiz, questions)
    db.session.commit()
    return quiz


def right_answers(attempt, indices=None) -> dict:
    """Form data answering every slot (or `indices`) of an attempt correctly."""
    data = {}
    for index, entry in enumerate(attempt.snapshot):
        if indices is not None and index not in indices:
            continue
        name, content, order = f"s{index}", entry["data"], entry["order"]
        if entry["type"] == "single":
            best = max(content["choices"], key=lambda c: c["credit"])["id"]
            data[name] = str(order.index(best))
        elif entry["type"] == "multiple":
            good = {c["id"] for c in content["choices"] if c["credit"] > 0}
            data[name] = [str(i) for i, cid in enumerate(order) if cid in good]
        elif entry["type"] == "truefalse":
            data[name] = "true" if content["correct"] else "false"
        elif entry["type"] == "short":
            data[name] = next(a["text"] for a in content["answers"] if a["credit"] >= 100)
        elif entry["type"] == "numerical":
            best = next(a for a in content["answers"] if a["credit"] >= 100)
            data[name] = str(best["value"] if best["value"] is not None else best["low"])
        elif entry["type"] == "matching":
            pairs = {p["id"]: p["answer"] for p in content["pairs"]}
            for k, pid in enumerate(order["stems"]):
                data[f"{name}-{k}"] = str(order["options"].index(pairs[pid]))
        else:
            data[name] = "An essay answer."
    data["slots"] = ",".join(str(i) for i in range(len(attempt.snapshot))
                             if indices is None or i in indices)
    return data


def answer_every_slot(attempt) -> None:
    """Save the first page of an attempt with every slot answered correctly."""
    from app.quizzes import attempts

    attempts.save_page(attempt, form(right_answers(attempt)), sequence=0,
                       indices=list(range(len(attempt.snapshot))))


def form(data: dict):
    from werkzeug.datastructures import MultiDict

    items = []
    for key, value in data.items():
        for item in value if isinstance(value, list) else [value]:
            items.append((key, item))
    return MultiDict(items)


def attempt_quiz(user: User, item: ModuleItem, percent: float, *, number: int = 1) -> Attempt:
    """A finished attempt with `percent`, as the quizzes domain records it (the row, then
    attempt_finished; no grading)."""
    quiz = db.session.query(Quiz).filter_by(item_id=item.id).one()
    attempt = Attempt(quiz_id=quiz.id, user_id=user.id, number=number, state=FINISHED,
                      percent=percent, score=percent, max_score=100,
                      passed=percent >= quiz.pass_mark)
    db.session.add(attempt)
    db.session.flush()
    signals.attempt_finished.send(attempt, user=user, quiz=quiz, needs_grading=False)
    return attempt


# Workshops --------------------------------------------------------------------------------

def make_workshop(organiser: User, *, courses=(), status: str = OPEN, **fields) -> Workshop:
    data = {
        "title": fields.pop("title", f"Workshop {next(_seq)}"),
        "start_date": date.today() + timedelta(days=10),
        "end_date": date.today() + timedelta(days=12),
        "mode": "blended",
        "timezone": "Asia/Bangkok",
        "enrolment_policy": "open",
        "course_ids": [c.id for c in courses],
        "organiser_ids": [organiser.id],
        "require_lessons": True,
        "require_quizzes": True,
        "min_attendance_percent": 0,
        "languages": ["en"],
    }
    data.update(fields)
    workshop = workshops.save_workshop(None, data, actor=organiser)
    workshop.status = status
    db.session.commit()
    return workshop
