"""Trainers' pages: courses, modules, lessons, media, co-authors, publication, packages."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.auth.models import ORGANISER, TRAINER, User
from app.auth.permissions import role_required
from app.courses import bp, packages, queries, services
from app.courses import media as course_media
from app.courses.content import render_body, with_media_urls
from app.courses.forms import (
    AuthorForm,
    CourseForm,
    LessonForm,
    MediaForm,
    ModuleForm,
    PackageUploadForm,
)
from app.courses.models import Course, CourseMedia, Module
from app.courses.permissions import can_edit_course
from app.courses.topics import topic_choices
from app.courses.views import media_prefix
from app.experts.models import Expert
from app.extensions import db
from app.files.services import UploadRejected
from app.reference import language_choices

MOVES = {"up": -1, "down": 1}


def editable_course(slug: str, **load) -> Course:
    """The course at `slug` if the current user may edit it (404 if none, 403 if not).
    `load`: what to load up front (services.get_course); the outline by default."""
    load.setdefault("outline", True)
    course = services.get_course(slug, **load)
    if course is None:
        abort(404)
    if not can_edit_course(current_user, course):
        abort(403)
    return course


def _module(course: Course, module_id: int) -> Module:
    module = next((m for m in course.modules if m.id == module_id), None)
    if module is None:
        abort(404)
    return module


def _item(course: Course, item_id: int, kind: str | None = None):
    item = next((i for m in course.modules for i in m.items if i.id == item_id), None)
    if item is None or (kind and item.kind != kind):
        abort(404)
    return item


def _refuse(form, exc: services.CourseError) -> None:
    """Show a service's refusal next to its field (or as a message)."""
    field = getattr(form, exc.field, None) if exc.field else None
    if field is not None:
        field.errors = [*field.errors, exc.message]
    else:
        flash(exc.message, "error")


def _to_outline(course: Course, anchor: str = ""):
    return redirect(url_for("courses.authoring", slug=course.slug) + (f"#{anchor}" if anchor
                                                                       else ""))


# Courses -----------------------------------------------------------------------------------

@bp.route("/manage")
@role_required(TRAINER, ORGANISER)
def manage():
    return render_template("courses/manage.html",
                           courses=queries.editable_courses(current_user),
                           upload_form=PackageUploadForm())


def _course_form(course: Course | None = None) -> CourseForm:
    form = CourseForm(obj=course) if course else CourseForm(language="en",
                                                            level="introductory")
    form.language.choices = language_choices()
    form.topics.choices = topic_choices()
    form.prerequisites.choices = queries.course_choices(exclude=course)
    form.resource_persons.choices = queries.expert_choices()
    if course is not None and request.method == "GET":
        form.topics.data = course.topics
        form.prerequisites.data = [str(c.id) for c in course.prerequisites]
        form.resource_persons.data = [str(e.id) for e in course.resource_persons]
    return form


def _course_values(form: CourseForm) -> dict:
    prerequisite_ids = [int(v) for v in form.prerequisites.data or []]
    expert_ids = [int(v) for v in form.resource_persons.data or []]
    return {
        "title": form.title.data, "slug": form.slug.data or "", "summary": form.summary.data or "",
        "language": form.language.data, "level": form.level.data, "hours": form.hours.data,
        "topics": form.topics.data or [],
        "prerequisites": [db.session.get(Course, i) for i in prerequisite_ids],
        "experts": [db.session.get(Expert, i) for i in expert_ids]}


@bp.route("/new", methods=["GET", "POST"])
@role_required(TRAINER, ORGANISER)
def create():
    form = _course_form()
    if form.validate_on_submit():
        try:
            course = services.create_course(current_user, **_course_values(form))
        except services.CourseError as exc:
            _refuse(form, exc)
        else:
            flash(_("The course has been created as a draft. Add modules and lessons."),
                  "success")
            return _to_outline(course)
    return render_template("courses/course_form.html", form=form, course=None)


@bp.route("/<slug>/edit", methods=["GET", "POST"])
@login_required
def edit(slug: str):
    course = editable_course(slug, details=True)
    form = _course_form(course)
    if form.validate_on_submit():
        values = _course_values(form)
        values["slug"] = values["slug"] or course.slug
        try:
            services.update_course(course, **values)
        except services.CourseError as exc:
            _refuse(form, exc)
        else:
            flash(_("Saved."), "success")
            return _to_outline(course)
    return render_template("courses/course_form.html", form=form, course=course)


@bp.route("/<slug>/authoring")
@login_required
def authoring(slug: str):
    course = editable_course(slug, media=True)
    return render_template("courses/authoring.html", course=course)


