"""Taking a quiz: the quiz page, attempts (pages, autosave, summary, finish), review.

GET requests write nothing: an attempt past its deadline is shown as over (computed on
read) and is closed by the next POST (start, save, autosave, finish) or the periodic job.
"""

from __future__ import annotations

from flask import flash, jsonify, redirect, render_template, request, url_for
from flask_babel import format_time
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.courses import progress, reading
from app.courses import services as course_services
from app.db import read_first
from app.quizzes import attempts, bp, display, permissions, services
from app.quizzes.models import Attempt
from app.quizzes.translation import translated_quiz_title
from app.quizzes.views.loaders import attempt_or_404, quiz_or_404, quiz_to_take_or_404
from app.timeutil import utcnow


@bp.route("/<int:quiz_id>")
@login_required
def view(quiz_id: int):
    quiz, course = quiz_to_take_or_404(quiz_id)
    now = utcnow()
    mine = attempts.user_attempts(quiz, current_user)
    preview = permissions.can_manage_quiz(current_user, quiz)
    in_progress = next((a for a in mine if not a.is_finished), None)
    language = reading.reading_language(course)
    return render_template(
        "quizzes/quiz.html", quiz=quiz, attempts=mine, in_progress=in_progress,
        title=translated_quiz_title(quiz, language), language=language,
        course_title=course_services.course_title(course, language),
        read_in=reading.language_links(course, language),
        time_up=in_progress is not None and attempts.is_over(in_progress, now),
        preview=preview, grade=services.quiz_grade(mine, quiz.grading_method),
        reason=None if in_progress else attempts.unavailable_reason(
            quiz, mine, now=now, preview=preview),
        questions=services.questions_per_attempt(quiz),
        can_manage=preview,
        can_results=permissions.can_view_quiz_results(current_user, quiz))


@bp.route("/<int:quiz_id>/start", methods=["POST"])
@login_required
def start(quiz_id: int):
    quiz = quiz_or_404(quiz_id, permissions.can_take_quiz)
    preview = permissions.can_manage_quiz(current_user, quiz)
    try:
        attempt = attempts.start_attempt(quiz, current_user, preview=preview,
                                         language=reading.reading_language(quiz.course))
    except attempts.QuizUnavailable as error:
        flash(error.message, "error")
        return redirect(url_for("quizzes.view", quiz_id=quiz.id))
    if not preview:
        progress.record_activity(current_user, quiz.course)  # "My learning" lists it
    return redirect(url_for("quizzes.attempt", attempt_id=attempt.id))


def _own(attempt_id: int) -> Attempt:
    return attempt_or_404(attempt_id, permissions.can_take_attempt)


def _page_of(attempt: Attempt, page: int) -> tuple[int, list[list[int]]]:
    pages = attempts.pages(attempt)
    return min(max(page, 0), len(pages) - 1), pages


def _closed_target(attempt: Attempt) -> str | None:
    """Where a page of an attempt that takes no more answers sends the learner: the
    review once submitted, the quiz page ("Time is up") while it awaits closing."""
    if attempt.is_finished:
        return url_for("quizzes.review", attempt_id=attempt.id)
    if attempts.is_over(attempt):
        return url_for("quizzes.view", quiz_id=attempt.quiz_id)
    return None


@bp.route("/attempts/<int:attempt_id>")
@login_required
def attempt(attempt_id: int):
    attempt = _own(attempt_id)
    if target := _closed_target(attempt):
        return redirect(target)
    page, pages = _page_of(attempt, request.args.get("page", 0, type=int))
    remaining = int((attempt.deadline - utcnow()).total_seconds()) if attempt.deadline \
        else None
    return render_template("quizzes/attempt.html", attempt=attempt, quiz=attempt.quiz,
                           title=translated_quiz_title(attempt.quiz, attempt.language),
                           page=page, pages=pages, remaining=remaining,
                           views=display.attempt_views(attempt, pages[page]))


def _indices(attempt: Attempt) -> list[int]:
    raw = request.form.get("slots", "")
    return [int(v) for v in raw.split(",") if v.strip().isdigit()
            and int(v) < len(attempt.snapshot)]


def _target(attempt: Attempt, nav: str, page: int, pages: list) -> str:
    if nav == "summary":
        return url_for("quizzes.summary", attempt_id=attempt.id)
    if nav == "next":
        page += 1
    elif nav == "prev":
        page -= 1
    elif nav.startswith("page:") and nav[5:].isdigit():
        page = int(nav[5:])
    page = min(max(page, 0), len(pages) - 1)
    return url_for("quizzes.attempt", attempt_id=attempt.id, page=page or None)


