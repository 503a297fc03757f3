"""The workshop tests' factories (tests/factories.py); a course here has three lessons
("Lesson 1"…) and one quiz unless told otherwise."""

from functools import partial

from tests import factories
from tests.factories import attempt_quiz, complete_lesson, items, make_workshop  # noqa: F401

make_course = partial(factories.make_course, lessons=3, quizzes=1, lesson_title="Lesson {lesson}")
