"""Organisers edit a template's texts, signatories and logos, with a preview on sample data."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import StringField, TextAreaField
from wtforms.validators import Length, Optional

from app.auth.models import ORGANISER
from app.auth.permissions import role_required
from app.certificates import bp, design, samples
from app.certificates.forms import LogosForm, SignatoriesForm, TextsForm
from app.certificates.rendering import RenderError
from app.certificates.rendering.raster import RasterError, pdf_to_png
from app.certificates.rendering.templates import TemplateError, TemplateSpec
from app.extensions import limiter
from app.files.services import UploadRejected, store_upload
from app.files.views import send_stored_file
from app.reference import LANGUAGES

IMAGE_KINDS = {"image"}


def _spec(name: str) -> TemplateSpec:
    try:
        return design.get_spec(name)
    except design.UnknownTemplate:
        abort(404)


def _language(spec: TemplateSpec) -> str:
    language = request.args.get("language") or request.form.get("language") or "en"
    if language not in LANGUAGES or (language != "en" and not spec.bilingual):
        return "en"
    return language


def editable_texts(spec: TemplateSpec, language: str):
    """English: every text. Another language: the texts the template prints in it (those
    with a default in that language); the rest, like the serial's label, stay English."""
    if language == "en":
        return list(spec.texts)
    return [text for text in spec.texts if text.default(language)]


def texts_form(spec: TemplateSpec, language: str, data=None) -> TextsForm:
    class _Form(TextsForm):
        pass

    current = design.texts_for(spec, design.settings_for(spec.name), language)
    for text in editable_texts(spec, language):
        field = TextAreaField if text.multiline else StringField
        setattr(_Form, f"text_{text.key}", field(
            text.label, validators=[Optional(), Length(max=500)], default=current[text.key],
            description=_("Default: %(text)s", text=text.default(language) or "—")))
    return _Form(formdata=data, language=language)


def signatories_form(spec: TemplateSpec, data=None) -> SignatoriesForm:
    current = design.resolve(spec).signatories
    rows = [{"name": s.name, "title": s.title, "keep_image": True} for s in current]
    rows += [{"name": "", "title": "", "keep_image": True}] * (spec.max_signatories - len(rows))
    form = SignatoriesForm(formdata=data, data={"signatories": rows})
    return form


def _page(spec: TemplateSpec, *, language: str, texts=None, signatories=None, logos=None,
          status: int = 200):
    settings = design.settings_for(spec.name)
    return render_template(
        "certificates/template_edit.html", spec=spec, language=language,
        languages=[(c, n) for c, n in LANGUAGES.items() if spec.bilingual or c == "en"],
        texts=texts or texts_form(spec, language), text_fields=editable_texts(spec, language),
        signatories=signatories or signatories_form(spec),
        logos=logos or LogosForm(use_default=settings is None or settings.use_default_logos),
        resolved=design.resolve(spec, language if language != "en" else ""),
        settings=settings), status


@bp.route("/templates")
@role_required(ORGANISER)
def templates():
    return render_template("certificates/templates.html", specs=design.specs())


@bp.route("/templates/<name>", methods=["GET", "POST"])
@role_required(ORGANISER)
def template_edit(name: str):
    spec = _spec(name)
    language = _language(spec)
    if request.method == "POST":
        form = texts_form(spec, language, request.form)
        if not form.validate():
            return _page(spec, language=language, texts=form, status=400)
        values = {t.key: form[f"text_{t.key}"].data or "" for t in editable_texts(spec, language)}
        design.save_texts(spec, language, values, actor=current_user)
        flash(_("The texts have been saved."), "success")
        return redirect(url_for("certificates.template_edit", name=name, language=language))
    return _page(spec, language=language)


@bp.route("/templates/<name>/signatories", methods=["POST"])
@role_required(ORGANISER)
def template_signatories(name: str):
    spec = _spec(name)
    form = signatories_form(spec, request.form)
    rows, failed = [], False
    for position, entry in enumerate(form.signatories.entries[:spec.max_signatories]):
        upload = request.files.get(f"signatories-{position}-image")
        stored = None
        if upload is not None and upload.filename:
            try:
                stored = store_upload(upload, kinds=IMAGE_KINDS, uploaded_by=current_user)
            except UploadRejected as exc:
                entry.form.image.errors = [str(exc)]
                failed = True
        rows.append({"name": entry.form.data["name"] or "", "title": entry.form.data["title"]
                     or "", "file": stored, "keep_image": entry.form.data["keep_image"],
                     "position": position})
    if failed or not form.validate():
        return _page(spec, language="en", signatories=form, status=400)
    design.save_signatories(spec, rows, actor=current_user)
    flash(_("The signatories have been saved."), "success")
    return redirect(url_for("certificates.template_edit", name=name))


@bp.route("/templates/<name>/logos", methods=["POST"])
@role_required(ORGANISER)
def template_logos(name: str):
    spec = _spec(name)
    form = LogosForm()
    new_files = []
    if form.validate_on_submit() and form.upload.data is not None \
            and getattr(form.upload.data, "filename", ""):
        try:
            new_files.append(store_upload(form.upload.data, kinds=IMAGE_KINDS,
                                          uploaded_by=current_user))
        except UploadRejected as exc:
            form.upload.errors = [str(exc)]
    if form.errors or form.upload.errors:
        return _page(spec, language="en", logos=form, status=400)
    keep = [int(v) for v in request.form.getlist("keep") if v.isdigit()]
    design.save_logos(spec, use_default=form.use_default.data, keep=keep,
                      new_files=new_files, actor=current_user)
    flash(_("The logos have been saved."), "success")
    return redirect(url_for("certificates.template_edit", name=name))


@bp.route("/templates/<name>/reset", methods=["POST"])
@role_required(ORGANISER)
def template_reset(name: str):
    design.reset(_spec(name))
    flash(_("The template is back to its defaults."), "success")
    return redirect(url_for("certificates.template_edit", name=name))


@bp.route("/templates/<name>/images/<key>")
@role_required(ORGANISER)
def template_image(name: str, key: str):
    """An uploaded logo or signature image, only if this template uses it."""
    stored = design.template_image(_spec(name), key)
    if stored is None:
        abort(404)
    return send_stored_file(stored)


@bp.route("/templates/<name>/preview.<fmt>")
@role_required(ORGANISER)
@limiter.limit("30 per minute")
def template_preview(name: str, fmt: str):
    spec = _spec(name)
    if fmt not in ("pdf", "png"):
        abort(404)
    language = _language(spec)
    try:
        pdf = samples.sample_pdf(spec.name, language="" if language == "en" else language,
                                 name=request.args.get("name") or None)
        dpi = min(max(request.args.get("dpi", 60, type=int), 30), 150)
        body = pdf if fmt == "pdf" else pdf_to_png(pdf, dpi=dpi)
    except (RenderError, TemplateError, RasterError) as exc:
        return Response(str(exc), status=500, mimetype="text/plain")
    response = Response(body, mimetype="application/pdf" if fmt == "pdf" else "image/png")
    response.headers["Cache-Control"] = "private, no-store"
    if fmt == "pdf":
        response.headers["Content-Disposition"] = f'inline; filename="specimen-{spec.name}.pdf"'
    return response
