"""Question banks: list, questions, create/edit each type, preview, GIFT import/export."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from app.auth.models import ORGANISER, TRAINER
from app.auth.permissions import role_required
from app.courses import services as course_services
from app.courses.models import Course
from app.extensions import db
from app.imports.services import ImportTooBig, start_if_big
from app.quizzes import attempts, banks, bp, display, permissions
from app.quizzes.forms import BankForm, GiftUploadForm, QuestionForm
from app.quizzes.types import QUESTION_TYPES, QuestionType
from app.quizzes.views.loaders import bank_or_404, question_or_404


def _bank_form() -> BankForm:
    form = BankForm()
    form.course.choices = [(c.id, c.title) for c in permissions.editable_courses(current_user)]
    return form


@bp.route("/banks")
@role_required(TRAINER, ORGANISER)
def banks_index():
    courses = permissions.editable_courses(current_user)
    return render_template("quizzes/banks.html", form=_bank_form(), courses=courses,
                           banks=banks.banks_of_courses([c.id for c in courses]))


@bp.route("/banks", methods=["POST"])
@role_required(TRAINER, ORGANISER)
def create_bank():
    form = _bank_form()
    if form.validate_on_submit():
        course = db.get_or_404(Course, form.course.data)
        try:
            bank = banks.create_bank(course, form.name.data)
        except banks.BankError as error:
            form.name.errors.append(str(error))
        else:
            flash(_("The question bank has been created."), "success")
            return redirect(url_for("quizzes.bank", bank_id=bank.id))
    courses = permissions.editable_courses(current_user)
    return render_template("quizzes/banks.html", form=form, courses=courses,
                           banks=banks.banks_of_courses([c.id for c in courses]))


@bp.route("/banks/<int:bank_id>")
@role_required(TRAINER, ORGANISER)
def bank(bank_id: int):
    bank = bank_or_404(bank_id)
    args = request.args
    page = banks.search_questions(bank, category_id=args.get("category", type=int),
                                  tag=args.get("tag", ""), qtype=args.get("type", ""),
                                  q=args.get("q", ""), page=args.get("page", 1, type=int))
    categories = banks.categories_with_counts(bank)
    current = next((c.name for c, _n in categories if c.id == args.get("category", type=int)),
                   "")
    return render_template("quizzes/bank.html", bank=bank, page=page, args=args,
                           categories=categories, current_category=current,
                           selected_category=args.get("category", type=int),
                           tags=banks.bank_tags(bank), types=QUESTION_TYPES,
                           usage=banks.attempts_using([q.id for q in page.items]))


def _fields(form: QuestionForm, qtype: QuestionType, content: dict) -> banks.QuestionFields:
    return banks.QuestionFields(
        name=form.name.data, type=qtype.name, text=form.text.data,
        text_format=form.text_format.data, general_feedback=form.general_feedback.data or "",
        data=content, category=form.category.data, tags=banks.parse_tags(form.tags.data))


def _submit_question(form: QuestionForm, qtype: QuestionType, bank, question=None):
    """Validate and save; returns the question, or None (errors are on the form)."""
    if qtype.rows and "more_rows" in request.form:
        qtype.add_blank_rows(form)
        return None
    if not form.validate_on_submit():
        return None
    content = qtype.content_from(form)
    form.content_errors = [str(e) for e in qtype.check(content)]
    if form.content_errors or form.errors:
        return None
    return banks.save_question(bank, _fields(form, qtype, content), question=question,
                               actor=current_user)


def _categories(bank) -> list[str]:
    return [c.name for c, _count in banks.categories_with_counts(bank)]


@bp.route("/banks/<int:bank_id>/questions/new/<qtype>", methods=["GET", "POST"])
@role_required(TRAINER, ORGANISER)
def new_question(bank_id: int, qtype: str):
    bank = bank_or_404(bank_id)
    if qtype not in QUESTION_TYPES:
        abort(404)
    kind = QUESTION_TYPES[qtype]
    form = kind.form(category=request.args.get("category", ""))
    question = _submit_question(form, kind, bank)
    if question is not None:
        flash(_("The question \"%(name)s\" has been saved.", name=question.name), "success")
        return redirect(url_for("quizzes.question", question_id=question.id))
    return render_template("quizzes/question_form.html", form=form, bank=bank, type=kind,
                           question=None,
                           categories=_categories(bank))


@bp.route("/questions/<int:question_id>/edit", methods=["GET", "POST"])
@role_required(TRAINER, ORGANISER)
def edit_question(question_id: int):
    question = question_or_404(question_id)
    qtype = QUESTION_TYPES[question.type]
    form = qtype.form(question)
    if _submit_question(form, qtype, question.bank, question) is not None:
        used = banks.attempts_using([question.id]).get(question.id, 0)
        flash(_("Saved.") + (" " + ngettext(
            "%(num)d attempt drew this question: regrade it if you changed the answers.",
            "%(num)d attempts drew this question: regrade them if you changed the answers.",
            used) if used else ""),
              "success")
        return redirect(url_for("quizzes.question", question_id=question.id))
    return render_template("quizzes/question_form.html", form=form, bank=question.bank,
                           type=qtype, question=question,
                           categories=_categories(question.bank))


@bp.route("/questions/<int:question_id>")
@role_required(TRAINER, ORGANISER)
def question(question_id: int):
    question = question_or_404(question_id)
    return render_template("quizzes/question.html", question=question,
                           view=display.preview_view(question),
                           type=QUESTION_TYPES[question.type],
                           used=banks.attempts_using([question.id]).get(question.id, 0),
                           languages=course_services.course_languages(question.bank.course)[1:])


@bp.route("/questions/<int:question_id>/delete", methods=["POST"])
@role_required(TRAINER, ORGANISER)
def delete_question(question_id: int):
    question = question_or_404(question_id)
    bank_id, name = question.bank_id, question.name
    banks.delete_question(question)
    flash(_("The question \"%(name)s\" has been deleted. Attempts keep their copy of it.",
            name=name), "success")
    return redirect(url_for("quizzes.bank", bank_id=bank_id))


@bp.route("/questions/<int:question_id>/regrade", methods=["POST"])
@role_required(TRAINER, ORGANISER)
def regrade_question(question_id: int):
    question = question_or_404(question_id)
    report = attempts.regrade_question(question, current_user._get_current_object())
    flash(ngettext("%(num)d attempt regraded", "%(num)d attempts regraded", report.attempts)
          + "; " + ngettext("%(num)d grade changed.", "%(num)d grades changed.",
                            len(report.changed)), "success")
    return redirect(url_for("quizzes.question", question_id=question.id))


@bp.route("/banks/<int:bank_id>/import", methods=["GET", "POST"])
@role_required(TRAINER, ORGANISER)
def import_questions(bank_id: int):
    bank = bank_or_404(bank_id)
    form = GiftUploadForm()
    errors = []
    if form.validate_on_submit():
        text = _gift_text(form)
        try:
            job = text and start_if_big("gift", text, actor=current_user, target_id=bank.id,
                                        filename=getattr(form.file.data, "filename", "") or "",
                                        options={"category": form.category.data or ""})
        except ImportTooBig as exc:
            form.file.errors.append(str(exc))
            text = None
        else:
            if job:
                return redirect(url_for("imports.progress", job_id=job.id))
        if text is not None:
            try:
                counts = banks.import_gift(bank, text, default_category=form.category.data,
                                           actor=current_user)
            except banks.GiftImportError as error:
                errors = error.errors
            else:
                flash(ngettext("Imported %(num)d question: %(types)s.",
                               "Imported %(num)d questions: %(types)s.", sum(counts.values()),
                               types=banks.type_counts_text(counts)), "success")
                return redirect(url_for("quizzes.bank", bank_id=bank.id))
    return render_template("quizzes/import.html", form=form, bank=bank, errors=errors)


def _gift_text(form: GiftUploadForm) -> str | None:
    upload = form.file.data
    raw = upload.read() if upload and getattr(upload, "filename", "") else b""
    if not raw and not (form.text.data or "").strip():
        form.file.errors.append(_("Choose a file or paste GIFT text."))
        return None
    if not raw:
        return form.text.data
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        form.file.errors.append(_("The file is not UTF-8 text."))
        return None


@bp.route("/banks/<int:bank_id>/export.gift")
@role_required(TRAINER, ORGANISER)
def export_questions(bank_id: int):
    bank = bank_or_404(bank_id)
    text = banks.export_gift(bank, category_id=request.args.get("category", type=int))
    filename = bank.reference.replace("/", "-") + ".gift"
    return Response(text, mimetype="text/plain; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
