"""Questions in other languages: the translated texts laid over the source question.

A translation holds the question in the type's own data shape. Only its texts count: the
marks, numerical values, flags and ids always come from the source, so a translated
question is graded exactly like the source and every response (an answer id, an index, a
pair id) is a response to the source question, for grading and for item analysis.
"""

from __future__ import annotations

import copy
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.courses.items import MISSING, NEEDS_UPDATE, TRANSLATED, TranslationCounts
from app.quizzes.models import Question, QuestionTranslation

# Strings in a question's data that are structure, not text: never translated.
STRUCTURAL_KEYS = frozenset({"id", "key"})


def overlay(source: Any, translated: Any) -> Any:
    """`source` with its texts replaced by those at the same place in `translated`."""
    if isinstance(source, dict):
        other = translated if isinstance(translated, dict) else {}
        return {key: (copy.deepcopy(value) if key in STRUCTURAL_KEYS
                      else overlay(value, other.get(key)))
                for key, value in source.items()}
    if isinstance(source, list):
        other = translated if isinstance(translated, list) else []
        return [overlay(value, other[i] if i < len(other) else None)
                for i, value in enumerate(source)]
    if isinstance(source, str):
        return translated if isinstance(translated, str) and translated.strip() else source
    return copy.deepcopy(source)


def mismatch(source: Any, translated: Any, where: str = "") -> str | None:
    """Why `translated` does not have the source's structure (None: it has): the same
    answers in the same order, with the same marks and values."""
    if isinstance(source, dict):
        if not isinstance(translated, dict):
            return _("the answers are not written like the source's")
        for key, value in source.items():
            if key in STRUCTURAL_KEYS:
                continue
            problem = mismatch(value, translated.get(key), key)
            if problem:
                return problem
        return None
    if isinstance(source, list):
        if not isinstance(translated, list):
            return _("the answers are not written like the source's")
        if len(source) != len(translated):
            return _("%(found)d answer(s) where the source has %(count)d",
                     found=len(translated), count=len(source))
        for value, other in zip(source, translated, strict=True):
            problem = mismatch(value, other, where)
            if problem:
                return problem
        return None
    if isinstance(source, str):
        return None
    if source != translated:
        return _("'%(what)s' is %(found)s where the source has %(value)s",
                 what=where or "value", found=translated, value=source)
    return None


def text_fields(data: Any, path: tuple = ()) -> list[tuple[tuple, str]]:
    """(path, source text) of every non-empty text of a question's data, in order."""
    found: list[tuple[tuple, str]] = []
    if isinstance(data, dict):
        for key, value in data.items():
            if key not in STRUCTURAL_KEYS:
                found += text_fields(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += text_fields(value, (*path, index))
    elif isinstance(data, str) and data.strip():
        found.append((path, data))
    return found


def get_path(data: Any, path: tuple) -> Any:
    for step in path:
        try:
            data = data[step]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def set_path(data: Any, path: tuple, value: str) -> None:
    for step in path[:-1]:
        data = data[step]
    data[path[-1]] = value


def path_key(path: tuple) -> str:
    return "-".join(str(step) for step in path)


def shown(question, language: str | None) -> dict:
    """The question as shown in `language`: {text, general_feedback, data, language}
    (language "" when it is shown in the source)."""
    translation = next((t for t in question.translations if t.language == language), None) \
        if language else None
    if translation is None:
        return {"text": question.text, "general_feedback": question.general_feedback,
                "data": copy.deepcopy(question.data), "language": ""}
    return {"text": translation.text or question.text,
            "general_feedback": translation.general_feedback or question.general_feedback,
            "data": overlay(question.data, translation.data), "language": language}


def set_question_translation(question: Question, language: str, *, text: str,
                             general_feedback: str, data: dict,
                             keep_revision: bool = False) -> QuestionTranslation:
    """Create or update the question's translation into `language`; it is then made from
    the current source revision (with `keep_revision`, an unchanged translation keeps the
    revision it was made from, so a re-import does not hide "needs update")."""
    merged = overlay(question.data or {}, data)
    row = next((t for t in question.translations if t.language == language), None)
    values = (text.strip(), general_feedback.strip(), merged)
    if row is None:
        row = QuestionTranslation(language=language, source_revision=question.revision)
        question.translations.append(row)
    elif keep_revision and (row.text, row.general_feedback, row.data) == values:
        return row
    else:
        row.source_revision = question.revision
    row.text, row.general_feedback, row.data = values
    return row


def quiz_questions_of(items: list) -> list[Question]:
    """The questions of the quizzes of `items` (quiz items), each once, in order."""
    from app.quizzes import package, services

    found, seen = [], set()
    for item in items:
        quiz = services.quiz_for_item(item)
        if quiz is None:
            continue
        for question in package.quiz_questions(quiz)[0]:
            if question.id not in seen:
                seen.add(question.id)
                found.append(question)
    return found


def question_translation_counts(items: list, language: str) -> TranslationCounts:
    from flask import url_for

    counts = TranslationCounts(_l("Questions"))
    for question in quiz_questions_of(items):
        row = next((t for t in question.translations if t.language == language), None)
        state = MISSING if row is None else NEEDS_UPDATE if row.needs_update else TRANSLATED
        counts.add(question.name, state, url_for("quizzes.translate_question",
                                                 question_id=question.id, language=language))
    return counts


def translated_quiz_title(quiz, language: str | None) -> str:
    """The quiz's title in `language` (module.yaml's `quiz_title`), else its own."""
    from app.courses import services as course_services

    if language and language != quiz.course.language:
        texts = course_services.module_translation(quiz.item.module, language)
        if texts is not None and texts.quiz_title:
            return texts.quiz_title
    return quiz.title
