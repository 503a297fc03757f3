"""Checks that need the database, and loading checked packages into it.

A course is matched by slug (created or updated), its modules by folder slug and its lessons
by file slug within their module, so that re-importing a package keeps learners' progress on
the lessons that are still there.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from sqlalchemy import func, select

from app.courses import media as course_media
from app.courses import services
from app.courses.items import PackageError
from app.courses.models import (
    DRAFT,
    LESSON,
    PUBLISHED,
    Course,
    CoursePrerequisite,
    Lesson,
    Module,
)
from app.courses.packages.reader import CoursePackage, ModuleDir
from app.experts.models import Expert
from app.extensions import db


def experts_by_name(names: Sequence[str]) -> dict[str, list[Expert]]:
    """Directory entries (not archived) by lower-cased name."""
    lowered = {name.strip().lower() for name in names}
    if not lowered:
        return {}
    found: dict[str, list[Expert]] = {}
    for expert in db.session.scalars(select(Expert).where(
            func.lower(Expert.name).in_(lowered), ~Expert.archived).order_by(Expert.id)):
        found.setdefault(expert.name.strip().lower(), []).append(expert)
    return found


def check_against_database(packages: list[CoursePackage], user=None) -> list[PackageError]:
    """Prerequisites exist and make no circle; resource persons are in the expert
    directory; `user` (if given) may update the courses that already exist."""
    from app.courses.permissions import can_edit_course

    errors: list[PackageError] = []
    batch: dict[str, CoursePackage] = {}
    for pkg in packages:
        if pkg.slug in batch:
            errors.append(PackageError(pkg.course_yaml, pkg.doc.line("slug"),
                                       f"slug '{pkg.slug}' is also used by "
                                       f"{batch[pkg.slug].course_yaml}"))
        batch.setdefault(pkg.slug, pkg)
    wanted = {slug for pkg in packages for slug in pkg.prerequisites} | set(batch)
    existing = {c.slug: c for c in db.session.scalars(select(Course).where(
        Course.slug.in_(wanted)))}
    for pkg in packages:
        for index, slug in enumerate(pkg.prerequisites):
            if slug not in batch and slug not in existing:
                errors.append(PackageError(pkg.course_yaml, pkg.doc.item_line("prerequisites",
                                                                              index),
                                           f"prerequisite '{slug}' is not a course here nor "
                                           "in this import"))
        course = existing.get(pkg.slug)
        if user is not None and course is not None and not can_edit_course(user, course):
            errors.append(PackageError(pkg.course_yaml, pkg.doc.line("slug"),
                                       f"a course '{pkg.slug}' already exists and you are "
                                       "not one of its authors"))
    errors += _check_circles(packages, batch)
    experts = experts_by_name([n for pkg in packages for n in pkg.resource_persons])
    for pkg in packages:
        for index, name in enumerate(pkg.resource_persons):
            matches = experts.get(name.strip().lower(), [])
            line = pkg.doc.item_line("resource_persons", index)
            if not matches:
                errors.append(PackageError(pkg.course_yaml, line,
                                           f"no expert named '{name}' in the expert directory"))
            elif len(matches) > 1:
                errors.append(PackageError(pkg.course_yaml, line,
                                           f"{len(matches)} experts are named '{name}'; "
                                           "make the names in the directory distinct"))
    return errors


def _check_circles(packages: list[CoursePackage], batch: dict) -> list[PackageError]:
    edges: dict[str, list[str]] = {}
    rows = db.session.execute(
        select(Course.slug, CoursePrerequisite.required_course_id)
        .join(CoursePrerequisite, CoursePrerequisite.course_id == Course.id))
    slugs = {row.id: row.slug for row in db.session.execute(select(Course.id, Course.slug))}
    for slug, required_id in rows:
        if slug not in batch:
            edges.setdefault(slug, []).append(slugs[required_id])
    for pkg in packages:
        edges[pkg.slug] = list(pkg.prerequisites)
    errors = []
    for pkg in packages:
        seen, stack = set(), list(pkg.prerequisites)
        while stack:
            slug = stack.pop()
            if slug == pkg.slug:
                errors.append(PackageError(pkg.course_yaml, pkg.doc.line("prerequisites"),
                                           "the prerequisites make a circle: one of them "
                                           "requires this course"))
                break
            if slug not in seen:
                seen.add(slug)
                stack.extend(edges.get(slug, []))
    return errors


# Loading ----------------------------------------------------------------------------------

def load_packages(packages: list[CoursePackage], *, author=None, publish: bool = False,
                  actor=None, progress=None) -> list[Course]:
    """Create or update the courses of checked packages (flush only; the caller commits)."""
    courses = {}
    for pkg in packages:
        courses[pkg.slug] = _load_course(pkg, author=author, publish=publish)
        if progress is not None:
            progress(pkg)
    db.session.flush()
    for pkg in packages:
        course = courses[pkg.slug]
        required = [courses.get(slug) or services.get_course(slug) for slug in pkg.prerequisites]
        services.set_prerequisites(course, required)
        if publish and course.status == DRAFT and any(m.items for m in course.modules):
            services.set_status(course, PUBLISHED, actor=actor)
    db.session.flush()
    from app.auth.audit import record_audit

    for course in courses.values():
        record_audit("course.import", actor=actor, target=course.slug)
    return list(courses.values())


def _load_course(pkg: CoursePackage, *, author, publish: bool) -> Course:
    course = services.get_course(pkg.slug, outline=False)
    experts = experts_by_name(pkg.resource_persons)
    persons = [experts[name.strip().lower()][0] for name in pkg.resource_persons]
    if course is None:
        course = services.create_course(author, title=pkg.title, slug=pkg.slug,
                                        summary=pkg.summary, language=pkg.language,
                                        level=pkg.level, hours=pkg.hours, topics=pkg.topics,
                                        experts=persons)
    else:
        course.title, course.summary = pkg.title, pkg.summary
        course.language, course.level, course.hours = pkg.language, pkg.level, pkg.hours
        services.set_topics(course, pkg.topics)
        services.set_resource_persons(course, persons)
        if author is not None and not course.author_links:
            from app.courses.models import CourseAuthor

            course.author_links.append(CourseAuthor(user=author))
        services.touch(course)
    services.set_languages(course, pkg.other_languages)
    for code, texts in pkg.translations.items():
        services.set_course_translation(course, code, title=texts.title, summary=texts.summary)
    _load_media(course, pkg)
    _load_modules(course, pkg)
    return course


def _load_media(course: Course, pkg: CoursePackage) -> None:
    wanted = {media.name: media for media in pkg.media}
    for existing in list(course.media):
        if existing.name not in wanted:
            course_media.delete_media(existing)
    current = {m.name: m for m in course.media}
    for name, media in wanted.items():
        data = media.path.read_bytes()
        have = current.get(name)
        if have is not None and have.stored_file.sha256 == hashlib.sha256(data).hexdigest():
            continue
        course_media.add_media(course, filename=name, data=data, name=name, replace=True)


def _load_modules(course: Course, pkg: CoursePackage) -> None:
    existing = {module.slug: module for module in course.modules}
    modules = []
    for position, module_dir in enumerate(pkg.modules, start=1):
        module = existing.pop(module_dir.slug, None)
        if module is None:
            module = Module(slug=module_dir.slug, title=module_dir.title)
        module.title, module.summary, module.position = (module_dir.title, module_dir.summary,
                                                         position)
        modules.append(module)
    course.modules = modules
    db.session.flush()
    for module, module_dir in zip(modules, pkg.modules, strict=True):
        for row in list(module.translations):
            if row.language not in module_dir.translations:
                module.translations.remove(row)
        for code, texts in module_dir.translations.items():
            services.set_module_translation(module, code, title=texts.title,
                                            summary=texts.summary, quiz_title=texts.quiz_title)
        _load_items(module, module_dir, pkg.other_languages)


def _load_items(module: Module, module_dir: ModuleDir, languages: list[str]) -> None:
    lessons = {item.lesson.slug: item for item in module.items if item.lesson is not None}
    others: dict[str, list] = {}
    for item in module.items:
        if item.lesson is None:
            others.setdefault(item.kind, []).append(item)
    items = []
    for lesson_file in module_dir.lessons:
        item = lessons.pop(lesson_file.slug, None)
        if item is None:
            item = services.new_item(module, LESSON, lesson_file.title)
            item.lesson = Lesson(slug=lesson_file.slug, title=lesson_file.title, body="",
                                 body_html="", revision=0)
        lesson = item.lesson
        if lesson.title != lesson_file.title and lesson.revision:
            lesson.revision += 1
        item.title = lesson.title = lesson_file.title
        lesson.minutes = lesson_file.minutes
        services.set_lesson_body(lesson, lesson_file.body)
        for row in list(lesson.translations):
            if row.language not in lesson_file.translations:
                lesson.translations.remove(row)
        for code, translated in lesson_file.translations.items():
            services.set_lesson_translation(lesson, code, title=translated.title,
                                            body=translated.body, keep_revision=True)
        items.append(item)
    pending = []
    for kind_block in module_dir.blocks:
        kind = kind_block.kind
        reuse = others.get(kind.name, [])
        item = reuse.pop(0) if reuse else services.new_item(module, kind.name,
                                                             _block_title(kind_block))
        item.title = _block_title(kind_block) or item.title
        items.append(item)
        pending.append((item, kind_block))
    for position, item in enumerate(items, start=1):
        item.position = position
    module.items = items
    db.session.flush()
    for item, kind_block in pending:
        kind_block.kind.load_package(item, module_dir.path, kind_block.block)
        kind_block.kind.load_translations(item, module_dir.path, kind_block.block, languages)
    db.session.flush()


def _block_title(kind_block) -> str:
    block = kind_block.block
    title = block.get("title") if isinstance(block, dict) else None
    return title.strip() if isinstance(title, str) and title.strip() else \
        str(kind_block.kind.label)
