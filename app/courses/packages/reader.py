"""Reading and checking course packages (the format is described in courses/README.md).

`read_package` checks one folder on its own (files, YAML, front matter, media, each item
kind's block); `check_against_database` adds what needs the database (prerequisites,
resource persons, who may update an existing course). Every problem is a PackageError
naming the file and the line. The pieces: `model` (what is returned), `fields` (the checks of
every file), `lessons` (lesson files and their translations), `translations` (the
`translations:` blocks).
"""

from __future__ import annotations

import re
from pathlib import Path

from app.courses.content import is_media_name
from app.courses.items import PackageError, package_kinds
from app.courses.models import LEVELS
from app.courses.packages.fields import (
    TEXT_MAX_BYTES,
    language_error,
    list_value,
    numbered,
    read_text,
    text_value,
    unknown_keys,
    visible,
)
from app.courses.packages.lessons import (
    LESSON_FILE_RE,
    LESSON_TRANSLATION_RE,
    read_lesson,
    read_lesson_translations,
)
from app.courses.packages.model import (
    CoursePackage,
    KindBlock,
    LessonFile,
    MediaFile,
    ModuleDir,
    TextTranslation,
)
from app.courses.packages.translations import read_translations
from app.courses.packages.yamltext import YamlDoc, load_mapping
from app.courses.services.slugs import RESERVED_SLUGS, SLUG_RE
from app.courses.topics import TOPICS
from app.reference import LANGUAGES

__all__ = ["TEXT_MAX_BYTES", "CoursePackage", "KindBlock", "LessonFile", "MediaFile",
           "ModuleDir", "TextTranslation", "find_packages", "read_lesson", "read_package",
           "read_text"]

MODULE_DIR_RE = re.compile(r"^(\d{2,3})-([a-z0-9]+(?:-[a-z0-9]+)*)$")
COURSE_KEYS = ("slug", "title", "summary", "language", "languages", "level", "hours", "topics",
               "prerequisites", "resource_persons", "translations")
COURSE_TRANSLATION_KEYS = ("title", "summary")
MODULE_KEYS = ("title", "summary", "translations")
MODULE_TRANSLATION_KEYS = ("title", "summary", "quiz_title")


def read_package(path: Path, display: str | None = None, *, folder_is_slug: bool = True
                 ) -> tuple[CoursePackage | None, list[PackageError]]:
    """Read and check the course package in folder `path` (nothing is written)."""
    display = display or str(path)
    file = f"{display}/course.yaml"
    if not (path / "course.yaml").is_file():
        return None, [PackageError(file, 0, "missing: every course package has a course.yaml")]
    text, errors = read_text(path / "course.yaml", file)
    doc = None
    if text is not None:
        doc, errors = load_mapping(text, file)
    pkg = CoursePackage(path=path, display=display, doc=doc or YamlDoc())
    if doc is not None:
        _read_course_fields(pkg, path, folder_is_slug, errors)
    pkg.media, media_errors = _read_media(path, display)
    errors += media_errors
    pkg.modules, module_errors = _read_modules(path, display, {m.name for m in pkg.media},
                                               pkg.language, pkg.other_languages)
    errors += module_errors
    return (pkg if doc is not None else None), errors


