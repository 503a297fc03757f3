"""Lesson files (NN-slug.md) and their translations (NN-slug.<lang>.md)."""

from __future__ import annotations

import re
from pathlib import Path

from app.courses.content import foreign_images, media_references
from app.courses.items import PackageError
from app.courses.packages.fields import language_error, read_text, text_value, unknown_keys
from app.courses.packages.model import LessonFile, ModuleDir
from app.courses.packages.yamltext import load_mapping
from app.courses.services.outline import LEADING_BLANK_LINES_RE, normalise_body
from app.reference import LANGUAGES

LESSON_FILE_RE = re.compile(r"^(\d{2,3})-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$")
# NN-slug.<lang>.md: the translation of NN-slug.md into <lang>.
LESSON_TRANSLATION_RE = re.compile(r"^(\d{2,3})-([a-z0-9]+(?:-[a-z0-9]+)*)\.([a-z]{2,3})\.md$")
LESSON_KEYS = ("title", "minutes")
# The editor's limit on a lesson's text (LessonForm.body), the same for packages.
LESSON_MAX_CHARS = 200_000


def read_lesson(path: Path, display: str, number: int, slug: str, media_names: set[str]
                ) -> tuple[LessonFile | None, list[PackageError]]:
    text, errors = read_text(path, display)
    if text is None:
        return None, errors
    if not text.startswith("---\n"):
        return None, [PackageError(display, 1, "a lesson starts with front matter: a line "
                                               "'---', 'title: ...', 'minutes: ...', '---'")]
    end = text.find("\n---\n", 3)
    if end < 0:
        end = text.find("\n---", 3) if text.endswith("\n---") else -1
    if end < 0:
        return None, [PackageError(display, 1, "the front matter is not closed by a line '---'")]
    front = text[4:end + 1]
    doc, errors = load_mapping(front, display, line_offset=1)
    if doc is None:
        return None, errors
    unknown_keys(doc, LESSON_KEYS, display, errors, "the front matter")
    title = text_value(doc, "title", display, errors, required=True)
    minutes = doc.data.get("minutes", 0)
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not 0 <= minutes <= 1440:
        errors.append(PackageError(display, doc.line("minutes"),
                                   "'minutes' must be a whole number between 0 and 1440"))
        minutes = 0
    raw_body = text[end + 5:]
    leading = LEADING_BLANK_LINES_RE.match(raw_body)
    body_start = text[:end + 5].count("\n") + 1 + (leading.group(0).count("\n") if leading
                                                    else 0)
    body = normalise_body(raw_body)
    if len(body) > LESSON_MAX_CHARS:
        errors.append(PackageError(display, body_start,
                                   f"the lesson text has {len(body):,} characters; the limit "
                                   f"is {LESSON_MAX_CHARS:,}, as in the editor"))
        return None, errors
    for line, name in media_references(body):
        if name not in media_names:
            errors.append(PackageError(display, body_start + line - 1,
                                       f"media/{name} is not in the course's media/ folder"))
    for line, src in foreign_images(body):
        errors.append(PackageError(display, body_start + line - 1,
                                   f"image {src} is not in the course's media/ folder "
                                   "(put the file in media/ and write media/<name>)"))
    return LessonFile(display, number, slug, title, minutes, body), errors


def read_lesson_translations(entries: list[Path], display: str, module: ModuleDir,
                              media_names: set[str], language: str, languages: list[str]
                              ) -> list[PackageError]:
    """NN-slug.<lang>.md beside NN-slug.md: the same front matter keys (the title
    translated, the same minutes) and the translated body."""
    errors: list[PackageError] = []
    lessons = {(lesson.number, lesson.slug): lesson for lesson in module.lessons}
    for entry in entries:
        match = LESSON_TRANSLATION_RE.match(entry.name)
        number, slug, code = int(match.group(1)), match.group(2), match.group(3)
        shown = f"{display}/{entry.name}"
        if code not in LANGUAGES:
            errors.append(PackageError(shown, 0, language_error(code)))
            continue
        if code == language or code not in languages:
            errors.append(PackageError(shown, 0, f"'{code}' is not one of the course's "
                                                 "translations ('languages' in course.yaml)"))
            continue
        source = lessons.get((number, slug))
        if source is None:
            errors.append(PackageError(shown, 0, f"no lesson {match.group(1)}-{slug}.md to "
                                                 "translate beside it"))
            continue
        lesson, lesson_errors = read_lesson(entry, shown, number, slug, media_names)
        errors += lesson_errors
        if lesson is None:
            continue
        if lesson.minutes != source.minutes:
            errors.append(PackageError(shown, front_line(entry, "minutes"),
                                       f"'minutes' ({lesson.minutes}) must be the same as in "
                                       f"{source.display.rsplit('/', 1)[-1]} "
                                       f"({source.minutes})"))
        source.translations[code] = lesson
    return errors


def front_line(path: Path, key: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8",
                                                 errors="replace").split("\n"), start=1):
        if line.startswith(f"{key}:"):
            return number
    return 1
