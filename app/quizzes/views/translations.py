"""Trainers: a question side by side with its translation into one of the course's
languages (texts only: the answers, their order, marks and values stay the source's)."""

from __future__ import annotations

import copy

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from app.auth.models import ORGANISER, TRAINER
from app.auth.permissions import role_required
from app.courses import services as course_services
from app.quizzes import bp, translation
from app.quizzes.forms import question_translation_form
from app.quizzes.views.loaders import question_or_404


@bp.route("/questions/<int:question_id>/translations/<language>", methods=["GET", "POST"])
@role_required(TRAINER, ORGANISER)
def translate_question(question_id: int, language: str):
    question = question_or_404(question_id)
    course = question.bank.course
    if language not in course_services.course_languages(course)[1:]:
        abort(404)
    row = next((t for t in question.translations if t.language == language), None)
    form = question_translation_form(question, row)
    if form.validate_on_submit():
        data = copy.deepcopy(question.data or {})
        for path, _source in form.paths:
            translation.set_path(data, path, form[f"t_{translation.path_key(path)}"].data or "")
        translation.set_question_translation(question, language, text=form.text.data,
                                             general_feedback=form.general_feedback.data or "",
                                             data=data)
        flash(_("Saved."), "success")
        return redirect(url_for("courses.translations", slug=course.slug,
                                _anchor=f"lang-{language}"))
    rows = [(form[f"t_{translation.path_key(path)}"], source) for path, source in form.paths]
    return render_template("quizzes/translate_question.html", question=question, form=form,
                           rows=rows, translation=row, language=language, course=course)
