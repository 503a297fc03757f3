"""The organiser's roster: every learner's progress, filters, the summary, the CSV export.

Computed on read: a GET never records completion (the signals' receivers and
``flask workshops refresh-completion`` do). The summary and the chart count every learner;
the table shows one page of them (a 500-learner workshop is ten pages, not one 450 KB page);
the CSV export has everyone.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass
from datetime import UTC
from math import ceil

from sqlalchemy import select

from app.auth.models import User
from app.extensions import db
from app.workshops.completion import LearnerProgress, WorkshopItems, compute, workshop_items
from app.workshops.models import APPROVED, COMPLETED, Enrolment, Workshop

ROSTER_PAGE_SIZE = 50


@dataclass
class RosterPage:
    """Which learners the table shows (the attributes the `pagination` macro reads)."""

    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, ceil(self.total / self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


@dataclass
class RosterView:
    workshop: Workshop
    items: WorkshopItems
    lines: list[LearnerProgress]
    countries: list[str]
    agencies: list[str]
    page: RosterPage | None = None

    @property
    def shown(self) -> list[LearnerProgress]:
        """The lines of the table's page (every line without a page)."""
        if self.page is None:
            return self.lines
        start = (self.page.page - 1) * self.page.per_page
        return self.lines[start:start + self.page.per_page]

    @property
    def total(self) -> int:
        return len(self.lines)

    @property
    def completed(self) -> int:
        return sum(1 for line in self.lines if line.status == COMPLETED)

    @property
    def by_country(self) -> list[dict]:
        """Learners and completions per country, for the summary chart."""
        totals, done = Counter(), Counter()
        for line in self.lines:
            totals[line.user.country] += 1
            done[line.user.country] += line.status == COMPLETED
        return [{"key": code, "total": totals[code], "done": done[code]}
                for code in sorted(totals, key=lambda c: (-totals[c], c))]


def roster(workshop: Workshop, *, country: str = "", agency: str = "", page: int | None = None,
           per_page: int = ROSTER_PAGE_SIZE) -> RosterView:
    """Everyone's progress (filtered by `country` and `agency`); with `page`, the table's
    page (out-of-range numbers are brought back into range)."""
    items = workshop_items(workshop)
    lines = compute(workshop, country=country, agency=agency, items=items, display=True)
    options = db.session.execute(
        select(User.country, User.agency).distinct().join(Enrolment, Enrolment.user_id == User.id)
        .where(Enrolment.workshop_id == workshop.id, Enrolment.status == APPROVED)).all()
    shown = None
    if page is not None:
        shown = RosterPage(page=1, per_page=per_page, total=len(lines))
        shown.page = min(max(1, page), shown.pages)
    return RosterView(
        workshop=workshop, items=items, lines=lines,
        countries=sorted({c for c, _a in options}),
        agencies=sorted({a for _c, a in options if a}, key=str.lower), page=shown,
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
    for line in view.lines:
        user = line.user
        row = [user.email, user.name, user.native_name, user.country, user.agency,
               user.position, line.lessons_done, line.lessons_total]
        row += ["" if q.best is None else f"{q.best:.1f}" for q in line.quizzes]
        row += [line.attended, line.sessions, line.attendance_percent, line.status,
                # stored as naive UTC: written as ISO 8601 with its offset
                line.completed_at.replace(tzinfo=UTC).isoformat(timespec="seconds")
                if line.completed_at else "",
                line.explanation, "yes" if line.certificate else "no"]
        writer.writerow([csv_safe(v) for v in row])
    return out.getvalue()


def csv_safe(value):
    """Keep spreadsheet programs from running a cell as a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