def _read_course_fields(pkg: CoursePackage, path: Path, folder_is_slug: bool,
                        errors: list[PackageError]) -> None:
    doc, file = pkg.doc, pkg.course_yaml
    unknown_keys(doc, COURSE_KEYS, file, errors, "course.yaml")
    pkg.slug = text_value(doc, "slug", file, errors, required=True)
    if pkg.slug and (not SLUG_RE.match(pkg.slug) or pkg.slug in RESERVED_SLUGS):
        errors.append(PackageError(file, doc.line("slug"),
                                   "'slug' must use a-z, 0-9 and hyphens (e.g. my-course)"
                                   if not SLUG_RE.match(pkg.slug) else
                                   f"'{pkg.slug}' is reserved; choose another slug"))
    elif pkg.slug and folder_is_slug and pkg.slug != path.resolve().name:
        errors.append(PackageError(file, doc.line("slug"), f"'slug' ({pkg.slug}) must be the "
                                                           f"folder name ({path.resolve().name})"))
    pkg.title = text_value(doc, "title", file, errors, required=True)
    pkg.summary = text_value(doc, "summary", file, errors)
    pkg.language = text_value(doc, "language", file, errors, required=True)
    if pkg.language and pkg.language not in LANGUAGES:
        errors.append(PackageError(file, doc.line("language"),
                                   f"unknown language '{pkg.language}' (use one of: "
                                   f"{', '.join(LANGUAGES)})"))
    pkg.level = text_value(doc, "level", file, errors, required=True)
    if pkg.level and pkg.level not in LEVELS:
        errors.append(PackageError(file, doc.line("level"),
                                   f"'level' must be one of: {', '.join(LEVELS)}"))
    hours = doc.data.get("hours", 0)
    if isinstance(hours, bool) or not isinstance(hours, int | float) or not 0 <= hours <= 1000:
        errors.append(PackageError(file, doc.line("hours"),
                                   "'hours' must be a number between 0 and 1000"))
    else:
        pkg.hours = float(hours)
    pkg.topics = list_value(doc, "topics", file, errors)
    for index, topic in enumerate(pkg.topics):
        if topic not in TOPICS:
            errors.append(PackageError(file, doc.item_line("topics", index),
                                       f"unknown topic '{topic}' (use one of: "
                                       f"{', '.join(TOPICS)})"))
    pkg.prerequisites = list_value(doc, "prerequisites", file, errors)
    for index, slug in enumerate(pkg.prerequisites):
        if slug == pkg.slug:
            errors.append(PackageError(file, doc.item_line("prerequisites", index),
                                       "a course cannot be its own prerequisite"))
    pkg.resource_persons = list_value(doc, "resource_persons", file, errors)
    _read_languages(pkg, errors)


def _read_languages(pkg: CoursePackage, errors: list[PackageError]) -> None:
    """`languages: [en, ko]` (the source first) and `translations: {ko: {title, summary}}`."""
    doc, file = pkg.doc, pkg.course_yaml
    languages = list_value(doc, "languages", file, errors)
    if languages and pkg.language and languages[0] != pkg.language:
        errors.append(PackageError(file, doc.line("languages"),
                                   f"'languages' starts with the course's language "
                                   f"({pkg.language})"))
    others = []
    for index, code in enumerate(languages):
        if code not in LANGUAGES:
            errors.append(PackageError(file, doc.item_line("languages", index),
                                       language_error(code)))
        elif code != pkg.language:
            others.append(code)
    texts = read_translations(doc, file, errors, COURSE_TRANSLATION_KEYS, others, "course.yaml")
    pkg.translations = {code: texts.get(code, TextTranslation()) for code in others}


def _read_media(path: Path, display: str) -> tuple[list[MediaFile], list[PackageError]]:
    from flask import current_app

    from app.courses.media import MEDIA_KINDS
    from app.files.services import UploadRejected, inspect_bytes

    folder = path / "media"
    if not folder.exists():
        return [], []
    media, errors = [], []
    for entry in sorted(folder.iterdir()):
        if not visible(entry):
            continue
        shown = f"{display}/media/{entry.name}"
        if not entry.is_file():
            errors.append(PackageError(shown, 0, "media/ holds files only, no folders"))
            continue
        if not is_media_name(entry.name):
            errors.append(PackageError(shown, 0, "media file names use letters, digits, "
                                                 "dots, hyphens and underscores only"))
            continue
        if entry.stat().st_size > current_app.config["UPLOAD_MAX_BYTES"]:
            errors.append(PackageError(shown, 0, "the file is larger than the upload limit"))
            continue
        try:
            inspect_bytes(entry.name, entry.read_bytes(), kinds=MEDIA_KINDS)
        except UploadRejected as exc:
            errors.append(PackageError(shown, 0, str(exc)))
            continue
        media.append(MediaFile(entry, shown, entry.name))
    return media, errors


