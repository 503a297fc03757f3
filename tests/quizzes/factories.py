"""Courses, banks and quizzes for the quiz tests."""

from __future__ import annotations

from app.courses.models import PUBLISHED, Course, CourseAuthor
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
    quiz = services.create_quiz(course, settings.pop("title", "Quiz"), **settings)
    if fixed and bank is not None:
        from app.quizzes.models import Question

        questions = db.session.scalars(db.select(Question).where(Question.bank_id == bank.id)
                                       .order_by(Question.id)).all()
        services.add_questions(quiz, questions)
    db.session.commit()
    return quiz
