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


def course_yaml(course: Course) -> str:
    return "".join([
        f"slug: {course.slug}\n",
        y.string_line("title", course.title),
        y.folded("summary", course.summary),
        f"language: {course.language}\n",
        f"level: {course.level}\n",
        f"hours: {y.number(course.hours)}\n",
        y.plain_list("topics", course.topics),
        y.plain_list("prerequisites", [c.slug for c in course.prerequisites]),
        y.quoted_list("resource_persons", [e.name for e in course.resource_persons]),
    ])


def module_yaml(module: Module, module_dir: Path) -> str:
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
    return "".join(parts)


def lesson_text(lesson) -> str:
    body = lesson.body.rstrip()
    return (f"---\n{y.string_line('title', lesson.title)}minutes: {lesson.minutes}\n---\n"
            + (f"{body}\n" if body else ""))


def write_package(course: Course, folder: Path) -> None:
    """Write `course` into `folder` (which must be empty or not exist yet)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "course.yaml").write_text(course_yaml(course), encoding="utf-8", newline="\n")
    modules = list(course.modules)
    for number, module in enumerate(modules, start=1):
        module_dir = folder / "modules" / _numbered(number, module.slug, len(modules))
        module_dir.mkdir(parents=True)
        lessons = [item.lesson for item in module.items if item.lesson is not None]
        for lesson_number, lesson in enumerate(lessons, start=1):
            name = _numbered(lesson_number, lesson.slug, len(lessons)) + ".md"
            (module_dir / name).write_text(lesson_text(lesson), encoding="utf-8", newline="\n")
        (module_dir / "module.yaml").write_text(module_yaml(module, module_dir),
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
