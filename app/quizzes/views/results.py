"""A quiz's results for trainers and organisers: the item analysis and the CSV export.

Attempts past their deadline that nobody has closed yet are not counted until they are
closed (by the learner's next request or the periodic job): reading writes nothing.
"""

from __future__ import annotations

from flask import render_template
from flask_login import current_user, login_required

from app.courses import reading
from app.quizzes import analysis, attempts, bp, permissions
from app.quizzes.translation import translated_quiz_title
from app.quizzes.views.loaders import quiz_or_404
from app.web import csv_download


@bp.route("/<int:quiz_id>/results")
@login_required
def results(quiz_id: int):
    quiz = quiz_or_404(quiz_id, permissions.can_view_quiz_results)
    report = analysis.analyse(quiz)
    title = translated_quiz_title(quiz, reading.reading_language(quiz.course))
    return render_template("quizzes/results.html", quiz=quiz, report=report, title=title,
                           bars=analysis.distribution_bars(report.bins),
                           late=attempts.late_answer_counts(quiz),
                           can_manage=permissions.can_manage_quiz(current_user, quiz))


@bp.route("/<int:quiz_id>/attempts.csv")
@login_required
def export_attempts(quiz_id: int):
    quiz = quiz_or_404(quiz_id, permissions.can_view_quiz_results)
    text = analysis.attempts_csv(quiz, analysis.finished_attempts(quiz))
    return csv_download(text, analysis.csv_filename(quiz))