@bp.route("/<slug>/status/<any(published, draft, archived):status>", methods=["POST"])
@login_required
def set_status(slug: str, status: str):
    course = editable_course(slug)
    try:
        services.set_status(course, status, actor=current_user)
    except services.CourseError as exc:
        flash(exc.message, "error")
    else:
        flash({"published": _("The course is published."),
               "draft": _("The course is a draft again: only its authors see it."),
               "archived": _("The course is archived.")}[status], "success")
    return _to_outline(course)


@bp.route("/<slug>/authors", methods=["GET", "POST"])
@login_required
def authors(slug: str):
    course = editable_course(slug, outline=False)
    form = AuthorForm()
    if form.validate_on_submit():
        try:
            user = services.add_author(course, form.email.data, actor=current_user)
        except services.CourseError as exc:
            _refuse(form, exc)
        else:
            flash(_("%(name)s is now an author of this course.", name=user.name), "success")
            return redirect(url_for("courses.authors", slug=course.slug))
    return render_template("courses/authors.html", course=course, form=form)


@bp.route("/<slug>/authors/<int:user_id>/remove", methods=["POST"])
@login_required
def remove_author(slug: str, user_id: int):
    course = editable_course(slug, outline=False)
    user = db.get_or_404(User, user_id)
    try:
        services.remove_author(course, user, actor=current_user)
    except services.CourseError as exc:
        flash(exc.message, "error")
    else:
        flash(_("%(name)s is no longer an author of this course.", name=user.name), "success")
    if not can_edit_course(current_user, course):
        return redirect(url_for("courses.manage"))
    return redirect(url_for("courses.authors", slug=course.slug))


# Packages ----------------------------------------------------------------------------------

@bp.route("/<slug>/export.zip")
@login_required
def export_zip(slug: str):
    course = editable_course(slug, outline=False)
    return Response(packages.export_zip(course), mimetype="application/zip", headers={
        "Content-Disposition": f'attachment; filename="{course.slug}.zip"'})


@bp.route("/upload", methods=["GET", "POST"])
@role_required(TRAINER, ORGANISER)
def upload():
    form = PackageUploadForm()
    errors = []
    if form.validate_on_submit():
        upload = form.file.data
        try:
            courses = packages.import_zip(upload.read(), upload.filename or "upload.zip",
                                          user=current_user, publish=form.publish.data)
        except packages.PackageInvalid as exc:
            errors = exc.errors
        else:
            flash(_("Imported: %(titles)s.", titles=", ".join(c.title for c in courses)),
                  "success")
            return _to_outline(courses[0]) if len(courses) == 1 else \
                redirect(url_for("courses.manage"))
    return render_template("courses/upload.html", form=form, errors=errors)


# Media -------------------------------------------------------------------------------------

@bp.route("/<slug>/media", methods=["GET", "POST"])
@login_required
def media_library(slug: str):
    course = editable_course(slug, outline=False, media=True)
    form = MediaForm()
    if form.validate_on_submit():
        upload = form.file.data
        try:
            media = course_media.add_media(course, filename=upload.filename or "",
                                           data=upload.read(), name=form.name.data or "",
                                           user=current_user, replace=form.replace.data)
        except UploadRejected as exc:
            form.file.errors = [str(exc)]
        except services.CourseError as exc:
            _refuse(form, exc)
        else:
            flash(_("Uploaded. Lessons refer to it as media/%(name)s.", name=media.name),
                  "success")
            return redirect(url_for("courses.media_library", slug=course.slug))
    return render_template("courses/media.html", course=course, form=form,
                           usage=course_media.media_usage(course))


@bp.route("/<slug>/media/<int:media_id>/delete", methods=["POST"])
@login_required
def delete_media(slug: str, media_id: int):
    course = editable_course(slug, outline=False)
    media = db.session.get(CourseMedia, media_id)
    if media is None or media.course_id != course.id:
        abort(404)
    course_media.delete_media(media)
    flash(_("Deleted media/%(name)s.", name=media.name), "success")
    return redirect(url_for("courses.media_library", slug=course.slug))


# Modules -----------------------------------------------------------------------------------

@bp.route("/<slug>/modules/new", methods=["GET", "POST"])
@login_required
def create_module(slug: str):
    course = editable_course(slug)
    form = ModuleForm()
    if form.validate_on_submit():
        try:
            module = services.create_module(course, title=form.title.data,
                                            slug=form.slug.data or "",
                                            summary=form.summary.data or "")
        except services.CourseError as exc:
            _refuse(form, exc)
        else:
            flash(_("Module added."), "success")
            return _to_outline(course, f"module-{module.id}")
    return render_template("courses/module_form.html", course=course, form=form, module=None)