def _read_modules(path: Path, display: str, media_names: set[str], language: str = "",
                  languages: list[str] | None = None
                  ) -> tuple[list[ModuleDir], list[PackageError]]:
    folder = path / "modules"
    if not folder.exists():
        return [], []
    errors: list[PackageError] = []
    entries = [e for e in sorted(folder.iterdir()) if visible(e)]
    files = [e for e in entries if not e.is_dir()]
    for entry in files:
        errors.append(PackageError(f"{display}/modules/{entry.name}", 0,
                                   "modules/ holds module folders (NN-slug) only"))
    modules = []
    for number, slug, entry in numbered([e for e in entries if e.is_dir()], MODULE_DIR_RE,
                                         f"{display}/modules", "module folder", errors):
        module, module_errors = _read_module(entry, f"{display}/modules/{entry.name}", number,
                                             slug, media_names, language, languages or [])
        errors += module_errors
        if module is not None:
            modules.append(module)
    return modules, errors


def _read_module(path: Path, display: str, number: int, slug: str, media_names: set[str],
                 language: str = "", languages: list[str] | None = None
                 ) -> tuple[ModuleDir | None, list[PackageError]]:
    languages = languages or []
    file = f"{display}/module.yaml"
    if not (path / "module.yaml").is_file():
        return None, [PackageError(file, 0, "missing: every module folder has a module.yaml")]
    text, errors = read_text(path / "module.yaml", file)
    if text is None:
        return None, errors
    doc, errors = load_mapping(text, file)
    if doc is None:
        return None, errors
    kinds_by_key = package_kinds()
    unknown_keys(doc, MODULE_KEYS + tuple(kinds_by_key), file, errors, "module.yaml")
    module = ModuleDir(path=path, display=display, number=number, slug=slug,
                       title=text_value(doc, "title", file, errors, required=True),
                       summary=text_value(doc, "summary", file, errors))
    module.translations = read_translations(doc, file, errors, MODULE_TRANSLATION_KEYS, languages,
                                        "module.yaml")
    for key, value in doc.data.items():
        kind = kinds_by_key.get(key)
        if kind is not None:
            errors += kind.check_package(path, value, file, doc.line(key))
            errors += kind.check_translations(path, value, file, language, languages)
            module.blocks.append(KindBlock(kind, value, doc.line(key)))
    md_files = [e for e in sorted(path.iterdir())
                if visible(e) and e.is_file() and e.suffix.lower() == ".md"]
    translated = [e for e in md_files if LESSON_TRANSLATION_RE.match(e.name)]
    for number_, lesson_slug, entry in numbered([e for e in md_files if e not in translated],
                                                 LESSON_FILE_RE, display, "lesson file",
                                                 errors, ".md"):
        lesson, lesson_errors = read_lesson(entry, f"{display}/{entry.name}", number_,
                                            lesson_slug, media_names)
        errors += lesson_errors
        if lesson is not None:
            module.lessons.append(lesson)
    errors += read_lesson_translations(translated, display, module, media_names, language,
                                        languages)
    return module, errors


def find_packages(path: Path, display: str | None = None
                  ) -> tuple[list[tuple[Path, str]], list[PackageError]]:
    """A package (folder with course.yaml) or a folder of packages → [(path, display)]."""
    display = display or str(path)
    if not path.is_dir():
        return [], [PackageError(display, 0, "not a folder")]
    if (path / "course.yaml").is_file():
        return [(path, display)], []
    found = [(entry, f"{display}/{entry.name}") for entry in sorted(path.iterdir())
             if entry.is_dir() and visible(entry) and (entry / "course.yaml").is_file()]
    if not found:
        return [], [PackageError(display, 0, "no course package here (no course.yaml in this "
                                             "folder or its sub-folders)")]
    return found, []
