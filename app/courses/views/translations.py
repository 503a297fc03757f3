"""Trainers: the language versions of a course — which languages it is offered in, how
complete each is (lessons and questions translated, needing an update, missing), the
course's translated title and summary, and the side-by-side lesson editor."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import login_required

from app.courses import bp, services
from app.courses.forms import (
    MODULE_TEXTS,
    AddLanguageForm,
    LessonTranslationForm,
    course_translation_form,
)
from app.courses.models import Course
from app.courses.views.loaders import course_or_404, item_or_404, refuse
from app.reference import LANGUAGES


def _language_or_404(course: Course, language: str) -> str:
    if language not in services.course_languages(course)[1:]:
        abort(404)
    return language


def _add_language_form(course: Course) -> AddLanguageForm:
    form = AddLanguageForm()
    taken = set(services.course_languages(course))
    form.language.choices = [(code, name) for code, name in LANGUAGES.items()
                             if code not in taken]
    return form


@bp.route("/<slug>/translations")
@login_required
def translations(slug: str):
    course = course_or_404(slug, check="edit")
    return render_template("courses/translations.html", course=course,
                           languages=services.completeness(course),
                           form=_add_language_form(course))


@bp.route("/<slug>/translations", methods=["POST"])
@login_required
def add_language(slug: str):
    course = course_or_404(slug, check="edit")
    form = _add_language_form(course)
    if form.validate_on_submit():
        services.set_languages(course, [*services.course_languages(course)[1:],
                                        form.language.data])
        flash(_("The course is now offered in %(language)s.",
                language=LANGUAGES[form.language.data]), "success")
    else:
        flash(_("Choose a language."), "error")
    return redirect(url_for("courses.translations", slug=course.slug))


@bp.route("/<slug>/translations/<language>", methods=["GET", "POST"])
@login_required
def translate_course(slug: str, language: str):
    course = course_or_404(slug, check="edit")
    language = _language_or_404(course, language)
    form = course_translation_form(course, language)
    if form.validate_on_submit():
        services.set_course_translation(course, language, title=form.title.data or "",
                                        summary=form.summary.data or "")
        for module in course.modules:
            services.set_module_translation(module, language, **{
                key: form[f"m{module.id}_{key}"].data or "" for key, _label in MODULE_TEXTS})
        flash(_("Saved."), "success")
        return redirect(url_for("courses.translations", slug=course.slug))
    return render_template("courses/translate_course.html", course=course, form=form,
                           language=language, module_texts=MODULE_TEXTS)


@bp.route("/<slug>/lessons/<int:item_id>/translations/<language>", methods=["GET", "POST"])
@login_required
def translate_lesson(slug: str, item_id: int, language: str):
    course = course_or_404(slug, check="edit")
    language = _language_or_404(course, language)
    lesson = item_or_404(course, item_id, lesson=True).lesson
    translation = services.lesson_translation(lesson, language)
    form = LessonTranslationForm(obj=translation)
    if form.validate_on_submit():
        try:
            services.set_lesson_translation(lesson, language, title=form.title.data,
                                            body=form.body.data or "")
        except services.CourseError as exc:
            refuse(form, exc)
        else:
            flash(_("Saved."), "success")
            return redirect(url_for("courses.translations", slug=course.slug))
    return render_template("courses/translate_lesson.html", course=course, lesson=lesson,
                           translation=translation, form=form, language=language)
