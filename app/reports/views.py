"""Reports pages for organisers: a table, a chart and a CSV export."""

from __future__ import annotations

from flask import render_template, request

from app.auth.models import ORGANISER
from app.auth.permissions import role_required
from app.reference import country_choices
from app.reports import bp, services
from app.timeutil import utcnow
from app.web import csv_download


def _args() -> dict:
    args = request.args
    return {
        "by": args.get("by", "country") if args.get("by") in services.DIMENSIONS else "country",
        "year": args.get("year", type=int),
        "country": args.get("country", ""),
        "workshop_id": args.get("workshop", type=int),
    }


@bp.route("/")
@role_required(ORGANISER)
def index():
    args = _args()
    report = services.build_report(**args)
    return render_template("reports/index.html", report=report, args=args,
                           years=services.years(), countries=country_choices(),
                           workshops=services.workshop_choices(),
                           dimensions=services.DIMENSIONS)


@bp.route("/export.csv")
@role_required(ORGANISER)
def export():
    args = _args()
    report = services.build_report(**args)
    filename = f"akmn-report-by-{report.by}-{utcnow():%Y%m%d}.csv"
    return csv_download(services.report_csv(report), filename)
