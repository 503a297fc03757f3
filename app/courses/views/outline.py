"""Trainers' pages for a course's outline: modules, lessons and items, the Markdown
preview."""

from __future__ import annotations

from flask import Response, flash, render_template, request
from flask_babel import gettext as _
from flask_login import login_required

from app.courses import bp, services
from app.courses import media as course_media
from app.courses.content import render_body, with_media_urls
from app.courses.forms import LessonForm, ModuleForm
from app.courses.models import Course, Lesson, Module
from app.courses.views.loaders import (
    course_or_404,
    item_or_404,
    media_prefix,
    module_or_404,
    refuse,
    to_outline,
)
from app.web import form_page

MOVES = {"up": -1, "down": 1}


# Modules -----------------------------------------------------------------------------------

def _module_page(course: Course, module: Module | None):
    """Add a module (`module` None) or edit one."""
    def save(form: ModuleForm) -> Module:
        values = {"title": form.title.data, "summary": form.summary.data or "",
                  "slug": form.slug.data or (module.slug if module else "")}
        if module is None:
            return services.create_module(course, **values)
        services.update_module(module, **values)
        return module

    return form_page(ModuleForm(obj=module), "courses/module_form.html", save,
                     _("Module added.") if module is None else _("Saved."),
                     lambda saved: to_outline(course, f"module-{saved.id}"),
                     rejects=(services.CourseError,), course=course, module=module)


@bp.route("/<slug>/modules/new", methods=["GET", "POST"])
@login_required
def create_module(slug: str):
    return _module_page(course_or_404(slug, check="edit"), None)


@bp.route("/<slug>/modules/<int:module_id>", methods=["GET", "POST"])
@login_required
def edit_module(slug: str, module_id: int):
    course = course_or_404(slug, check="edit")
    return _module_page(course, module_or_404(course, module_id))


@bp.route("/<slug>/modules/<int:module_id>/delete", methods=["POST"])
@login_required
def delete_module(slug: str, module_id: int):
    course = course_or_404(slug, check="edit")
    module = module_or_404(course, module_id)
    services.delete_module(module)
    flash(_("Module “%(title)s” deleted.", title=module.title), "success")
    return to_outline(course)


@bp.route("/<slug>/modules/<int:module_id>/<any(up, down):direction>", methods=["POST"])
@login_required
def move_module(slug: str, module_id: int, direction: str):
    return _moved(slug, direction, lambda course: module_or_404(course, module_id),
                  services.move_module, f"module-{module_id}")


# Lessons and items -------------------------------------------------------------------------

def _lesson_page(course: Course, module: Module, lesson: Lesson | None):
    """Add a lesson to `module` (`lesson` None) or edit one; "Preview" shows the rendered
    text without saving."""
    form = LessonForm(obj=lesson)
    preview = None
    submitted = form.validate_on_submit()
    if submitted and form.preview.data:
        preview = with_media_urls(render_body(services.normalise_body(form.body.data or "")),
                                  media_prefix(course))
    elif submitted:
        values = {"title": form.title.data, "minutes": form.minutes.data,
                  "body": form.body.data or "",
                  "slug": form.slug.data or (lesson.slug if lesson else "")}
        try:
            if lesson is None:
                lesson = services.create_lesson(module, **values)
                flash(_("Lesson added."), "success")
            else:
                services.update_lesson(lesson, **values)
                flash(_("Saved."), "success")
        except services.CourseError as exc:
            refuse(form, exc)
        else:
            return to_outline(course, f"item-{lesson.item_id}")
    return render_template("courses/lesson_form.html", course=course, module=module, form=form,
                           lesson=lesson, preview=preview,
                           missing=course_media.missing_media(course, form.body.data or ""))


@bp.route("/<slug>/modules/<int:module_id>/lessons/new", methods=["GET", "POST"])
@login_required
def create_lesson(slug: str, module_id: int):
    course = course_or_404(slug, check="edit", media=True)
    return _lesson_page(course, module_or_404(course, module_id), None)


@bp.route("/<slug>/lessons/<int:item_id>/edit", methods=["GET", "POST"])
@login_required
def edit_lesson(slug: str, item_id: int):
    course = course_or_404(slug, check="edit", media=True)
    item = item_or_404(course, item_id, lesson=True)
    return _lesson_page(course, item.module, item.lesson)


@bp.route("/<slug>/lessons/<int:item_id>/delete", methods=["POST"])
@login_required
def delete_lesson(slug: str, item_id: int):
    course = course_or_404(slug, check="edit")
    item = item_or_404(course, item_id, lesson=True)
    services.delete_item(item)
    flash(_("Lesson “%(title)s” deleted.", title=item.title), "success")
    return to_outline(course, f"module-{item.module_id}")


@bp.route("/<slug>/items/<int:item_id>/<any(up, down):direction>", methods=["POST"])
@login_required
def move_item(slug: str, item_id: int, direction: str):
    return _moved(slug, direction, lambda course: item_or_404(course, item_id),
                  services.move_item, f"item-{item_id}")


def _moved(slug: str, direction: str, load, move, anchor: str):
    """Move a module or an item of the course one place up or down; back to it."""
    course = course_or_404(slug, check="edit")
    move(load(course), MOVES[direction])
    return to_outline(course, anchor)


@bp.route("/<slug>/preview", methods=["POST"])
@login_required
def preview(slug: str):
    """Live preview for the Markdown editor's script: sanitised HTML of the posted text."""
    course = course_or_404(slug, check="edit", outline=False)
    body = services.normalise_body(request.form.get("body", ""))[:200_000]
    return Response(str(with_media_urls(render_body(body), media_prefix(course))),
                    mimetype="text/html")
