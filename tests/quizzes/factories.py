"""The quiz tests' factories (tests/factories.py); a course here has one empty module and
the slug course-a unless told otherwise."""

from functools import partial

from tests import factories
from tests.factories import (  # noqa: F401
    ALL_TYPES_GIFT,
    answer_every_slot,
    form,
    make_bank,
    make_quiz,
    numbered_gift,
    right_answers,
)

make_course = partial(factories.make_course, slug="course-a", lessons=0)
