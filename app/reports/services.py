"""Aggregates across workshops: learners, completions and certificates by country, agency,
year or workshop (one query per figure, whatever the number of rows)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from sqlalchemy import case, extract, func, select

from app.auth.models import User
from app.extensions import db
from app.reference import country_name
from app.workshops import progress
from app.workshops.models import APPROVED, CANCELLED, COMPLETED, Enrolment, Workshop
from app.workshops.roster import csv_safe

DIMENSIONS = ("country", "agency", "year", "workshop")


@dataclass
class ReportRow:
    key: str
    label: str
    learners: int
    completed: int
    certificates: int

    @property
    def rate(self) -> int:
        return round(100 * self.completed / self.learners) if self.learners else 0


@dataclass
class Report:
    by: str
    rows: list[ReportRow]

    @property
    def totals(self) -> ReportRow:
        return ReportRow("", "", sum(r.learners for r in self.rows),
                         sum(r.completed for r in self.rows),
                         sum(r.certificates for r in self.rows))


def _group(by: str):
    return {
        "country": User.country,
        "agency": User.agency,
        "year": extract("year", Workshop.start_date),
        "workshop": Workshop.id,
    }[by]


def _filtered(query, *, year: int | None, country: str, workshop_id: int | None):
    query = query.where(Workshop.status != CANCELLED, Enrolment.status == APPROVED)
    if year:
        query = query.where(extract("year", Workshop.start_date) == year)
    if country:
        query = query.where(User.country == country)
    if workshop_id:
        query = query.where(Workshop.id == workshop_id)
    return query


def build_report(by: str = "country", *, year: int | None = None, country: str = "",
                 workshop_id: int | None = None) -> Report:
    if by not in DIMENSIONS:
        by = "country"
    group = _group(by).label("key")
    completed = func.sum(case((Enrolment.completion_status == COMPLETED, 1), else_=0))
    query = (select(group, func.count(Enrolment.id), completed)
             .select_from(Enrolment)
             .join(User, User.id == Enrolment.user_id)
             .join(Workshop, Workshop.id == Enrolment.workshop_id))
    query = _filtered(query, year=year, country=country, workshop_id=workshop_id)
    rows = db.session.execute(query.group_by(group)).all()
    certs = progress.certificate_counts(
        group, lambda q: _filtered(q, year=year, country=country, workshop_id=workshop_id))
    titles = {}
    if by == "workshop" and rows:
        titles = dict(db.session.execute(select(Workshop.id, Workshop.title).where(
            Workshop.id.in_([r[0] for r in rows]))).all())
    report_rows = []
    for key, learners, done in rows:
        report_rows.append(ReportRow(
            key="" if key is None else str(int(key) if by in ("year", "workshop") else key),
            label=_label(by, key, titles), learners=learners, completed=int(done or 0),
            certificates=certs.get(key, 0)))
    if by == "year":
        report_rows.sort(key=lambda r: r.key, reverse=True)
    else:
        report_rows.sort(key=lambda r: (-r.learners, r.label.lower()))
    return Report(by=by, rows=report_rows)


def _label(by: str, key, titles: dict) -> str:
    if by == "country":
        return country_name(key)
    if by == "year":
        return str(int(key)) if key is not None else ""
    if by == "workshop":
        return titles.get(key, str(key))
    return key or "—"


def report_csv(report: Report) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([report.by, "label", "learners", "completed", "completion_rate",
                     "certificates"])
    for row in report.rows:
        line = [row.key, row.label, row.learners, row.completed, row.rate, row.certificates]
        writer.writerow([csv_safe(v) for v in line])
    return out.getvalue()


def years() -> list[int]:
    found = db.session.scalars(
        select(extract("year", Workshop.start_date)).distinct()
        .where(Workshop.status != CANCELLED))
    return sorted({int(y) for y in found if y is not None}, reverse=True)


def workshop_choices() -> list[tuple[int, str]]:
    return list(db.session.execute(
        select(Workshop.id, Workshop.title).where(Workshop.status != CANCELLED)
        .order_by(Workshop.start_date.desc())).all())
