"""Quiz settings and question slots (trainers who edit the course)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from sqlalchemy import select

from app.auth.models import ORGANISER, TRAINER
from app.auth.permissions import role_required
from app.courses.models import Module
from app.extensions import db
from app.quizzes import banks, bp, permissions, services
from app.quizzes.forms import AddQuestionsForm, AddRandomForm, QuizForm, SlotForm
from app.quizzes.models import QuestionCategory, Quiz
from app.quizzes.views.loaders import quiz_or_404, slot_or_404
from app.timeutil import to_utc, to_zone

SETTING_FIELDS = ("title", "intro", "pass_mark", "attempts_allowed", "time_limit",
                  "grace_seconds", "per_page", "shuffle_questions", "shuffle_answers",
                  "grading_method", "feedback")


def _settings(form: QuizForm) -> dict:
    """The form's settings, dates converted from the user's time zone to UTC."""
    values = {name: getattr(form, name).data for name in SETTING_FIELDS}
    values["intro"] = values["intro"] or ""
    zone = current_user.timezone
    for name in ("opens_at", "closes_at"):
        local = getattr(form, name).data
        values[name] = to_utc(local, zone) if local else None
    return values


@bp.route("/new", methods=["GET", "POST"])
@role_required(TRAINER, ORGANISER)
def create():
    module = db.get_or_404(Module, request.args.get("module", 0, type=int))
    if not permissions.can_edit_course_content(current_user, module.course):
        abort(404)  # as for the course's authoring pages: a draft's existence does not show
    form = QuizForm(title=_("%(module)s: quiz", module=module.title))
    if form.validate_on_submit():
        quiz = services.create_quiz(module, **_settings(form))
        banks.default_bank(module.course)
        flash(_("The quiz has been added to the module. Now add its questions."), "success")
        return redirect(url_for("quizzes.questions", quiz_id=quiz.id))
    return render_template("quizzes/quiz_form.html", form=form, quiz=None, module=module)


@bp.route("/items/<int:item_id>")
@login_required
def item(item_id: int):
    """A quiz item of a course outline → the quiz page (or its settings with ?to=edit)."""
    quiz = db.one_or_404(select(Quiz).where(Quiz.item_id == item_id))
    if request.args.get("to") == "edit":
        return redirect(url_for("quizzes.edit", quiz_id=quiz.id))
    return redirect(url_for("quizzes.view", quiz_id=quiz.id))


@bp.route("/<int:quiz_id>/edit", methods=["GET", "POST"])
@role_required(TRAINER, ORGANISER)
def edit(quiz_id: int):
    quiz = quiz_or_404(quiz_id)
    zone = current_user.timezone
    values = {name: getattr(quiz, name) for name in SETTING_FIELDS}
    for name in ("opens_at", "closes_at"):
        moment = getattr(quiz, name)
        values[name] = to_zone(moment, zone).replace(tzinfo=None) if moment else None
    form = QuizForm(data=values)
    if form.validate_on_submit():
        services.update_settings(quiz, **_settings(form))
        flash(_("Saved."), "success")
        return redirect(url_for("quizzes.edit", quiz_id=quiz.id))
    return render_template("quizzes/quiz_form.html", form=form, quiz=quiz)


def _random_form(quiz) -> AddRandomForm:
    form = AddRandomForm()
    form.category.choices = [(c.id, f"{c.bank.name} › {c.name}")
                             for c in services.course_categories(quiz)]
    return form


@bp.route("/<int:quiz_id>/questions")
@role_required(TRAINER, ORGANISER)
def questions(quiz_id: int):
    quiz = quiz_or_404(quiz_id)
    categories = services.course_categories(quiz)
    chosen = request.args.get("category", type=int) or (categories[0].id if categories else 0)
    candidates = services.candidate_questions(quiz, chosen)
    in_quiz = {s.question_id for s in quiz.slots if s.question_id}
    return render_template("quizzes/quiz_questions.html", quiz=quiz,
                           summaries=services.slot_summaries(quiz),
                           per_attempt=services.questions_per_attempt(quiz),
                           categories=categories, chosen=chosen, candidates=candidates,
                           in_quiz=in_quiz, add_form=AddQuestionsForm(),
                           banks=banks.banks_of_courses([quiz.course_id]),
                           random_form=_random_form(quiz), slot_form=SlotForm())


@bp.route("/<int:quiz_id>/questions/add", methods=["POST"])
@role_required(TRAINER, ORGANISER)
def add_questions(quiz_id: int):
    quiz = quiz_or_404(quiz_id)
    form = AddQuestionsForm()
    ids = [int(v) for v in request.form.getlist("question") if v.isdigit()]
    if form.validate_on_submit() and ids:
        added = services.add_questions(quiz, services.course_questions(quiz, ids),
                                       mark=form.mark.data)
        flash(ngettext("%(num)d question added.", "%(num)d questions added.", added),
              "success")
    else:
        flash(_("Tick the questions to add, and give their points."), "error")
    return redirect(url_for("quizzes.questions", quiz_id=quiz.id,
                            category=request.form.get("category", type=int)))


@bp.route("/<int:quiz_id>/questions/random", methods=["POST"])
@role_required(TRAINER, ORGANISER)
def add_random(quiz_id: int):
    quiz = quiz_or_404(quiz_id)
    form = _random_form(quiz)
    if form.validate_on_submit():
        category = db.session.get(QuestionCategory, form.category.data)
        services.add_random(quiz, category, form.count.data, mark=form.mark.data)
        flash(ngettext("Each attempt will draw %(num)d question from \"%(category)s\".",
                       "Each attempt will draw %(num)d questions from \"%(category)s\".",
                       form.count.data, category=category.name), "success")
    else:
        flash(_("Choose a category and a number of questions."), "error")
    return redirect(url_for("quizzes.questions", quiz_id=quiz.id))


@bp.route("/<int:quiz_id>/slots/<int:slot_id>", methods=["POST"])
@role_required(TRAINER, ORGANISER)
def update_slot(quiz_id: int, slot_id: int):
    quiz = quiz_or_404(quiz_id)
    slot = slot_or_404(quiz, slot_id)
    form = SlotForm()
    action = request.form.get("action", "save")
    if not form.validate_on_submit():
        flash(_("Points must be a positive number and the number of questions at least 1."),
              "error")
    elif action in {"up", "down"}:
        services.move_slot(slot, -1 if action == "up" else 1)
    elif action == "remove":
        services.remove_slot(slot)
        flash(_("Removed from the quiz (the question stays in the bank)."), "success")
    else:
        services.update_slot(slot, mark=form.mark.data or slot.mark, count=form.count.data)
        flash(_("Saved."), "success")
    return redirect(url_for("quizzes.questions", quiz_id=quiz.id))
