"""Trainers and organisers: the essay grading queue and grading an attempt."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.models import ORGANISER, TRAINER
from app.auth.permissions import role_required
from app.extensions import db
from app.quizzes import attempts, bp, display, permissions
from app.quizzes.forms import grading_form
from app.quizzes.views.loaders import attempt_or_404


@bp.route("/grading")
@role_required(TRAINER, ORGANISER)
def grading():
    page = db.paginate(attempts.grading_queue(current_user),
                       page=request.args.get("page", 1, type=int), per_page=50,
                       error_out=False)
    return render_template("quizzes/grading.html", page=page)


@bp.route("/attempts/<int:attempt_id>/grade", methods=["GET", "POST"])
@role_required(TRAINER, ORGANISER)
def grade_attempt(attempt_id: int):
    attempt = attempt_or_404(attempt_id, permissions.can_grade_attempt)
    if not attempt.is_finished:
        flash(_("This attempt is still in progress."), "error")
        return redirect(url_for("quizzes.review", attempt_id=attempt.id))
    slots = [(i, attempt.snapshot[i]["mark"]) for i in attempts.manual_slots(attempt)]
    if not slots:
        abort(404)
    form = grading_form(slots)
    if request.method == "GET":
        for index, _mark in slots:
            result = (attempt.results or {}).get(str(index)) or {}
            if result.get("graded_at"):
                form[f"points_{index}"].data = result.get("mark")
                form[f"comment_{index}"].data = result.get("comment", "")
    if form.validate_on_submit():
        attempts.grade_manually(attempt, {
            index: (form[f"points_{index}"].data, form[f"comment_{index}"].data or "")
            for index, _mark in slots}, current_user._get_current_object())
        flash(_("Grades saved: %(percent)s%%.", percent=f"{attempt.percent:g}"), "success")
        return redirect(url_for("quizzes.grading"))
    views = {v.index: v for v in display.mark_late(display.review_views(attempt, True),
                                                   attempts.late_answers(attempt))}
    return render_template("quizzes/grade_attempt.html", attempt=attempt, form=form,
                           slots=[(views[i], mark) for i, mark in slots])
