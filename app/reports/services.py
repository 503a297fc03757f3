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
    people: tuple[int, int] | None = None  # (learners, completed) counted once per person

    @property
    def totals(self) -> ReportRow:
        learners, completed = self.people or (sum(r.learners for r in self.rows),
                                              sum(r.completed for r in self.rows))
        return ReportRow("", "", learners, completed, sum(r.certificates for r in self.rows))


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
    # people, not enrolments: an official in two workshops is one learner (and one completer)
    learners = func.count(func.distinct(Enrolment.user_id))
    completed = func.count(func.distinct(case(
        (Enrolment.completion_status == COMPLETED, Enrolment.user_id), else_=None)))
    base = (select(learners, completed).select_from(Enrolment)
            .join(User, User.id == Enrolment.user_id)
            .join(Workshop, Workshop.id == Enrolment.workshop_id))
    base = _filtered(base, year=year, country=country, workshop_id=workshop_id)
    people = tuple(db.session.execute(base).one())
    query = base.with_only_columns(group, learners, completed)
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
    return Report(by=by, rows=report_rows, people=(int(people[0]), int(people[1] or 0)))


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
