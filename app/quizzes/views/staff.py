"""Trainers and organisers: the essay grading queue, grading, results and item analysis."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from app.auth.models import ORGANISER, TRAINER
from app.auth.permissions import role_required
from app.courses.models import CourseAuthor
from app.extensions import db
from app.quizzes import analysis, attempts, bp, display, permissions
from app.quizzes.forms import grading_form
from app.quizzes.models import FINISHED, Attempt, Quiz
from app.quizzes.views.attempt import _close_expired
from app.quizzes.views.common import get_attempt, get_quiz


@bp.route("/grading")
@role_required(TRAINER, ORGANISER)
def grading():
    query = (select(Attempt).join(Quiz, Quiz.id == Attempt.quiz_id)
             .where(Attempt.needs_grading.is_(True), Attempt.state == FINISHED)
             .options(db.joinedload(Attempt.user), db.joinedload(Attempt.quiz)
                      .joinedload(Quiz.course))
             .order_by(Attempt.finished_at, Attempt.id))
    if not current_user.has_role(ORGANISER):  # organisers edit every course
        query = query.where(Quiz.course_id.in_(select(CourseAuthor.course_id).where(
            CourseAuthor.user_id == current_user.id)))
    page = db.paginate(query, page=request.args.get("page", 1, type=int), per_page=50,
                       error_out=False)
    return render_template("quizzes/grading.html", page=page)


@bp.route("/attempts/<int:attempt_id>/grade", methods=["GET", "POST"])
@role_required(TRAINER, ORGANISER)
def grade_attempt(attempt_id: int):
    attempt = get_attempt(attempt_id, permissions.can_grade_attempt)
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
            for index, _mark in slots}, current_user)
        flash(_("Grades saved: %(percent)s%%.", percent=f"{attempt.percent:g}"), "success")
        return redirect(url_for("quizzes.grading"))
    views = {v.index: v for v in display.review_views(attempt, True)}
    return render_template("quizzes/grade_attempt.html", attempt=attempt, form=form,
                           slots=[(views[i], mark) for i, mark in slots])


@bp.route("/<int:quiz_id>/results")
@login_required
def results(quiz_id: int):
    quiz = get_quiz(quiz_id, permissions.can_view_quiz_results)
    _close_expired(quiz.id)
    report = analysis.analyse(quiz)
    return render_template("quizzes/results.html", quiz=quiz, report=report,
                           bars=analysis.distribution_bars(report.bins),
                           can_manage=permissions.can_manage_quiz(current_user, quiz))


@bp.route("/<int:quiz_id>/attempts.csv")
@login_required
def export_attempts(quiz_id: int):
    quiz = get_quiz(quiz_id, permissions.can_view_quiz_results)
    text = analysis.attempts_csv(quiz, analysis.finished_attempts(quiz))
    return Response(text, mimetype="text/csv; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="{analysis.csv_filename(quiz)}"'})
