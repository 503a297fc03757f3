"""The gradebook, built on the workshops' roster (app.workshops.roster, completion): the same
learners, the same completion rule and the same bulk queries, so it costs a constant number
of queries whatever the size of the cohort. The page shows 50 learners at a time (the
roster's paging: everyone's status from a `completion.Cohort`, lines only for the page) and
counts everyone the filters keep; the exports have everyone. Exports: XLSX (openpyxl) and
CSV (UTF-8 with a byte-order mark, so spreadsheet programs read names in every script)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from app.query_args import ListPage
from app.workshops import completion
from app.workshops.models import Workshop
from app.workshops.roster import RosterView, csv_safe
from app.workshops.roster import roster as workshop_roster

BOM = "\ufeff"


@dataclass
class Row:
    line: completion.LearnerProgress

    @property
    def user(self):
        return self.line.user

    @property
    def grades(self) -> list[float | None]:
        return [q.best for q in self.line.quizzes]

    @property
    def lessons_percent(self) -> int | None:
        line = self.line
        if not line.lessons_total:
            return None
        return round(100 * line.lessons_done / line.lessons_total)

    @property
    def attendance_percent(self) -> int | None:
        return self.line.attendance_percent if self.line.sessions else None

    @property
    def status(self) -> str:
        return self.line.status


@dataclass
class Gradebook:
    workshop: Workshop
    roster: RosterView
    rows: list[Row]

    @property
    def quizzes(self):
        return self.roster.items.quizzes

    @property
    def page(self) -> ListPage | None:
        """Which learners `rows` holds (None: everyone, for the exports)."""
        return self.roster.page

    @property
    def total(self) -> int:
        """Learners the filters keep, on every page."""
        return self.roster.total

    @property
    def completed(self) -> int:
        return self.roster.completed

    @property
    def countries(self) -> list[str]:
        return self.roster.countries

    @property
    def agencies(self) -> list[str]:
        return self.roster.agencies


def gradebook(workshop: Workshop, *, country: str = "", agency: str = "",
              page: int | None = None) -> Gradebook:
    """Everyone the filters keep, or with `page` the rows of that page (50 learners; the
    totals still count everyone)."""
    view = workshop_roster(workshop, country=country, agency=agency, page=page)
    return Gradebook(workshop=workshop, roster=view, rows=[Row(line) for line in view.lines])


def _headers(book: Gradebook) -> list[str]:
    headers = [_("Name"), _("Name in own script"), _("E-mail"), _("Country"), _("Agency")]
    headers += [_("%(quiz)s (best %%)", quiz=q.title) for q in book.quizzes]
    headers += [_("Lessons done (%)"), _("Attendance (%)"), _("Completion"),
                _("Completed on")]
    return headers


def _values(book: Gradebook, row: Row, status_label) -> list:
    user = row.user
    values = [user.name, user.native_name, user.email, user.country, user.agency]
    values += [_number(g) for g in row.grades]
    values += [row.lessons_percent, row.attendance_percent, status_label(row.status),
               row.line.completed_at.date() if row.line.completed_at else None]
    return values


def _number(value: float | None) -> float | int | None:
    if value is None:
        return None
    value = round(value, 1)
    return int(value) if value.is_integer() else value


def to_csv(book: Gradebook, status_label=str) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(_headers(book))
    for row in book.rows:
        writer.writerow(["" if v is None else csv_safe(
            v.isoformat() if hasattr(v, "isoformat") else v)
            for v in _values(book, row, status_label)])
    return BOM + out.getvalue()


def _text(value: str) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def to_xlsx(book: Gradebook, status_label=str) -> bytes:
    """One sheet, one row per learner; text cells stay text (a name starting with "=" is
    never a formula), numbers stay numbers."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _text(_("Gradebook"))[:31]
    headers = _headers(book)
    sheet.append([_text(h) for h in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in book.rows:
        sheet.append([None] * len(headers))
        r = sheet.max_row
        for c, value in enumerate(_values(book, row, status_label), start=1):
            cell = sheet.cell(row=r, column=c)
            if isinstance(value, str):
                cell.value = _text(value)
                cell.data_type = "s"
            else:
                cell.value = value
                if hasattr(value, "isoformat"):
                    cell.number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "B2"
    for c, header in enumerate(headers, start=1):
        longest = max([len(header)] + [len(str(sheet.cell(row=r, column=c).value or ""))
                                       for r in range(2, min(sheet.max_row, 200) + 1)])
        sheet.column_dimensions[get_column_letter(c)].width = min(max(longest + 2, 8), 40)
    sheet.auto_filter.ref = sheet.dimensions
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
