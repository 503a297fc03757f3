"""What each background import does, in three steps the job runner drives:

* ``parse(job)`` → (items, errors): the whole file checked without writing (lines named);
* ``check(job, items)`` → (plan, errors): what the database says of these items (accounts
  that exist, seats left…), run once over every item before anything is written and again
  for each chunk inside the chunk's own transaction;
* ``write(job, plan, result)``: write one chunk (add/flush), adding to the counts in
  ``result``; ``finish(job, result)``: the last writes (an audit entry).

Each domain's own services do the work: the import is the same as the synchronous one.
"""

from __future__ import annotations

import csv
import io
import re
from abc import ABC, abstractmethod
from dataclasses import dataclass

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import select

from app.extensions import db
from app.imports.models import ImportJob

Errors = list[tuple[int, str]]


def _pairs(errors) -> Errors:
    return [(int(e.line), str(e.message)) for e in errors]


def count_csv_rows(text: str) -> int:
    """The data rows of a CSV (records after the header; quoted line breaks understood)."""
    try:
        return max(0, sum(1 for record in csv.reader(io.StringIO(text, newline=""))
                          if record) - 1)
    except csv.Error:
        return text.count("\n")


@dataclass(frozen=True)
class ImportKind(ABC):
    """One kind of background import; subclasses provide parse, write, summary, back_url."""

    name: str
    label: object

    def count(self, text: str) -> int:
        return count_csv_rows(text)

    @abstractmethod
    def parse(self, job: ImportJob) -> tuple[list, Errors]:
        ...

    def check(self, job: ImportJob, items: list) -> tuple[object, Errors]:
        return items, []

    @abstractmethod
    def write(self, job: ImportJob, plan, result: dict) -> None:
        ...

    def finish(self, job: ImportJob, result: dict) -> None:
        return None

    @abstractmethod
    def summary(self, result: dict) -> str:
        ...

    @abstractmethod
    def back_url(self, job: ImportJob) -> str:
        ...


class UsersImport(ImportKind):
    def parse(self, job):
        from app.auth.services import parse_user_csv

        parsed = parse_user_csv(job.payload, require_new=False)
        return parsed.rows, _pairs(parsed.errors)

    def check(self, job, items):
        from app.auth.models import User

        emails = [row["email"] for row in items]
        existing = set(db.session.scalars(select(User.email).where(User.email.in_(emails))))
        return items, [(row["line"], _("an account with %(e)s already exists", e=row["email"]))
                       for row in items if row["email"] in existing]

    def write(self, job, plan, result):
        from app.auth import services as accounts

        for user in accounts.import_users(plan, actor=job.actor):
            accounts.send_invitation(user)
        result["created"] = result.get("created", 0) + len(plan)

    def summary(self, result):
        return ngettext("%(num)d account imported; it received an invitation.",
                        "%(num)d accounts imported; each received an invitation.",
                        result.get("created", 0))

    def back_url(self, job):
        return url_for("admin.users")


class RosterImport(ImportKind):
    def _workshop(self, job):
        from app.workshops.models import Workshop

        return db.session.get(Workshop, job.target_id)

    def parse(self, job):
        from app.auth.services import parse_user_csv

        parsed = parse_user_csv(job.payload, require_new=False)
        return parsed.rows, _pairs(parsed.errors)

    def check(self, job, items):
        from app.workshops.services.enrolment import lock_workshop
        from app.workshops.services.roster_import import check_roster_rows

        workshop = self._workshop(job)
        if workshop is None:
            return None, [(1, _("The workshop no longer exists."))]
        to_add, already, errors = check_roster_rows(lock_workshop(workshop), items)
        return (to_add, len(already)), _pairs(errors)

    def write(self, job, plan, result):
        from app.workshops.services.roster_import import write_roster_rows

        to_add, already = plan
        added = write_roster_rows(self._workshop(job), to_add, actor=job.actor)
        result["added"] = result.get("added", 0) + len(added)
        result["created"] = result.get("created", 0) + sum(1 for _e, new in added if new)
        result["already"] = result.get("already", 0) + already

    def finish(self, job, result):
        from app.workshops.services.roster_import import record_roster_audit

        record_roster_audit(self._workshop(job), actor=job.actor, added=result.get("added", 0),
                            created=result.get("created", 0),
                            already=result.get("already", 0))

    def summary(self, result):
        return _("%(added)d officials enrolled (%(new)d new accounts invited); "
                 "%(already)d were already enrolled.", added=result.get("added", 0),
                 new=result.get("created", 0), already=result.get("already", 0))

    def back_url(self, job):
        return url_for("workshops.enrolments", workshop_id=job.target_id)


class ExpertsImport(ImportKind):
    def parse(self, job):
        from app.experts import csvio

        parsed = csvio.parse_expert_csv(job.payload, check_existing=False)
        return parsed.rows, _pairs(parsed.errors)

    def check(self, job, items):
        from app.experts import csvio

        emails = {row["email"].lower(): row["line"] for row in items if row["email"]}
        return items, _pairs(csvio.existing_expert_errors(emails)) if emails else []

    def write(self, job, plan, result):
        from app.experts import csvio

        created = csvio.import_experts(plan, actor=job.actor, source=job.filename)
        result["created"] = result.get("created", 0) + len(created)

    def summary(self, result):
        return ngettext("%(num)d expert imported.", "%(num)d experts imported.",
                        result.get("created", 0))

    def back_url(self, job):
        return url_for("experts.index", status="all", sort="updated")


_BLANK_LINES = re.compile(r"\n[ \t]*\n")


class GiftImport(ImportKind):
    def count(self, text):
        """Questions are separated by blank lines ($CATEGORY and comment blocks left out)."""
        blocks = _BLANK_LINES.split(text.replace("\r\n", "\n"))
        return sum(1 for b in blocks if b.strip() and not b.lstrip().startswith(("$", "//")))

    def _bank(self, job):
        from app.quizzes.models import QuestionBank

        return db.session.get(QuestionBank, job.target_id)

    def parse(self, job):
        from app.quizzes import banks

        try:
            return banks.parse_gift_or_raise(job.payload), []
        except banks.GiftImportError as error:
            return [], _pairs(error.errors)

    def check(self, job, items):
        if self._bank(job) is None:
            return None, [(1, _("The question bank no longer exists."))]
        return items, []

    def write(self, job, plan, result):
        from app.quizzes import banks

        counts = banks.save_gift_questions(
            self._bank(job), plan, default_category=job.options.get("category") or None,
            actor=job.actor)
        types = result.setdefault("types", {})
        for name, count in counts.items():
            types[name] = types.get(name, 0) + count

    def summary(self, result):
        from collections import Counter

        from app.quizzes import banks

        counts = Counter(result.get("types", {}))
        return ngettext("Imported %(num)d question: %(types)s.",
                        "Imported %(num)d questions: %(types)s.", sum(counts.values()),
                        types=banks.type_counts_text(counts))

    def back_url(self, job):
        return url_for("quizzes.bank", bank_id=job.target_id)


USERS, ROSTER, EXPERTS, GIFT = "users", "roster", "experts", "gift"
KINDS: dict[str, ImportKind] = {
    USERS: UsersImport(USERS, _l("Import users")),
    ROSTER: RosterImport(ROSTER, _l("Import a roster")),
    EXPERTS: ExpertsImport(EXPERTS, _l("Import experts")),
    GIFT: GiftImport(GIFT, _l("Import questions in GIFT format")),
}
