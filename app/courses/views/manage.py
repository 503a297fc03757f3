"""Trainers' pages: their courses, course settings, publication, co-authors, packages."""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.auth.models import ORGANISER, TRAINER, User
from app.auth.permissions import role_required
from app.courses import bp, packages, queries, services
from app.courses.forms import AuthorForm, CourseForm, PackageUploadForm
from app.courses.models import Course
from app.courses.permissions import can_edit_course
from app.courses.topics import topic_choices
from app.courses.views.loaders import course_or_404, refuse, to_outline
from app.experts.models import Expert
from app.extensions import db
from app.reference import language_choices

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
            refuse(form, exc)
        else:
            flash(_("The course has been created as a draft. Add modules and lessons."),
                  "success")
            return to_outline(course)
    return render_template("courses/course_form.html", form=form, course=None)


@bp.route("/<slug>/edit", methods=["GET", "POST"])
@login_required
def edit(slug: str):
    course = course_or_404(slug, check="edit", details=True)
    form = _course_form(course)
    if form.validate_on_submit():
        values = _course_values(form)
        values["slug"] = values["slug"] or course.slug
        try:
            services.update_course(course, **values)
        except services.CourseError as exc:
            refuse(form, exc)
        else:
            flash(_("Saved."), "success")
            return to_outline(course)
    return render_template("courses/course_form.html", form=form, course=course)


@bp.route("/<slug>/authoring")
@login_required
def authoring(slug: str):
    course = course_or_404(slug, check="edit", media=True)
    return render_template("courses/authoring.html", course=course)


@bp.route("/<slug>/status/<any(published, draft, archived):status>", methods=["POST"])
@login_required
def set_status(slug: str, status: str):
    course = course_or_404(slug, check="edit")
    try:
        services.set_status(course, status, actor=current_user)
    except services.CourseError as exc:
        flash(exc.message, "error")
    else:
        flash({"published": _("The course is published."),
               "draft": _("The course is a draft again: only its authors see it."),
               "archived": _("The course is archived.")}[status], "success")
    return to_outline(course)


@bp.route("/<slug>/authors", methods=["GET", "POST"])
@login_required
def authors(slug: str):
    course = course_or_404(slug, check="edit", outline=False)
    form = AuthorForm()
    if form.validate_on_submit():
        try:
            user = services.add_author(course, form.email.data, actor=current_user)
        except services.CourseError as exc:
            refuse(form, exc)
        else:
            flash(_("%(name)s is now an author of this course.", name=user.name), "success")
            return redirect(url_for("courses.authors", slug=course.slug))
    return render_template("courses/authors.html", course=course, form=form)


@bp.route("/<slug>/authors/<int:user_id>/remove", methods=["POST"])
@login_required
def remove_author(slug: str, user_id: int):
    course = course_or_404(slug, check="edit", outline=False)
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
    course = course_or_404(slug, check="edit", outline=False)
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
            return to_outline(courses[0]) if len(courses) == 1 else \
                redirect(url_for("courses.manage"))
    return render_template("courses/upload.html", form=form, errors=errors)