@bp.route("/attempts/<int:attempt_id>", methods=["POST"])
@login_required
def save(attempt_id: int):
    attempt = _own(attempt_id)
    nav = request.form.get("nav", "save")
    page, pages = _page_of(attempt, request.form.get("page", 0, type=int))
    try:
        closed = attempts.save_page(attempt, request.form,
                                    sequence=request.form.get("sequence", -1, type=int),
                                    indices=_indices(attempt))
        if not closed and nav == "finish":
            closed = attempts.finish(attempt) or attempt.is_finished
    except attempts.AttemptClosed as error:
        flash(error.message, "warning")
        return redirect(url_for("quizzes.review", attempt_id=attempt.id))
    except attempts.StaleSequence as error:
        flash(error.message, "error")
        return redirect(url_for("quizzes.attempt", attempt_id=attempt.id, page=page or None))
    if closed:
        flash(_("Your attempt has been submitted."), "success")
        return redirect(url_for("quizzes.review", attempt_id=attempt.id))
    if nav == "save":
        flash(_("Your answers have been saved."), "success")
    return redirect(_target(attempt, nav, page, pages))


@bp.route("/attempts/<int:attempt_id>/autosave", methods=["POST"])
@read_first
@login_required
def autosave(attempt_id: int):
    attempt = _own(attempt_id)
    try:
        attempts.autosave(attempt, request.form,
                          sequence=request.form.get("sequence", -1, type=int),
                          counter=request.form.get("counter", 0, type=int),
                          indices=_indices(attempt))
    except attempts.AttemptClosed as error:
        return jsonify(status="closed", message=error.message,
                       redirect=url_for("quizzes.review", attempt_id=attempt.id))
    except attempts.StaleSequence as error:
        return jsonify(status="stale", message=error.message), 409
    return jsonify(status="saved", counter=attempt.autosave_counter,
                   saved_at=attempt.saved_at.isoformat(timespec="seconds") + "Z",
                   # the time as the profile shows it (its time zone, not the device's)
                   saved_time=format_time(attempt.saved_at, "short"))


@bp.route("/attempts/<int:attempt_id>/summary")
@login_required
def summary(attempt_id: int):
    attempt = _own(attempt_id)
    if target := _closed_target(attempt):
        return redirect(target)
    pages = attempts.pages(attempt)
    page_of = {i: p for p, indices in enumerate(pages) for i in indices}
    return render_template("quizzes/summary.html", attempt=attempt, quiz=attempt.quiz,
                           title=translated_quiz_title(attempt.quiz, attempt.language),
                           views=display.attempt_views(attempt, list(page_of)),
                           page_of=page_of)


@bp.route("/attempts/<int:attempt_id>/finish", methods=["POST"])
@read_first
@login_required
def finish(attempt_id: int):
    attempt = _own(attempt_id)
    if attempt.is_finished:
        flash(_("This attempt had already been submitted."), "success")
    elif attempts.close_if_over(attempt):
        flash(attempts.time_over_message(), "warning")
    elif request.form.get("sequence", -1, type=int) != attempt.sequence:
        flash(attempts.stale_message(), "error")
        return redirect(url_for("quizzes.summary", attempt_id=attempt.id))
    else:
        attempts.finish(attempt)
        flash(_("Your attempt has been submitted."), "success")
    return redirect(url_for("quizzes.review", attempt_id=attempt.id))


@bp.route("/attempts/<int:attempt_id>/review")
@login_required
def review(attempt_id: int):
    attempt = attempt_or_404(attempt_id)
    if attempt.user_id == current_user.id and not attempt.is_finished:
        return redirect(_closed_target(attempt)
                        or url_for("quizzes.attempt", attempt_id=attempt.id))
    quiz = attempt.quiz
    staff = permissions.can_view_quiz_results(current_user, quiz)
    mine = attempts.user_attempts(quiz, attempt.user)
    finished = sum(1 for a in mine if a.is_finished and not a.is_preview)
    show = attempt.is_finished and (staff or attempts.feedback_visible(
        attempt, now=utcnow(), finished_count=finished))
    views = display.review_views(attempt, show)
    if staff:
        display.mark_late(views, attempts.late_answers(attempt))
    return render_template("quizzes/review.html", attempt=attempt, quiz=quiz, show=show,
                           title=translated_quiz_title(quiz, attempt.language),
                           staff=staff, views=views,
                           can_grade=permissions.can_grade_attempt(current_user, attempt))
