"""Writing a course as a package, in one stable layout (export → import → export is
byte-identical)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from app.courses.items import ITEM_KINDS
from app.courses.models import Course, Module
from app.courses.packages import yamltext as y


def _numbered(number: int, slug: str, total: int) -> str:
    return f"{number:0{max(2, len(str(total)))}d}-{slug}"


def _translations(rows, keys: tuple[str, ...]) -> str:
    """The `translations:` block: per language, its non-empty texts."""
    out = []
    for row in rows:
        texts = [(key, getattr(row, key)) for key in keys if getattr(row, key)]
        if texts:
            out.append(f"  {row.language}:\n")
            for key, value in texts:
                text = y.folded(key, value, width=84) if key == "summary" else \
                    y.string_line(key, value)
                out.extend(f"    {line}\n" for line in text.rstrip("\n").split("\n"))
    return "translations:\n" + "".join(out) if out else ""


def course_yaml(course: Course) -> str:
    languages = [course.language] + [t.language for t in course.translations]
    return "".join([
        f"slug: {course.slug}\n",
        y.string_line("title", course.title),
        y.folded("summary", course.summary),
        f"language: {course.language}\n",
        y.plain_list("languages", languages) if len(languages) > 1 else "",
        f"level: {course.level}\n",
        f"hours: {y.number(course.hours)}\n",
        y.plain_list("topics", course.topics),
        y.plain_list("prerequisites", [c.slug for c in course.prerequisites]),
        y.quoted_list("resource_persons", [e.name for e in course.resource_persons]),
        _translations(course.translations, ("title", "summary")),
    ])


def module_yaml(module: Module, module_dir: Path, languages: list[str] | None = None) -> str:
    parts = [y.string_line("title", module.title), y.folded("summary", module.summary)]
    dumped: set[str] = set()
    for item in module.items:
        kind = ITEM_KINDS.get(item.kind)
        if kind is None or not kind.package_key:
            continue
        if kind.package_key in dumped:
            continue  # the format holds one block per kind and module
        dumped.add(kind.package_key)
        parts.append(y.block(kind.package_key, kind.dump_package(item, module_dir)))
        kind.dump_translations(item, module_dir, languages or [])
    wanted = set(languages or [])
    parts.append(_translations([t for t in module.translations if t.language in wanted],
                               ("title", "summary", "quiz_title")))
    return "".join(parts)


def lesson_text(lesson, translation=None) -> str:
    """The lesson file (or, with `translation`, its NN-slug.<lang>.md: the translated title
    and body, the source's minutes)."""
    title = translation.title if translation is not None else lesson.title
    body = (translation.body if translation is not None else lesson.body).rstrip()
    return (f"---\n{y.string_line('title', title)}minutes: {lesson.minutes}\n---\n"
            + (f"{body}\n" if body else ""))


def write_package(course: Course, folder: Path) -> None:
    """Write `course` into `folder` (which must be empty or not exist yet)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "course.yaml").write_text(course_yaml(course), encoding="utf-8", newline="\n")
    modules = list(course.modules)
    languages = [t.language for t in course.translations]
    for number, module in enumerate(modules, start=1):
        module_dir = folder / "modules" / _numbered(number, module.slug, len(modules))
        module_dir.mkdir(parents=True)
        lessons = [item.lesson for item in module.items if item.lesson is not None]
        for lesson_number, lesson in enumerate(lessons, start=1):
            name = _numbered(lesson_number, lesson.slug, len(lessons)) + ".md"
            stem = _numbered(lesson_number, lesson.slug, len(lessons))
            (module_dir / name).write_text(lesson_text(lesson), encoding="utf-8", newline="\n")
            for row in lesson.translations:
                if row.language in languages:
                    (module_dir / f"{stem}.{row.language}.md").write_text(
                        lesson_text(lesson, row), encoding="utf-8", newline="\n")
        (module_dir / "module.yaml").write_text(module_yaml(module, module_dir, languages),
                                                encoding="utf-8", newline="\n")
    if course.media:
        (folder / "media").mkdir()
        for media in course.media:
            (folder / "media" / media.name).write_bytes(media.stored_file.data)


# Zip archives ------------------------------------------------------------------------------

ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def zip_folder(folder: Path, root_name: str) -> bytes:
    """The files under `folder` as a zip whose entries start with `root_name/` (stable
    order and dates, so the same course gives the same archive)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(f"{root_name}/{path.relative_to(folder).as_posix()}",
                                   date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes())
    return buffer.getvalue()
