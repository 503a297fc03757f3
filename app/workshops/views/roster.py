"""The organiser's roster of a workshop, with everyone's progress, and its CSV export."""

from __future__ import annotations

from flask import render_template, request
from flask_babel import get_locale
from flask_login import current_user, login_required

from app.timeutil import utcnow
from app.web import csv_download
from app.workshops import bp, roster
from app.workshops.permissions import can_manage_workshop, can_run_workshop
from app.workshops.views.common import workshop_or_404

CHART_FRAGMENT = 1  # bump when the roster's chart shows something its key does not hold


def chart_key(rows: list[dict]) -> tuple:
    """The fragment-cache key of the roster's chart (_macros/charts.html `bar_chart`): the
    bars it draws (country names, learners, completions) and the interface language (its
    titles). Counts only: nothing of anyone's."""
    return ("workshops.roster_chart", CHART_FRAGMENT, str(get_locale()),
            tuple((row["label"], row["total"], row["done"]) for row in rows))


@bp.route("/<int:workshop_id>/roster", endpoint="roster")
@login_required
def roster_page(workshop_id: int):
    workshop = workshop_or_404(workshop_id, can_run_workshop, staff_only=True)
    filters = {"country": request.args.get("country", ""), "agency": request.args.get("agency", "")}
    view = roster.roster(workshop, **filters, page=request.args.get("page", 1, type=int))
    return render_template("workshops/roster.html", workshop=workshop, view=view,
                           filters=filters, can_manage=can_manage_workshop(current_user, workshop),
                           chart_key=chart_key)


@bp.route("/<int:workshop_id>/roster.csv")
@login_required
def roster_csv(workshop_id: int):
    workshop = workshop_or_404(workshop_id, can_run_workshop, staff_only=True)
    view = roster.roster(workshop, country=request.args.get("country", ""),
                             agency=request.args.get("agency", ""))
    filename = f"workshop-{workshop.id}-roster-{utcnow():%Y%m%d}.csv"
    return csv_download(roster.roster_csv(view), filename)