@bp.route("/<slug>/modules/<int:module_id>", methods=["GET", "POST"])
@login_required
def edit_module(slug: str, module_id: int):
    course = editable_course(slug)
    module = _module(course, module_id)
    form = ModuleForm(obj=module)
    if form.validate_on_submit():
        try:
            services.update_module(module, title=form.title.data,
                                   slug=form.slug.data or module.slug,
                                   summary=form.summary.data or "")
        except services.CourseError as exc:
            _refuse(form, exc)
        else:
            flash(_("Saved."), "success")
            return _to_outline(course, f"module-{module.id}")
    return render_template("courses/module_form.html", course=course, form=form, module=module)


@bp.route("/<slug>/modules/<int:module_id>/delete", methods=["POST"])
@login_required
def delete_module(slug: str, module_id: int):
    course = editable_course(slug)
    module = _module(course, module_id)
    services.delete_module(module)
    flash(_("Module “%(title)s” deleted.", title=module.title), "success")
    return _to_outline(course)


@bp.route("/<slug>/modules/<int:module_id>/<any(up, down):direction>", methods=["POST"])
@login_required
def move_module(slug: str, module_id: int, direction: str):
    course = editable_course(slug)
    module = _module(course, module_id)
    services.move_module(module, MOVES[direction])
    return _to_outline(course, f"module-{module.id}")


# Lessons and items -------------------------------------------------------------------------

def _preview(course: Course, form: LessonForm):
    return with_media_urls(render_body(services.normalise_body(form.body.data or "")),
                           media_prefix(course))


@bp.route("/<slug>/modules/<int:module_id>/lessons/new", methods=["GET", "POST"])
@login_required
def create_lesson(slug: str, module_id: int):
    course = editable_course(slug, media=True)
    module = _module(course, module_id)
    form = LessonForm()
    preview = None
    if form.validate_on_submit():
        if form.preview.data:
            preview = _preview(course, form)
        else:
            try:
                lesson = services.create_lesson(module, title=form.title.data,
                                                slug=form.slug.data or "",
                                                minutes=form.minutes.data or 0,
                                                body=form.body.data or "")
            except services.CourseError as exc:
                _refuse(form, exc)
            else:
                flash(_("Lesson added."), "success")
                return _to_outline(course, f"item-{lesson.item_id}")
    return render_template("courses/lesson_form.html", course=course, module=module, form=form,
                           lesson=None, preview=preview,
                           missing=course_media.missing_media(course, form.body.data or ""))


@bp.route("/<slug>/lessons/<int:item_id>/edit", methods=["GET", "POST"])
@login_required
def edit_lesson(slug: str, item_id: int):
    course = editable_course(slug, media=True)
    lesson = _item(course, item_id, "lesson").lesson
    form = LessonForm(obj=lesson)
    preview = None
    if form.validate_on_submit():
        if form.preview.data:
            preview = _preview(course, form)
        else:
            try:
                services.update_lesson(lesson, title=form.title.data,
                                       slug=form.slug.data or lesson.slug,
                                       minutes=form.minutes.data or 0, body=form.body.data or "")
            except services.CourseError as exc:
                _refuse(form, exc)
            else:
                flash(_("Saved."), "success")
                return _to_outline(course, f"item-{item_id}")
    return render_template("courses/lesson_form.html", course=course, module=lesson.item.module,
                           form=form, lesson=lesson, preview=preview,
                           missing=course_media.missing_media(course, form.body.data or ""))


@bp.route("/<slug>/lessons/<int:item_id>/delete", methods=["POST"])
@login_required
def delete_lesson(slug: str, item_id: int):
    course = editable_course(slug)
    item = _item(course, item_id, "lesson")
    services.delete_item(item)
    flash(_("Lesson “%(title)s” deleted.", title=item.title), "success")
    return _to_outline(course, f"module-{item.module_id}")


@bp.route("/<slug>/items/<int:item_id>/<any(up, down):direction>", methods=["POST"])
@login_required
def move_item(slug: str, item_id: int, direction: str):
    course = editable_course(slug)
    item = _item(course, item_id)
    services.move_item(item, MOVES[direction])
    return _to_outline(course, f"item-{item.id}")


@bp.route("/<slug>/preview", methods=["POST"])
@login_required
def preview(slug: str):
    """Live preview for the Markdown editor's script: sanitised HTML of the posted text."""
    course = editable_course(slug, outline=False)
    body = services.normalise_body(request.form.get("body", ""))[:200_000]
    return Response(str(with_media_urls(render_body(body), media_prefix(course))),
                    mimetype="text/html")
