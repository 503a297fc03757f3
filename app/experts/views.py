"""Pages of the expert directory: thin handlers over services, merge, csvio and vcard."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from markupsafe import Markup, escape
from werkzeug.datastructures import FileStorage

from app.auth.models import ORGANISER
from app.auth.permissions import role_required
from app.cache import cached_fragment
from app.experts import bp, csvio, permissions, photos, reference, services, taxonomy
from app.experts.contributions import contributions_of
from app.experts.forms import (
    AreaEditForm,
    AreaForm,
    ExpertForm,
    ExpertProfileForm,
    ImportForm,
    MergeForm,
)
from app.experts.merge import merge_experts, preview_merge
from app.experts.models import Expert, ExpertiseArea
from app.experts.vcard import expert_vcard, vcard_filename
from app.extensions import db
from app.files.services import UploadRejected
from app.files.views import send_stored_file
from app.imports.upload import import_page
from app.markdown import render_markdown
from app.query_args import page_arg, text_arg
from app.reference import country_choices
from app.timeutil import utcnow

for _name in ("can_see_contact", "can_edit_expert", "can_manage_experts", "is_own_profile",
              "can_download_vcard", "can_export_experts"):
    bp.add_app_template_global(getattr(permissions, _name), _name)
bp.add_app_template_global(reference.spoken_language_name, "spoken_language_name")
bp.add_app_template_global(reference.name_language, "name_language")
bp.add_app_template_filter(reference.area_name, "area_name")
bp.add_app_template_filter(reference.area_description, "area_description")
bp.add_app_template_global(reference.ORGANISATION_TYPE_LABELS, "organisation_type_labels")
bp.add_app_template_global(reference.VISIBILITY_LABELS, "visibility_labels")


def expert_or_404(expert_id: int, check=permissions.can_view_expert) -> Expert:
    """The expert, or 404 — also when `check(current_user, expert)` refuses (by default: the
    viewer may not see the record, no consent or archived): its existence is not revealed.
    Pages already limited to organisers pass `check=None`."""
    expert = db.get_or_404(Expert, expert_id)
    if check is not None and not check(current_user, expert):
        abort(404)
    return expert


@bp.route("/")
def index():
    filters = services.DirectoryFilters.from_args(request.args)
    manage = permissions.can_manage_experts(current_user)
    page = services.search_experts(filters, current_user, page=page_arg(request.args),
                                   manage=manage)
    return render_template("experts/index.html", page=page, filters=filters, manage=manage,
                           names=reference.directory_names(),
                           options=_filter_options(filters, taxonomy.offered_areas()),
                           own_id=services.linked_expert_id(current_user))


def _filter_options(filters, areas: list[tuple[str, str]]) -> dict[str, Markup]:
    """The <option>s of the directory's filters, each list rendered once per language (and
    per list of areas: the key holds the rows it names), the chosen one marked."""
    names = reference.directory_names()
    lists = {
        "country": country_choices,
        "area": lambda: [(area.slug, names.area(area)) for area in areas],
        "organisation_type": lambda: reference.ORGANISATION_TYPE_LABELS.items(),
        "language": reference.spoken_language_choices,
    }
    options = {}
    for name, items in lists.items():
        key = ("experts.filter_options", name, names.locale,
               tuple(map(tuple, areas)) if name == "area" else ())
        html = str(cached_fragment(key, lambda items=items: "".join(
            f'<option value="{escape(value)}">{escape(label)}</option>'
            for value, label in items())))
        chosen = getattr(filters, name)
        if chosen:
            mark = f'<option value="{escape(chosen)}">'
            html = html.replace(mark, mark[:-1] + " selected>", 1)
        options[name] = Markup(html)  # noqa: S704 - escaped above
    return options


@bp.route("/<int:expert_id>")
def detail(expert_id: int):
    expert = expert_or_404(expert_id)
    return render_template("experts/detail.html", expert=expert,
                           bio=render_markdown(expert.bio),
                           contributions=contributions_of(expert.id, current_user))


@bp.route("/<int:expert_id>.vcf")
@login_required
def vcard(expert_id: int):
    expert = expert_or_404(expert_id)
    if not permissions.can_download_vcard(current_user, expert):
        abort(403)
    body = expert_vcard(expert, current_user,
                        profile_url=url_for("experts.detail", expert_id=expert.id,
                                            _external=True))
    response = Response(body, mimetype="text/vcard")
    response.headers["Content-Disposition"] = f'attachment; filename="{vcard_filename(expert)}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/<int:expert_id>/photo")
def photo(expert_id: int):
    expert = expert_or_404(expert_id)
    if expert.photo is None:
        abort(404)
    return send_stored_file(expert.photo, inline=True, private=not expert.listed_publicly)


def _expert_form(expert: Expert | None):
    record = expert is None or permissions.can_edit_record(current_user, expert)
    form_class = ExpertForm if record else ExpertProfileForm
    data = {"country": "XX", "email_visibility": "organisers", "phone_visibility": "organisers"}
    if expert is not None:
        data = {name: getattr(expert, name) for name in (
            "name", "honorific", "native_name", "position", "organisation", "organisation_type",
            "country", "bio", "email", "email_visibility", "phone", "phone_visibility",
            "consent_date", "keywords")}
        data.update(areas=[a.id for a in expert.areas], languages=expert.languages,
                    account_email=expert.user.email if expert.user else "",
                    publications=[{"title": p.title, "url": p.url, "year": p.year}
                                  for p in expert.publications])
    form = form_class(data=data)
    current = expert.areas if expert is not None else []
    form.areas.choices = [(a.id, reference.area_name(a)) for a in taxonomy.list_areas()] + [
        (a.id, reference.area_name(a) + " " + _("(retired)")) for a in current if a.retired]
    form.languages.choices = reference.spoken_language_choices(
        expert.languages if expert is not None else [])
    if not form.is_submitted():
        for _blank in range(3):
            form.publications.append_entry()
    return form


def _save(form, expert: Expert | None) -> Expert | None:
    """Create or update from a validated form, with the photo; None (and the error next to
    its field, nothing written) when a service refuses."""
    try:
        if expert is None:
            expert = services.create_expert(form.profile_data(), actor=current_user)
        else:
            services.update_expert(expert, form.profile_data(), actor=current_user)
        upload = form.photo.data
        if isinstance(upload, FileStorage) and upload.filename:
            photos.set_photo(expert, upload, actor=current_user)
        elif form.remove_photo.data:
            photos.remove_photo(expert, actor=current_user)
        db.session.flush()
        return expert
    except (services.ExpertError, UploadRejected) as exc:
        db.session.rollback()
        field = getattr(exc, "field", None) or "photo"
        getattr(form, field, form.photo).errors.append(str(exc))
        return None


@bp.route("/new", methods=["GET", "POST"])
@role_required(ORGANISER)
def create():
    form = _expert_form(None)
    if form.validate_on_submit() and (expert := _save(form, None)) is not None:
        flash(_("The profile of %(name)s has been created.", name=expert.name), "success")
        return redirect(url_for("experts.detail", expert_id=expert.id))
    return render_template("experts/form.html", form=form, expert=None)


@bp.route("/<int:expert_id>/edit", methods=["GET", "POST"])
@login_required
def edit(expert_id: int):
    expert = expert_or_404(expert_id)
    if not permissions.can_edit_expert(current_user, expert):
        abort(403)
    form = _expert_form(expert)
    if form.validate_on_submit() and _save(form, expert) is not None:
        flash(_("Saved."), "success")
        return redirect(url_for("experts.detail", expert_id=expert_id))
    return render_template("experts/form.html", form=form, expert=expert)


@bp.route("/<int:expert_id>/archive", methods=["POST"])
@role_required(ORGANISER)
def archive(expert_id: int):
    return _set_archived(expert_id, True)


@bp.route("/<int:expert_id>/restore", methods=["POST"])
@role_required(ORGANISER)
def restore(expert_id: int):
    return _set_archived(expert_id, False)


def _set_archived(expert_id: int, archived: bool):
    expert = expert_or_404(expert_id, check=None)
    services.set_archived(expert, archived, actor=current_user)
    flash(_("%(name)s has been archived: no longer listed.", name=expert.name) if archived
          else _("%(name)s has been restored.", name=expert.name), "success")
    return redirect(url_for("experts.detail", expert_id=expert.id))


@bp.route("/<int:expert_id>/merge", methods=["GET", "POST"])
@role_required(ORGANISER)
def merge(expert_id: int):
    keep = expert_or_404(expert_id, check=None)
    form = MergeForm()
    q = text_arg(request.args, "q")
    candidates = services.merge_candidates(keep, q, current_user)
    form.duplicate.choices = [(c.id, c.name) for c in candidates]
    preview = None
    if form.validate_on_submit():
        duplicate = db.session.get(Expert, form.duplicate_id() or 0)
        if duplicate is None or duplicate.id == keep.id:
            form.other_id.errors.append(_("Choose another record of the directory."))
        elif form.confirm.data:
            merge_experts(keep, duplicate, actor=current_user)
            flash(_("The duplicate record has been merged into this one."), "success")
            return redirect(url_for("experts.detail", expert_id=expert_id))
        else:
            preview = preview_merge(keep, duplicate)
    return render_template("experts/merge.html", keep=keep, form=form, preview=preview,
                           candidates=candidates, q=q)


@bp.route("/import", methods=["GET", "POST"])
@role_required(ORGANISER)
def import_csv():
    def done(parsed, filename: str):
        created = csvio.import_experts(parsed.rows, actor=current_user, source=filename)
        return (ngettext("%(num)d expert imported.", "%(num)d experts imported.", len(created)),
                url_for("experts.index", status="all", sort="updated"))

    return import_page(ImportForm(), "experts", "experts/import.html", csvio.parse_expert_csv,
                       done, columns=csvio.COLUMNS, areas=taxonomy.list_areas())


@bp.route("/export.csv")
@login_required
def export_csv():
    filters = services.DirectoryFilters.from_args(request.args)
    body = csvio.csv_text(services.directory_select(filters, current_user), current_user)
    response = Response(body, mimetype="text/csv")
    name = f"experts-{utcnow():%Y-%m-%d}.csv"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/areas", methods=["GET", "POST"])
@role_required(ORGANISER)
def areas():
    form = AreaForm()
    if form.validate_on_submit():
        try:
            area = taxonomy.create_area(slug=form.slug.data, name=form.name.data,
                                        description=form.description.data or "",
                                        actor=current_user)
        except services.ExpertError as exc:
            getattr(form, exc.field or "slug").errors.append(exc.message)
        else:
            flash(_("The area %(name)s has been added.", name=area.name), "success")
            return redirect(url_for("experts.areas"))
    return render_template("experts/areas.html", form=form,
                           areas=taxonomy.list_areas(include_retired=True),
                           usage=taxonomy.area_usage())


@bp.route("/areas/<int:area_id>", methods=["GET", "POST"])
@role_required(ORGANISER)
def edit_area(area_id: int):
    area = db.get_or_404(ExpertiseArea, area_id)
    form = AreaEditForm(obj=area)
    if form.validate_on_submit():
        taxonomy.update_area(area, name=form.name.data, description=form.description.data or "",
                             retired=form.retired.data, actor=current_user)
        flash(_("Saved."), "success")
        return redirect(url_for("experts.areas"))
    return render_template("experts/area_form.html", form=form, area=area)
