"""Importing accounts from a CSV roster: every row checked first, errors by line."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from sqlalchemy import select

from app.auth.models import LEARNER, ROLES, User
from app.auth.services.accounts import create_user, normalise_email
from app.extensions import db
from app.reference import COUNTRIES, LANGUAGES, OTHER_COUNTRY

# One CSV import (users, roster, experts), on the web and the command line alike; the web
# imports big files in the background (app/imports).
MAX_CSV_ROWS = 20_000
USER_CSV_COLUMNS = ["email", "name", "native_name", "country", "agency", "position", "language",
                    "roles"]


@dataclass
class RowError:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass
class ParsedRoster:
    rows: list[dict] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def column_separator(text: str) -> str:
    """The separator between the columns of a CSV: ',' or, from Excel in many locales, ';'
    (or a tab), read from the header line (csv.Sniffer); ',' when it cannot tell."""
    header = text.split("\n", 1)[0]
    try:
        return csv.Sniffer().sniff(header, delimiters=",;\t").delimiter
    except csv.Error:
        return ","


def too_many_rows() -> str:
    return _("More than %(max)s rows: one import takes at most %(max)s, split the file.",
             max=f"{MAX_CSV_ROWS:,}")


def parse_user_csv(text: str, *, require_new: bool = True) -> ParsedRoster:
    """Validate every row of a users CSV; each bad row is reported with its line number."""
    result = ParsedRoster()
    if text.startswith("\ufeff"):
        text = text[1:]
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=column_separator(text))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in ("email", "name") if c not in header]
    unknown = [c for c in header if c not in USER_CSV_COLUMNS]
    if missing or unknown:
        if missing:
            result.errors.append(RowError(1, _("missing columns: %(c)s", c=", ".join(missing))))
        if unknown:
            result.errors.append(RowError(1, _("unknown columns: %(c)s", c=", ".join(unknown))))
        return result
    reader.fieldnames = header
    seen: dict[str, int] = {}
    existing = set()
    for count, raw in enumerate(reader):
        line = reader.line_num
        if count >= MAX_CSV_ROWS:
            result.errors.append(RowError(line, too_many_rows()))
            break
        row = {k: (v or "").strip() for k, v in raw.items() if k is not None}
        if None in raw:
            result.errors.append(RowError(line, _("too many fields")))
            continue
        problems = []
        try:
            email = validate_email(row.get("email", ""), check_deliverability=False).normalized
            email = normalise_email(email)
        except EmailNotValidError:
            problems.append(_("invalid e-mail address %(e)r", e=row.get("email", "")))
            email = ""
        if not row.get("name"):
            problems.append(_("name is empty"))
        country = (row.get("country") or OTHER_COUNTRY).upper()
        if row.get("country") and country == OTHER_COUNTRY:
            problems.append(_("%(c)r is not a country: give the ISO 3166-1 code of the "
                              "official's country (or leave it empty)", c=row.get("country")))
        elif country not in COUNTRIES:
            problems.append(_("unknown country code %(c)r", c=row.get("country")))
        language = row.get("language") or "en"
        if language not in LANGUAGES:
            problems.append(_("unknown language code %(c)r", c=language))
        roles = {r.strip().lower() for r in (row.get("roles") or LEARNER).split(";") if r.strip()}
        bad_roles = roles - set(ROLES)
        if bad_roles:
            problems.append(_("unknown roles: %(r)s", r=", ".join(sorted(bad_roles))))
        if email:
            if email in seen:
                problems.append(_("duplicate of line %(n)d", n=seen[email]))
            else:
                seen[email] = line
        if problems:
            result.errors.extend(RowError(line, p) for p in problems)
            continue
        result.rows.append(
            {
                "line": line,
                "email": email,
                "name": row["name"],
                "native_name": row.get("native_name", ""),
                "country": country,
                "agency": row.get("agency", ""),
                "position": row.get("position", ""),
                "language": language,
                "roles": roles or {LEARNER},
            }
        )
    if not result.rows and not result.errors:
        result.errors.append(RowError(1, _("the file has no rows")))
    if require_new and result.rows:
        emails = [r["email"] for r in result.rows]
        existing = set(db.session.scalars(select(User.email).where(User.email.in_(emails))))
        for row in result.rows:
            if row["email"] in existing:
                result.errors.append(
                    RowError(row["line"], _("an account with %(e)s already exists", e=row["email"]))
                )
    result.errors.sort(key=lambda e: e.line)
    return result


def import_users(rows: list[dict], *, actor: User | None = None) -> list[User]:
    users = []
    for row in rows:
        data = {k: v for k, v in row.items() if k not in {"line", "roles"}}
        users.append(create_user(roles=row["roles"], actor=actor, **data))
    return users
