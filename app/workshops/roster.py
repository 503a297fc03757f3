"""The organiser's roster: every learner's progress, filters, the summary, the CSV export.

Computed on read: a GET never records completion (the signals' receivers and
``flask workshops refresh-completion`` do). The summary and the chart count every learner;
the table shows one page of them (a 500-learner workshop is ten pages, not one 450 KB page);
the CSV export has everyone. Everyone's status comes from the bulk reads of a
`completion.Cohort` (C-level lookups per learner, over rows of plain values); the learners
come from one query of plain values, and only those the table shows become (plain) objects
with their scores.
"""

from __future__ import annotations

import csv
import functools
import io
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import bindparam, func, select

from app.auth.models import User, display_name
from app.extensions import db
from app.query_args import ListPage
from app.workshops.completion import (
    Cohort,
    LearnerProgress,
    WorkshopItems,
    approved_learners,
    workshop_items,
)
from app.workshops.models import APPROVED, COMPLETED, Enrolment, Workshop

ROSTER_PAGE_SIZE = 50


@dataclass(slots=True)
class RosterUser:
    """What the roster, its CSV and the gradebook show of a learner (from a plain row)."""

    id: int
    email: str
    name: str
    native_name: str
    country: str
    agency: str
    position: str
    display_name: str


@dataclass(slots=True)
class RosterEnrolment:
    """An approved enrolment as the roster shows it (what `Cohort.line` reads of one)."""

    user_id: int
    completed_at: datetime | None
    user: RosterUser


@functools.cache
def _learners_statement():
    """Every approved learner of :workshop_id as plain values, by name."""
    return (select(Enrolment.user_id, User.email, User.name, User.native_name, User.country,
                   User.agency, User.position, Enrolment.completed_at)
            .join(User, User.id == Enrolment.user_id)
            .where(Enrolment.workshop_id == bindparam("workshop_id"),
                   Enrolment.status == APPROVED)
            .order_by(func.lower(User.name), User.id))


def _enrolment(row) -> RosterEnrolment:
    user = RosterUser(row.user_id, row.email, row.name, row.native_name, row.country,
                      row.agency, row.position, display_name(row.name, row.native_name))
    return RosterEnrolment(row.user_id, row.completed_at, user)


@dataclass
class RosterView:
    workshop: Workshop
    items: WorkshopItems
    lines: list[LearnerProgress]  # the table's learners: one page with `page`, else everyone
    countries: list[str]
    agencies: list[str]
    page: ListPage | None = None  # which learners the table shows (no items: `lines`)
    # (country, status) → learners, of everyone the filters keep
    tally: Counter = field(default_factory=Counter)

    @property
    def shown(self) -> list[LearnerProgress]:
        """The lines of the table (its page)."""
        return self.lines

    @property
    def total(self) -> int:
        return self.tally.total()

    @property
    def completed(self) -> int:
        return sum(n for (_country, status), n in self.tally.items() if status == COMPLETED)

    @property
    def by_country(self) -> list[dict]:
        """Learners and completions per country, for the summary chart."""
        totals, done = Counter(), Counter()
        for (country, status), n in self.tally.items():
            totals[country] += n
            if status == COMPLETED:
                done[country] += n
        return [{"key": code, "total": totals[code], "done": done[code]}
                for code in sorted(totals, key=lambda c: (-totals[c], c))]


def roster(workshop: Workshop, *, country: str = "", agency: str = "", page: int | None = None,
           per_page: int = ROSTER_PAGE_SIZE) -> RosterView:
    """Everyone's progress (filtered by `country` and `agency`); with `page`, the table's
    page (out-of-range numbers are brought back into range) and only its learners' lines."""
    items = workshop_items(workshop)
    # Every approved learner as plain values, by name (one query): the filters' options,
    # the summary, and the table's rows (only those shown become objects).
    everyone = db.session.execute(_learners_statement(), {"workshop_id": workshop.id}).all()
    kept = [row for row in everyone if (not country or row.country == country)
            and (not agency or row.agency == agency)]
    shown, lines, tally = None, [], Counter()
    if page is not None:
        shown = ListPage(page=1, per_page=per_page, total=len(kept))
        shown.page = min(max(1, page), shown.pages)
    if kept:
        cohort = Cohort(workshop, items, approved_learners(workshop))
        tally = Counter(zip([row.country for row in kept],
                            cohort.statuses([row.user_id for row in kept]), strict=True))
        if shown is not None:
            start = (shown.page - 1) * per_page
            kept = kept[start:start + per_page]
        lines = [cohort.line(_enrolment(row)) for row in kept]
    return RosterView(
        workshop=workshop, items=items, lines=lines, tally=tally,
        countries=sorted({row.country for row in everyone}),
        agencies=sorted({row.agency for row in everyone if row.agency}, key=str.lower),
        page=shown,
    )


def roster_csv(view: RosterView) -> str:
    """The roster as CSV: one row per learner, one column per quiz."""
    out = io.StringIO()
    writer = csv.writer(out)
    quizzes = view.items.quizzes
    header = ["email", "name", "native_name", "country", "agency", "position",
              "lessons_done", "lessons_total"]
    header += [f"quiz:{q.title}" for q in quizzes]
    header += ["sessions_attended", "sessions_total", "attendance_percent", "status",
               "completed_at", "explanation", "certificate"]
    writer.writerow(header)
    score_cells: dict[tuple, list[str]] = {}  # learners with the same scores share cells
    for line in view.lines:
        user = line.user
        scores = score_cells.get(line.scores_key)
        if scores is None:
            scores = score_cells[line.scores_key] = [
                csv_safe("" if q.best is None else f"{q.best:.1f}") for q in line.quizzes]
        # the text a person typed is made safe; the rest are numbers, codes and dates
        email, name, native_name, country, agency, position, explanation = csv_safe_texts(
            (user.email, user.name, user.native_name, user.country, user.agency,
             user.position, line.explanation))
        writer.writerow([
            email, name, native_name, country, agency, position, line.lessons_done,
            line.lessons_total, *scores, line.attended, line.sessions,
            line.attendance_percent, line.status,
            # stored as naive UTC: written as ISO 8601 with its offset
            line.completed_at.replace(tzinfo=UTC).isoformat(timespec="seconds")
            if line.completed_at else "",
            explanation, "yes" if line.certificate else "no"])
    return out.getvalue()


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value):
    """Keep spreadsheet programs from running a cell as a formula."""
    if isinstance(value, str) and value[:1] in FORMULA_STARTS:
        return "'" + value
    return value


def csv_safe_texts(values) -> list[str]:
    """csv_safe of each of `values` (strings), in one call."""
    return ["'" + value if value[:1] in FORMULA_STARTS else value for value in values]
