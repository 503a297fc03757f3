"""A course's media folder: images and attachments that lessons refer to as media/<name>."""

from __future__ import annotations

import re

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.auth.models import User
from app.courses.content import is_media_name, media_references
from app.courses.models import Course, CourseMedia, Lesson, Module, ModuleItem
from app.courses.services import CourseError, slugify, touch
from app.extensions import db
from app.files.services import store_bytes

MEDIA_KINDS = {"image", "document"}


def missing_media(course: Course, body: str) -> list[str]:
    names = {m.name for m in course.media}
    return sorted({name for _line, name in media_references(body) if name not in names})


def media_name(filename: str) -> str:
    stem, dot, ext = (filename or "").rpartition(".")
    if not dot:
        stem, ext = ext, ""
    stem = slugify(stem, "file")
    ext = re.sub(r"[^a-z0-9]", "", ext.lower())
    return f"{stem}.{ext}" if ext else stem


def get_media(course: Course, name: str) -> CourseMedia | None:
    return db.session.scalar(select(CourseMedia).where(CourseMedia.course_id == course.id,
                                                       CourseMedia.name == name)
                             .options(selectinload(CourseMedia.stored_file)))


def add_media(course: Course, *, filename: str, data: bytes, name: str = "",
              user: User | None = None, replace: bool = False) -> CourseMedia:
    """Store a file in the course's media folder (raises UploadRejected or CourseError)."""
    name = (name or "").strip() or media_name(filename)
    if not is_media_name(name):
        raise CourseError(_("Use letters, digits, dots, hyphens and underscores only."), "name")
    existing = next((m for m in course.media if m.name == name), None)
    if existing is not None and not replace:
        raise CourseError(_("There is already a file called %(name)s.", name=name), "name")
    # The stored file keeps the media name, so its extension is the one checked.
    ext = filename.rpartition(".")[2].lower() if "." in filename else ""
    if "." not in name or name.rpartition(".")[2].lower() != ext:
        raise CourseError(_("The name must end in .%(ext)s like the file.", ext=ext or "?"),
                          "name")
    stored = store_bytes(name, data, kinds=MEDIA_KINDS, uploaded_by=user)
    if existing is not None:
        old = existing.stored_file
        existing.stored_file = stored
        db.session.flush()
        db.session.delete(old)
        media = existing
    else:
        media = CourseMedia(name=name, stored_file=stored)
        course.media.append(media)
    touch(course)
    db.session.flush()
    return media


def delete_media(media: CourseMedia) -> None:
    stored = media.stored_file
    course = media.course
    course.media.remove(media)
    db.session.flush()
    db.session.delete(stored)
    touch(course)
    db.session.flush()


def media_usage(course: Course) -> dict[str, list[Lesson]]:
    """Which lessons refer to each media file (loads the lesson bodies: authoring only)."""
    usage: dict[str, list[Lesson]] = {}
    lessons = db.session.scalars(select(Lesson).join(ModuleItem).join(Module)
                                 .where(Module.course_id == course.id))
    for lesson in lessons:
        for name in {name for _line, name in media_references(lesson.body)}:
            usage.setdefault(name, []).append(lesson)
    return usage
