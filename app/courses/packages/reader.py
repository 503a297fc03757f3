"""Reading and checking course packages (the format is described in courses/README.md).

`read_package` checks one folder on its own (files, YAML, front matter, media, each item
kind's block); `check_against_database` adds what needs the database (prerequisites,
resource persons, who may update an existing course). Every problem is a PackageError
naming the file and the line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.courses.content import foreign_images, is_media_name, media_references
from app.courses.items import ItemKind, PackageError, package_kinds
from app.courses.models import LEVELS
from app.courses.packages.yamltext import YamlDoc, load_mapping
from app.courses.services.outline import LEADING_BLANK_LINES_RE, normalise_body
from app.courses.services.slugs import RESERVED_SLUGS, SLUG_RE
from app.courses.topics import TOPICS
from app.reference import LANGUAGES

MODULE_DIR_RE = re.compile(r"^(\d{2,3})-([a-z0-9]+(?:-[a-z0-9]+)*)$")
LESSON_FILE_RE = re.compile(r"^(\d{2,3})-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$")
# NN-slug.<lang>.md: the translation of NN-slug.md into <lang>.
LESSON_TRANSLATION_RE = re.compile(r"^(\d{2,3})-([a-z0-9]+(?:-[a-z0-9]+)*)\.([a-z]{2,3})\.md$")
COURSE_KEYS = ("slug", "title", "summary", "language", "languages", "level", "hours", "topics",
               "prerequisites", "resource_persons", "translations")
COURSE_TRANSLATION_KEYS = ("title", "summary")
MODULE_KEYS = ("title", "summary", "translations")
MODULE_TRANSLATION_KEYS = ("title", "summary", "quiz_title")
LESSON_KEYS = ("title", "minutes")
# The editor's limit on a lesson's text (LessonForm.body), the same for packages.
LESSON_MAX_CHARS = 200_000
# Any text file of a package (YAML, lesson, GIFT), refused before it is read: a lesson at the
# limit in a 4-byte script, with its front matter.
TEXT_MAX_BYTES = 1024 * 1024


@dataclass
class TextTranslation:
    """Translated texts of course.yaml or module.yaml for one language."""

    title: str = ""
    summary: str = ""
    quiz_title: str = ""


@dataclass
class LessonFile:
    display: str
    number: int
    slug: str
    title: str
    minutes: int
    body: str
    # language → the translation (NN-slug.<lang>.md): title and body are translated
    translations: dict[str, LessonFile] = field(default_factory=dict)


@dataclass
class KindBlock:
    kind: ItemKind
    block: Any
    line: int


@dataclass
class ModuleDir:
    path: Path
    display: str
    number: int
    slug: str
    title: str
    summary: str
    lessons: list[LessonFile] = field(default_factory=list)
    blocks: list[KindBlock] = field(default_factory=list)
    translations: dict[str, TextTranslation] = field(default_factory=dict)


@dataclass
class MediaFile:
    path: Path
    display: str
    name: str


@dataclass
class CoursePackage:
    path: Path
    display: str
    doc: YamlDoc
    slug: str = ""
    title: str = ""
    summary: str = ""
    language: str = "en"
    level: str = "introductory"
    hours: float = 0
    topics: list[str] = field(default_factory=list)
    prerequisites: list[str] = field(default_factory=list)
    resource_persons: list[str] = field(default_factory=list)
    modules: list[ModuleDir] = field(default_factory=list)
    media: list[MediaFile] = field(default_factory=list)
    # The languages besides `language` (course.yaml's `languages:` after the source) and
    # their translated title and summary.
    translations: dict[str, TextTranslation] = field(default_factory=dict)

    @property
    def other_languages(self) -> list[str]:
        return list(self.translations)

    @property
    def course_yaml(self) -> str:
        return f"{self.display}/course.yaml"


def _visible(path: Path) -> bool:
    return not path.name.startswith(".") and path.name != "__MACOSX"


def read_text(path: Path, display: str) -> tuple[str | None, list[PackageError]]:
    """A UTF-8 text file with LF line endings (CRLF accepted and converted).

    Refused unread above TEXT_MAX_BYTES (a 60 MB lesson was served as a 58 MB page)."""
    if path.stat().st_size > TEXT_MAX_BYTES:
        return None, [PackageError(display, 0, "the file is larger than "
                                               f"{TEXT_MAX_BYTES // 1024} KB")]
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        return None, [PackageError(display, line, "not UTF-8 text")]
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


def _text(doc: YamlDoc, key: str, file: str, errors: list, *, required: bool = False) -> str:
    value = doc.data.get(key)
    if value is None:
        if required:
            errors.append(PackageError(file, doc.line(key) if key in doc.key_lines else 1,
                                       f"'{key}' is missing"))
        return ""
    if not isinstance(value, str):
        errors.append(PackageError(file, doc.line(key),
                                   f"'{key}' must be text (put it in double quotes)"))
        return ""
    if required and not value.strip():
        errors.append(PackageError(file, doc.line(key), f"'{key}' is empty"))
    return value.strip()


def _list(doc: YamlDoc, key: str, file: str, errors: list) -> list[str]:
    value = doc.data.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        errors.append(PackageError(file, doc.line(key), f"'{key}' must be a list like [a, b]"))
        return []
    result = []
    for index, entry in enumerate(value):
        if not isinstance(entry, str) or not entry.strip():
            errors.append(PackageError(file, doc.item_line(key, index),
                                       f"each entry of '{key}' must be text"))
        else:
            result.append(entry.strip())
    if len(set(result)) != len(result):
        errors.append(PackageError(file, doc.line(key), f"'{key}' lists an entry twice"))
    return result


def _unknown_keys(doc: YamlDoc, allowed, file: str, errors: list, what: str) -> None:
    for key in doc.data:
        if key not in allowed:
            errors.append(PackageError(
                file, doc.line(key),
                f"unknown key '{key}' in {what} (allowed: {', '.join(allowed)})"))


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
    _unknown_keys(doc, COURSE_KEYS, file, errors, "course.yaml")
    pkg.slug = _text(doc, "slug", file, errors, required=True)
    if pkg.slug and (not SLUG_RE.match(pkg.slug) or pkg.slug in RESERVED_SLUGS):
        errors.append(PackageError(file, doc.line("slug"),
                                   "'slug' must use a-z, 0-9 and hyphens (e.g. my-course)"
                                   if not SLUG_RE.match(pkg.slug) else
                                   f"'{pkg.slug}' is reserved; choose another slug"))
    elif pkg.slug and folder_is_slug and pkg.slug != path.resolve().name:
        errors.append(PackageError(file, doc.line("slug"), f"'slug' ({pkg.slug}) must be the "
                                                           f"folder name ({path.resolve().name})"))
    pkg.title = _text(doc, "title", file, errors, required=True)
    pkg.summary = _text(doc, "summary", file, errors)
    pkg.language = _text(doc, "language", file, errors, required=True)
    if pkg.language and pkg.language not in LANGUAGES:
        errors.append(PackageError(file, doc.line("language"),
                                   f"unknown language '{pkg.language}' (use one of: "
                                   f"{', '.join(LANGUAGES)})"))
    pkg.level = _text(doc, "level", file, errors, required=True)
    if pkg.level and pkg.level not in LEVELS:
        errors.append(PackageError(file, doc.line("level"),
                                   f"'level' must be one of: {', '.join(LEVELS)}"))
    hours = doc.data.get("hours", 0)
    if isinstance(hours, bool) or not isinstance(hours, int | float) or not 0 <= hours <= 1000:
        errors.append(PackageError(file, doc.line("hours"),
                                   "'hours' must be a number between 0 and 1000"))
    else:
        pkg.hours = float(hours)
    pkg.topics = _list(doc, "topics", file, errors)
    for index, topic in enumerate(pkg.topics):
        if topic not in TOPICS:
            errors.append(PackageError(file, doc.item_line("topics", index),
                                       f"unknown topic '{topic}' (use one of: "
                                       f"{', '.join(TOPICS)})"))
    pkg.prerequisites = _list(doc, "prerequisites", file, errors)
    for index, slug in enumerate(pkg.prerequisites):
        if slug == pkg.slug:
            errors.append(PackageError(file, doc.item_line("prerequisites", index),
                                       "a course cannot be its own prerequisite"))
    pkg.resource_persons = _list(doc, "resource_persons", file, errors)
    _read_languages(pkg, errors)


def _language_error(code: str) -> str:
    return f"unknown language '{code}' (use one of: {', '.join(LANGUAGES)})"


def _read_languages(pkg: CoursePackage, errors: list[PackageError]) -> None:
    """`languages: [en, ko]` (the source first) and `translations: {ko: {title, summary}}`."""
    doc, file = pkg.doc, pkg.course_yaml
    languages = _list(doc, "languages", file, errors)
    if languages and pkg.language and languages[0] != pkg.language:
        errors.append(PackageError(file, doc.line("languages"),
                                   f"'languages' starts with the course's language "
                                   f"({pkg.language})"))
    others = []
    for index, code in enumerate(languages):
        if code not in LANGUAGES:
            errors.append(PackageError(file, doc.item_line("languages", index),
                                       _language_error(code)))
        elif code != pkg.language:
            others.append(code)
    texts = _translations(doc, file, errors, COURSE_TRANSLATION_KEYS, others, "course.yaml")
    pkg.translations = {code: texts.get(code, TextTranslation()) for code in others}


def _translations(doc: YamlDoc, file: str, errors: list, keys: tuple, languages: list[str],
                  what: str) -> dict[str, TextTranslation]:
    """The `translations:` mapping of course.yaml or module.yaml."""
    value = doc.data.get("translations")
    if value is None:
        return {}
    line = doc.line("translations")
    if not isinstance(value, dict):
        errors.append(PackageError(file, line, "'translations' holds one block per language "
                                               "(ko: {title: ..., summary: ...})"))
        return {}
    lines = _nested_lines(doc, file, "translations")
    found = {}
    for code, texts in value.items():
        at = lines.get((str(code),), line)
        if code not in LANGUAGES:
            errors.append(PackageError(file, at, _language_error(str(code))))
            continue
        if code not in languages:
            errors.append(PackageError(file, at, f"'{code}' is not in the course's "
                                                 "'languages' (course.yaml)"))
            continue
        if not isinstance(texts, dict):
            errors.append(PackageError(file, at, f"'translations: {code}' holds 'key: value' "
                                                 f"lines ({', '.join(keys)})"))
            continue
        entry = TextTranslation()
        for key, text in texts.items():
            key_at = lines.get((str(code), str(key)), at)
            if key not in keys:
                errors.append(PackageError(file, key_at, f"unknown key '{key}' in the "
                                                         f"translations of {what} (allowed: "
                                                         f"{', '.join(keys)})"))
            elif not isinstance(text, str):
                errors.append(PackageError(file, key_at, f"'{key}' must be text (put it in "
                                                         "double quotes)"))
            else:
                setattr(entry, key, text.strip())
        found[str(code)] = entry
    return found


def _nested_lines(doc: YamlDoc, file: str, key: str) -> dict[tuple, int]:
    """Lines of the keys inside the top-level mapping `key`: {(lang,): n, (lang, k): n}."""
    import yaml

    try:
        node = yaml.compose(doc.text) if doc.text else None
    except yaml.YAMLError:
        return {}
    lines: dict[tuple, int] = {}
    if not isinstance(node, yaml.MappingNode):
        return lines
    for key_node, value_node in node.value:
        if getattr(key_node, "value", None) != key or not isinstance(value_node,
                                                                      yaml.MappingNode):
            continue
        for lang_node, texts_node in value_node.value:
            lang = str(lang_node.value)
            lines[(lang,)] = lang_node.start_mark.line + 1 + doc.line_offset
            if isinstance(texts_node, yaml.MappingNode):
                for k, _v in texts_node.value:
                    lines[(lang, str(k.value))] = k.start_mark.line + 1 + doc.line_offset
    return lines


def _read_media(path: Path, display: str) -> tuple[list[MediaFile], list[PackageError]]:
    from flask import current_app

    from app.courses.media import MEDIA_KINDS
    from app.files.services import UploadRejected, inspect_bytes

    folder = path / "media"
    if not folder.exists():
        return [], []
    media, errors = [], []
    for entry in sorted(folder.iterdir()):
        if not _visible(entry):
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


def _numbered(entries, pattern, display: str, what: str, errors: list, suffix: str = ""):
    """Entries whose names match `pattern`, ordered by number; others are errors."""
    found, numbers, slugs = [], {}, {}
    for entry in entries:
        match = pattern.match(entry.name)
        if not match:
            errors.append(PackageError(
                f"{display}/{entry.name}", 0,
                f"not a {what} name (expected NN-slug{suffix} in lower case, e.g. "
                f"01-introduction{suffix})"))
            continue
        number = int(match.group(1))
        if number in numbers:
            errors.append(PackageError(f"{display}/{entry.name}", 0,
                                       f"number {match.group(1)} is also used by "
                                       f"{numbers[number]}"))
            continue
        if match.group(2) in slugs:
            errors.append(PackageError(f"{display}/{entry.name}", 0,
                                       f"the name '{match.group(2)}' is also used by "
                                       f"{slugs[match.group(2)]}"))
            continue
        numbers[number] = slugs[match.group(2)] = entry.name
        found.append((number, match.group(2), entry))
    return sorted(found, key=lambda t: t[0])


def _read_modules(path: Path, display: str, media_names: set[str], language: str = "",
                  languages: list[str] | None = None
                  ) -> tuple[list[ModuleDir], list[PackageError]]:
    folder = path / "modules"
    if not folder.exists():
        return [], []
    errors: list[PackageError] = []
    entries = [e for e in sorted(folder.iterdir()) if _visible(e)]
    files = [e for e in entries if not e.is_dir()]
    for entry in files:
        errors.append(PackageError(f"{display}/modules/{entry.name}", 0,
                                   "modules/ holds module folders (NN-slug) only"))
    modules = []
    for number, slug, entry in _numbered([e for e in entries if e.is_dir()], MODULE_DIR_RE,
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
    _unknown_keys(doc, MODULE_KEYS + tuple(kinds_by_key), file, errors, "module.yaml")
    module = ModuleDir(path=path, display=display, number=number, slug=slug,
                       title=_text(doc, "title", file, errors, required=True),
                       summary=_text(doc, "summary", file, errors))
    module.translations = _translations(doc, file, errors, MODULE_TRANSLATION_KEYS, languages,
                                        "module.yaml")
    for key, value in doc.data.items():
        kind = kinds_by_key.get(key)
        if kind is not None:
            errors += kind.check_package(path, value, file, doc.line(key))
            errors += kind.check_translations(path, value, file, language, languages)
            module.blocks.append(KindBlock(kind, value, doc.line(key)))
    md_files = [e for e in sorted(path.iterdir())
                if _visible(e) and e.is_file() and e.suffix.lower() == ".md"]
    translated = [e for e in md_files if LESSON_TRANSLATION_RE.match(e.name)]
    for number_, lesson_slug, entry in _numbered([e for e in md_files if e not in translated],
                                                 LESSON_FILE_RE, display, "lesson file",
                                                 errors, ".md"):
        lesson, lesson_errors = read_lesson(entry, f"{display}/{entry.name}", number_,
                                            lesson_slug, media_names)
        errors += lesson_errors
        if lesson is not None:
            module.lessons.append(lesson)
    errors += _read_lesson_translations(translated, display, module, media_names, language,
                                        languages)
    return module, errors


def _read_lesson_translations(entries: list[Path], display: str, module: ModuleDir,
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
            errors.append(PackageError(shown, 0, _language_error(code)))
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
            errors.append(PackageError(shown, _front_line(entry, "minutes"),
                                       f"'minutes' ({lesson.minutes}) must be the same as in "
                                       f"{source.display.rsplit('/', 1)[-1]} "
                                       f"({source.minutes})"))
        source.translations[code] = lesson
    return errors


def _front_line(path: Path, key: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8",
                                                 errors="replace").split("\n"), start=1):
        if line.startswith(f"{key}:"):
            return number
    return 1


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
    _unknown_keys(doc, LESSON_KEYS, display, errors, "the front matter")
    title = _text(doc, "title", display, errors, required=True)
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


def find_packages(path: Path, display: str | None = None
                  ) -> tuple[list[tuple[Path, str]], list[PackageError]]:
    """A package (folder with course.yaml) or a folder of packages → [(path, display)]."""
    display = display or str(path)
    if not path.is_dir():
        return [], [PackageError(display, 0, "not a folder")]
    if (path / "course.yaml").is_file():
        return [(path, display)], []
    found = [(entry, f"{display}/{entry.name}") for entry in sorted(path.iterdir())
             if entry.is_dir() and _visible(entry) and (entry / "course.yaml").is_file()]
    if not found:
        return [], [PackageError(display, 0, "no course package here (no course.yaml in this "
                                             "folder or its sub-folders)")]
    return found, []
