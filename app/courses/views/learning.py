"""Learners' pages: catalogue, course page, lessons, progress, "My learning", media files.

GET requests here read only: progress and "where to resume" are computed on read; the
POSTs (start, mark a lesson done or undone) record activity and progress.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.courses import bp, progress, queries, reading, services, structure
from app.courses import media as course_media
from app.courses.content import is_media_name, with_media_urls
from app.courses.models import LEVELS, Course
from app.courses.people import course_people
from app.courses.permissions import can_edit_course, can_study
from app.courses.views.loaders import (
    course_or_404,
    item_url,
    media_prefix,
    shaped_course_or_404,
)
from app.extensions import db
from app.files.views import send_stored_file


@bp.route("/")
def index():
    args = request.args
    page = queries.search_catalogue(q=args.get("q", ""), topic=args.get("topic", ""),
                                     language=args.get("language", ""),
                                     level=args.get("level", ""),
                                     page=args.get("page", 1, type=int))
    reader = current_user.language if current_user.is_authenticated else str(get_locale())
    return render_template("courses/index.html", page=page, args=args, levels=LEVELS,
                           languages=queries.catalogue_languages(), reader_language=reader,
                           load_cards=lambda: queries.catalogue_courses(
                               [c.id for c in page.items]))


@bp.route("/my")
@login_required
def my_learning():
    in_progress, completed = progress.my_learning(current_user)
    titles = structure.titles_for({entry.progress.course: reading.reading_language(
        entry.progress.course) for entry in in_progress + completed})
    return render_template("courses/my_learning.html", in_progress=in_progress,
                           completed=completed, titles=titles)


@bp.route("/<slug>/")
def detail(slug: str):
    # The row and the structure cached per revision (the outline, topics, prerequisites);
    # the authors and resource persons from the database (their names are theirs).
    course = shaped_course_or_404(slug)
    can_edit = can_edit_course(current_user, course)
    people = course_people(course.id)
    # Experts who have not consented to be listed are shown to the course's editors only.
    persons = [e for e in people.resource_persons if e.listed_publicly or can_edit]
    missing = progress.missing_prerequisites(current_user, course)
    studying = can_study(current_user, course)
    mine = progress.progress_for(current_user, course)
    titles = structure.titles_of(course, reading.reading_language(course))
    return render_template("courses/detail.html", course=course, titles=titles, progress=mine,
                           missing=missing, opened_by=_opened_by(course, missing),
                           can_study=studying, started=_started(course, mine, studying),
                           can_edit=can_edit, authors=people.authors, resource_persons=persons)


def _started(course, mine: progress.CourseProgress, studying: bool) -> bool:
    """Whether the page offers "Continue" rather than "Start the course": a learner who has
    done part of it has started it (no query for them)."""
    if not studying or mine.is_complete or mine.done:
        return bool(mine.done)
    return progress.has_started(current_user, course)


@bp.route("/<slug>/start", methods=["POST"])
@login_required
def start(slug: str):
    course = course_or_404(slug)
    if not can_study(current_user, course):
        return _blocked(course)
    progress.record_activity(current_user, course)
    item = progress.progress_for(current_user, course).next_item or next(
        iter(progress.items_of(course)), None)
    return redirect(item_url(item) if item else url_for("courses.detail", slug=course.slug))


def _opened_by(course: Course, missing: list[Course]) -> list:
    """The learner's workshops that open `course` despite the `missing` prerequisites."""
    if not missing or not current_user.is_authenticated:
        return []
    from app.workshops.services import workshops_opening  # workshops build on courses

    return workshops_opening(current_user, course)


def _blocked(course: Course):
    missing = progress.missing_prerequisites(current_user, course)
    if missing:
        flash(_("Complete %(courses)s before you start this course.",
                courses=", ".join(services.course_title(c, reading.reading_language(course))
                                    for c in missing)), "warning")
    else:
        flash(_("This course is closed."), "warning")
    return redirect(url_for("courses.detail", slug=course.slug))


def _lesson_position(course: Course, item_id: int):
    """(items of the course, index of the lesson `item_id` among them); 404 if none."""
    items = progress.items_of(course)
    index = next((i for i, item in enumerate(items) if item.id == item_id), None)
    if index is None or items[index].lesson is None:
        abort(404)
    return items, index


@bp.route("/<slug>/lessons/<int:item_id>")
@login_required
def lesson(slug: str, item_id: int):
    course = shaped_course_or_404(slug)  # the course's structure, cached per revision
    if not can_study(current_user, course):
        return _blocked(course)
    items, index = _lesson_position(course, item_id)
    item = items[index]
    missing = progress.missing_prerequisites(current_user, course)
    language = reading.reading_language(course)
    text = structure.lesson_text(course, item.lesson, language)
    titles = structure.titles_of(course, language)  # outline, pager, breadcrumb
    return render_template(
        "courses/lesson.html", course=course, item=item, lesson=item.lesson,
        missing=missing, opened_by=_opened_by(course, missing), can_study=True,
        title=text.title, translation=text if text.is_translation else None,
        language=language, shown_language=text.language,
        module_title=titles.module(item.module), course_title=titles.course(course),
        titles=titles,
        read_in=reading.language_links(course, language),
        body=with_media_urls(text.body_html, media_prefix(course)),
        progress=progress.progress_for(current_user, course),
        previous=items[index - 1] if index > 0 else None,
        next=items[index + 1] if index + 1 < len(items) else None,
        can_edit=can_edit_course(current_user, course))


@bp.route("/<slug>/lessons/<int:item_id>/<any(done, undone):state>", methods=["POST"])
@login_required
def mark_lesson(slug: str, item_id: int, state: str):
    course = course_or_404(slug)
    if not can_study(current_user, course):
        return _blocked(course)
    items, index = _lesson_position(course, item_id)
    # The user itself, not the request's proxy: signal receivers may keep it.
    learner = current_user._get_current_object()
    progress.set_lesson_done(learner, items[index].lesson, course, state == "done")
    if state == "undone":
        return redirect(item_url(items[index]))
    after = progress.progress_for(current_user, course)
    if after.is_complete:
        flash(_("You have completed every part of this course."), "success")
        return redirect(url_for("courses.detail", slug=course.slug))
    following = items[index + 1] if index + 1 < len(items) else after.next_item
    flash(_("Marked as done."), "success")
    return redirect(item_url(following))


@bp.route("/<int:course_id>/media/<name>")
@login_required
def media(course_id: int, name: str):
    """A course's media follow its lessons' access: signed in, and allowed to study the course
    (or to edit it). Published media were downloadable without signing in."""
    course = db.session.get(Course, course_id)
    if course is None or not is_media_name(name) or not (
            can_edit_course(current_user, course) or can_study(current_user, course)):
        abort(404)
    found = course_media.get_media(course, name)
    if found is None:
        abort(404)
    return send_stored_file(found.stored_file, private=True)
