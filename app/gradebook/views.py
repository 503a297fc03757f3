"""Gradebook pages: the grid with its filters, and the XLSX and CSV downloads."""

from __future__ import annotations

from flask import Response, render_template, request
from flask_login import current_user, login_required

from app.gradebook import bp, services
from app.gradebook.permissions import can_view_gradebook
from app.query_args import page_arg
from app.timeutil import utcnow
from app.workshops.forms import COMPLETION_LABELS
from app.workshops.models import Workshop
from app.workshops.permissions import can_manage_workshop
from app.workshops.views.common import workshop_or_404

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filters() -> dict:
    return {"country": request.args.get("country", ""), "agency": request.args.get("agency", "")}


def _label(status: str) -> str:
    return str(COMPLETION_LABELS.get(status, status))


def _download(body, mimetype: str, workshop: Workshop, ext: str) -> Response:
    filename = f"workshop-{workshop.id}-gradebook-{utcnow():%Y%m%d}.{ext}"
    return Response(body, mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.route("/workshops/<int:workshop_id>")
@login_required
def workshop(workshop_id: int):
    workshop = workshop_or_404(workshop_id, can_view_gradebook, staff_only=True)
    filters = _filters()
    book = services.gradebook(workshop, **filters, page=page_arg(request.args))
    return render_template("gradebook/workshop.html", workshop=workshop, book=book,
                           filters=filters, label=_label,
                           can_manage=can_manage_workshop(current_user, workshop))


@bp.route("/workshops/<int:workshop_id>/gradebook.xlsx")
@login_required
def xlsx(workshop_id: int):
    workshop = workshop_or_404(workshop_id, can_view_gradebook, staff_only=True)
    book = services.gradebook(workshop, **_filters())
    return _download(services.to_xlsx(book, _label), XLSX, workshop, "xlsx")


@bp.route("/workshops/<int:workshop_id>/gradebook.csv")
@login_required
def csv(workshop_id: int):
    workshop = workshop_or_404(workshop_id, can_view_gradebook, staff_only=True)
    book = services.gradebook(workshop, **_filters())
    return _download(services.to_csv(book, _label), "text/csv; charset=utf-8", workshop, "csv")
