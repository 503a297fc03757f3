"""Courses, banks and quizzes for the quiz tests."""

from __future__ import annotations

from app.courses.models import PUBLISHED, Course, CourseAuthor, Module
from app.extensions import db
from app.quizzes import banks, services

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


def make_course(trainer=None, *, slug: str = "course-a", published: bool = True) -> Course:
    course = Course(slug=slug, title=f"Course {slug}", status=PUBLISHED if published
                    else "draft")
    db.session.add(course)
    db.session.flush()
    db.session.add(Module(course_id=course.id, slug="module-1", title="Module 1", position=1))
    if trainer is not None:
        db.session.add(CourseAuthor(course_id=course.id, user_id=trainer.id))
    db.session.commit()
    return course


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
    quiz = services.create_quiz(course.modules[0], settings.pop("title", "Quiz"), **settings)
    if fixed and bank is not None:
        from app.quizzes.models import Question

        questions = db.session.scalars(db.select(Question).where(Question.bank_id == bank.id)
                                       .order_by(Question.id)).all()
        services.add_questions(quiz, questions)
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


def form(data: dict):
    from werkzeug.datastructures import MultiDict

    items = []
    for key, value in data.items():
        for item in value if isinstance(value, list) else [value]:
            items.append((key, item))
    return MultiDict(items)
