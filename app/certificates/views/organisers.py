"""Pages for organisers: the register, issuing (one, or a workshop's cohort), revoking and
reissuing."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from app.auth import services as accounts
from app.auth.models import ORGANISER
from app.auth.permissions import role_required
from app.certificates import background, bp, design, register, services
from app.certificates.data import CertificateData
from app.certificates.forms import CohortForm, IssueForm, ReissueForm, RevokeForm
from app.certificates.views.common import (
    certificate_or_404,
    linkedin_url,
    set_choices,
    workshop_or_404,
)
from app.extensions import db
from app.web import csv_download, form_page
from app.workshops.completers import certificate_choice

# Organisers: register ---------------------------------------------------------------------

def _filters() -> dict:
    args = request.args
    return {"q": args.get("q", ""), "status": args.get("status", ""),
            "workshop_id": args.get("workshop", type=int), "year": args.get("year", type=int),
            "template": args.get("template", "")}


@bp.route("/")
@role_required(ORGANISER)
def index():
    page = db.paginate(services.search(**_filters()), page=request.args.get("page", 1, type=int),
                       per_page=50, error_out=False)
    return render_template("certificates/index.html", page=page, args=request.args,
                           years=services.years(), templates=design.template_choices(),
                           pending=services.pending_count())


@bp.route("/register.csv")
@role_required(ORGANISER)
def register_csv():
    rows = db.session.scalars(register.with_people(services.search(**_filters())))
    return csv_download(register.csv_text(rows, full=True), "certificates-register.csv")


@bp.route("/render-pending", methods=["POST"])
@role_required(ORGANISER)
def render_now():
    retried = background.retry_failed()
    background.request_rendering()
    flash(ngettext("Rendering has started (%(num)d failed certificate retried).",
                   "Rendering has started (%(num)d failed certificates retried).", retried),
          "success")
    return redirect(url_for("certificates.index"))


# Organisers: issuing ----------------------------------------------------------------------

def _snapshot_from(form: IssueForm, holder) -> CertificateData:
    hours = form.hours.data
    return CertificateData(
        holder_name=(form.holder_name.data or holder.name).strip(),
        holder_native_name=(form.holder_native_name.data or holder.native_name or "").strip(),
        title=form.title.data.strip(), title_native=(form.title_native.data or "").strip(),
        course_titles=tuple(line.strip() for line in (form.course_titles.data or "")
                            .splitlines() if line.strip()),
        start_date=form.start_date.data, end_date=form.end_date.data,
        hours=float(hours) if isinstance(hours, Decimal) else None,
        venue=(form.venue.data or "").strip(), host_country=form.host_country.data or "")


@bp.route("/issue", methods=["GET", "POST"])
@role_required(ORGANISER)
def issue():
    form = IssueForm(template="classic")
    set_choices(form)
    if form.validate_on_submit():
        holder = accounts.get_user_by_email(form.email.data)
        if holder is None:
            form.email.errors.append(_("No account has this e-mail address."))
        else:
            try:
                certificate = services.issue_certificate(
                    holder, snapshot=_snapshot_from(form, holder), template=form.template.data,
                    language=form.language.data or "", issued_by=current_user)
            except services.CertificateError as exc:
                form.template.errors.append(str(exc))
            else:
                flash(_("Certificate %(serial)s issued to %(name)s.", serial=certificate.serial,
                        name=certificate.holder_name), "success")
                return redirect(url_for("certificates.detail", certificate_id=certificate.id))
    return render_template("certificates/issue.html", form=form)


@bp.route("/workshops/<int:workshop_id>/issue", methods=["GET", "POST"])
@role_required(ORGANISER)
def cohort(workshop_id: int):
    workshop = workshop_or_404(workshop_id)
    template, language = certificate_choice(workshop)
    form = CohortForm(template=template)
    form.template.choices = design.template_choices()
    recipients = services.eligible_for_workshop(workshop)
    choices = [("", _("— English only —")), *design.language_choices()]
    codes = {code for code, _name in choices}
    # each holder's second language: their own (then their country's), changeable per row
    rows = [(user, data, request.form.get(f"language-{user.id}")
             if request.form.get(f"language-{user.id}") in codes
             else services.holder_language(user, language)) for user, data in recipients]
    return form_page(
        form, "certificates/cohort.html",
        lambda form: services.issue_for_workshop(
            workshop, template=form.template.data, issued_by=current_user,
            languages={user.id: chosen for user, _data, chosen in rows}),
        lambda created: ngettext("%(num)d certificate issued; its PDF is being prepared.",
                                 "%(num)d certificates issued; their PDFs are being prepared.",
                                 len(created)),
        lambda _created: redirect(url_for("certificates.index", workshop=workshop.id)),
        rejects=(services.CertificateError,), field="template", workshop=workshop,
        recipients=rows, language_choices=choices,
        issued=len(services.holders_with_certificates(workshop)))


@bp.route("/workshops/<int:workshop_id>/certificates.zip")
@role_required(ORGANISER)
def workshop_zip(workshop_id: int):
    archive = register.workshop_zip(workshop_id)
    if archive is None:
        abort(404)
    return send_file(archive, mimetype="application/zip", as_attachment=True,
                     download_name=f"workshop-{workshop_id}-certificates.zip")


# Organisers: revoking and reissuing -------------------------------------------------------

@bp.route("/<int:certificate_id>/revoke", methods=["POST"])
@role_required(ORGANISER)
def revoke(certificate_id: int):
    certificate = certificate_or_404(certificate_id)
    form = RevokeForm()
    if form.validate_on_submit():
        try:
            services.revoke_certificate(certificate, reason=form.reason.data,
                                        actor=current_user)
        except services.CertificateError as exc:
            form.reason.errors.append(str(exc))
        else:
            flash(_("Certificate %(serial)s has been revoked.", serial=certificate.serial),
                  "success")
            return redirect(url_for("certificates.detail", certificate_id=certificate.id))
    return render_template("certificates/detail.html", certificate=certificate,
                           revoke_form=form, linkedin_url=linkedin_url(certificate)), 400


@bp.route("/<int:certificate_id>/reissue", methods=["GET", "POST"])
@role_required(ORGANISER)
def reissue(certificate_id: int):
    certificate = certificate_or_404(certificate_id)
    holder = certificate.holder
    form = ReissueForm(holder_name=holder.name, holder_native_name=holder.native_name,
                       template=certificate.template, language=certificate.language)
    set_choices(form)

    def save(form):
        snapshot = replace(certificate.snapshot, holder_name=form.holder_name.data.strip(),
                           holder_native_name=(form.holder_native_name.data or "").strip(),
                           signatories=())
        return services.reissue_certificate(
            certificate, reason=form.reason.data, actor=current_user, snapshot=snapshot,
            template=form.template.data, language=form.language.data or "")

    return form_page(
        form, "certificates/reissue.html", save,
        lambda new: _("Certificate %(new)s replaces %(old)s.", new=new.serial,
                      old=certificate.serial),
        lambda new: redirect(url_for("certificates.detail", certificate_id=new.id)),
        rejects=(services.CertificateError,), field="reason", certificate=certificate)
