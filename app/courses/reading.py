"""Which language a learner reads a course in (web side of services.reading_language).

The "Read in" switch on a lesson or quiz page is a link with `?lang=<code>`; the choice is
remembered per course in the session (no JavaScript, nothing written to the database), so
the next lesson and the quiz follow it. Without a choice: the learner's preferred language
(profile), then the interface language, then the course's source language.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import request, session
from flask_babel import get_locale
from flask_login import current_user

from app.courses import services
from app.courses.models import Course
from app.reference import language_name

SESSION_KEY = "course_languages"


def reading_language(course: Course) -> str:
    """The language the current learner reads `course` in (remembering a `?lang=` choice
    in the session)."""
    languages = services.course_languages(course)
    chosen = request.args.get("lang")
    if chosen in languages:
        remembered = dict(session.get(SESSION_KEY) or {})
        if remembered.get(str(course.id)) != chosen:
            remembered[str(course.id)] = chosen
            session[SESSION_KEY] = remembered
    else:
        chosen = (session.get(SESSION_KEY) or {}).get(str(course.id))
    preferred = current_user.language if current_user.is_authenticated else None
    return services.reading_language(course, chosen, preferred, str(get_locale() or ""))


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str
    current: bool


def language_links(course: Course, current: str) -> list[LanguageLink]:
    """The "Read in: English · 한국어" switch (empty for a course in one language)."""
    languages = services.course_languages(course)
    if len(languages) < 2:
        return []
    return [LanguageLink(code, language_name(code), code == current) for code in languages]


def titles(*courses: Course) -> services.Titles:
    """The titles of `courses` and of their parts in the language the learner reads each
    course in (for the outline, breadcrumbs, "My learning", the workshop page)."""
    return services.titles_in({course: reading_language(course) for course in courses})
