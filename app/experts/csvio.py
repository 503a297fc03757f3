"""CSV import and export of the directory, with the columns of DESIGN.md:

name,native_name,honorific,position,organisation,organisation_type,country,expertise,
keywords,languages,email,email_visibility,phone,phone_visibility,bio,consent_date

expertise, keywords and languages are ';'-separated (taxonomy slugs, free words, BCP 47
codes); visibility is public, members or organisers (empty → organisers); consent_date is
YYYY-MM-DD (empty → not consented, so not listed). Every row is checked before anything is
written; errors name the line. Export writes the same columns (contact columns empty where
the downloader may not see them), UTF-8 with a byte-order mark for spreadsheet programs,
and neutralises cells a spreadsheet would run as a formula (a leading apostrophe, removed
again on import).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from app.auth.audit import record_audit
from app.auth.services import RowError
from app.auth.services.roster import MAX_CSV_ROWS, too_many_rows
from app.experts import permissions
from app.experts.models import (
    ORGANISATION_TYPES,
    ORGANISERS,
    VISIBILITY_LEVELS,
    Expert,
    ExpertiseArea,
)
from app.experts.reference import normalise_language
from app.experts.services import PHONE_RE, create_expert, parse_keywords
from app.extensions import db
from app.reference import COUNTRIES

COLUMNS = ["name", "native_name", "honorific", "position", "organisation", "organisation_type",
           "country", "expertise", "keywords", "languages", "email", "email_visibility", "phone",
           "phone_visibility", "bio", "consent_date"]
LIMITS = {"name": 200, "native_name": 200, "honorific": 40, "position": 200,
          "organisation": 300, "bio": 20000}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class ParsedExperts:
    rows: list[dict] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def _unescape(value: str) -> str:
    if len(value) > 1 and value[0] == "'" and value[1] in FORMULA_START:
        return value[1:]
    return value


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(";") if part.strip()]


def _check_row(row: dict, areas: dict[str, ExpertiseArea]) -> tuple[dict, list[str]]:
    problems: list[str] = []
    data: dict = {}
    if not row.get("name"):
        problems.append(_("name is empty"))
    for column, limit in LIMITS.items():
        if len(row.get(column, "")) > limit:
            problems.append(_("%(column)s is longer than %(n)d characters", column=column,
                              n=limit))
    for column in ("name", "native_name", "honorific", "position", "organisation", "bio"):
        data[column] = row.get(column, "")
    kind = row.get("organisation_type", "")
    if kind and kind not in ORGANISATION_TYPES:
        problems.append(_("unknown organisation_type %(v)r (use one of: %(all)s)", v=kind,
                          all=", ".join(ORGANISATION_TYPES)))
    data["organisation_type"] = kind
    country = (row.get("country") or "XX").upper()
    if country not in COUNTRIES:
        problems.append(_("unknown country code %(c)r", c=row.get("country")))
    data["country"] = country
    slugs = [s.lower() for s in _split(row.get("expertise", ""))]
    unknown = [s for s in slugs if s not in areas or areas[s].retired]
    if unknown:
        problems.append(_("unknown expertise area: %(s)s", s=", ".join(unknown)))
    data["area_slugs"] = list(dict.fromkeys(slugs))
    data["keywords"] = parse_keywords(row.get("keywords", ""), ";")
    languages = []
    for code in _split(row.get("languages", "")):
        normal = normalise_language(code)
        if normal is None:
            problems.append(_("unknown language code %(c)r", c=code))
        elif normal not in languages:
            languages.append(normal)
    data["languages"] = languages
    email = row.get("email", "")
    if email:
        try:
            email = validate_email(email, check_deliverability=False).normalized
        except EmailNotValidError:
            problems.append(_("invalid e-mail address %(e)r", e=email))
    data["email"] = email
    phone = row.get("phone", "")
    if phone and not PHONE_RE.match(phone):
        problems.append(_("invalid phone number %(p)r", p=phone))
    data["phone"] = phone
    for column in ("email_visibility", "phone_visibility"):
        level = (row.get(column) or ORGANISERS).lower()
        if level not in VISIBILITY_LEVELS:
            problems.append(_("%(column)s must be public, members or organisers",
                              column=column))
        data[column] = level
    consent = row.get("consent_date", "")
    data["consent_date"] = None
    if consent:
        try:
            data["consent_date"] = date.fromisoformat(consent)
        except ValueError:
            problems.append(_("consent_date %(d)r is not a date (YYYY-MM-DD)", d=consent))
        else:
            if data["consent_date"] > date.today():
                problems.append(_("consent_date is in the future"))
    return data, problems


def parse_expert_csv(text: str, *, check_existing: bool = True) -> ParsedExperts:
    """Validate every row of an experts CSV; each problem is reported with its line
    (`check_existing`: also the e-mail addresses of experts already in the directory)."""
    result = ParsedExperts()
    if text.startswith("\ufeff"):
        text = text[1:]
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        header = [h.strip().lower() for h in (reader.fieldnames or [])]
    except csv.Error as exc:
        result.errors.append(RowError(1, str(exc)))
        return result
    unknown = [c for c in header if c not in COLUMNS]
    if "name" not in header or unknown:
        if "name" not in header:
            result.errors.append(RowError(1, _("missing columns: %(c)s", c="name")))
        if unknown:
            result.errors.append(RowError(1, _("unknown columns: %(c)s (expected: %(all)s)",
                                               c=", ".join(unknown), all=",".join(COLUMNS))))
        return result
    if len(set(header)) != len(header):
        result.errors.append(RowError(1, _("a column appears twice")))
        return result
    reader.fieldnames = header
    areas = {a.slug: a for a in db.session.scalars(sa.select(ExpertiseArea))}
    emails: dict[str, int] = {}
    line = 2
    try:
        for count, raw in enumerate(reader):
            start, line = line, reader.line_num + 1
            if count >= MAX_CSV_ROWS:
                result.errors.append(RowError(start, too_many_rows()))
                break
            if None in raw:
                result.errors.append(RowError(start, _("too many fields")))
                continue
            row = {k: _unescape((v or "").strip()) for k, v in raw.items()}
            if not any(row.values()):
                continue
            data, problems = _check_row(row, areas)
            email = data["email"].lower()
            if email and email in emails:
                problems.append(_("duplicate of line %(n)d", n=emails[email]))
            elif email:
                emails[email] = start
            if problems:
                result.errors.extend(RowError(start, p) for p in problems)
            else:
                result.rows.append({"line": start, **data})
    except csv.Error as exc:
        result.errors.append(RowError(line, str(exc)))
    if not result.rows and not result.errors:
        result.errors.append(RowError(1, _("the file has no rows")))
    if emails and check_existing:
        result.errors.extend(existing_expert_errors(emails))
    result.errors.sort(key=lambda e: e.line)
    return result


def existing_expert_errors(emails: dict[str, int]) -> list[RowError]:
    """An error for each e-mail address (lower case → its line) an expert already has."""
    existing = db.session.execute(
        sa.select(sa.func.lower(Expert.email), Expert.id)
        .where(sa.func.lower(Expert.email).in_(list(emails))))
    return [RowError(emails[email], _("an expert with %(e)s already exists (record %(id)d)",
                                      e=email, id=expert_id))
            for email, expert_id in existing]


def import_experts(rows: Iterable[dict], *, actor=None, source: str = "") -> list[Expert]:
    """Create the experts of already validated rows (parse_expert_csv): one audit entry."""
    created = []
    for row in rows:
        data = {k: v for k, v in row.items() if k != "line"}
        created.append(create_expert(data, actor=actor, audit=False))
    if created:
        record_audit("expert.import", actor=actor, target=source[:200],
                     details=f"{len(created)} experts: " + ", ".join(
                         str(e.id) for e in created))
    return created


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def export_rows(experts: Iterable[Expert], viewer) -> Iterable[list[str]]:
    yield COLUMNS
    for expert in experts:
        email_ok = permissions.can_see_contact(viewer, expert, expert.email_visibility)
        phone_ok = permissions.can_see_contact(viewer, expert, expert.phone_visibility)
        values = {
            "name": expert.name, "native_name": expert.native_name,
            "honorific": expert.honorific, "position": expert.position,
            "organisation": expert.organisation, "organisation_type": expert.organisation_type,
            "country": expert.country,
            "expertise": ";".join(a.slug for a in expert.areas),
            "keywords": ";".join(expert.keyword_list),
            "languages": ";".join(expert.languages),
            "email": expert.email if email_ok else "",
            "email_visibility": expert.email_visibility,
            "phone": expert.phone if phone_ok else "",
            "phone_visibility": expert.phone_visibility,
            "bio": expert.bio,
            "consent_date": expert.consent_date.isoformat() if expert.consent_date else "",
        }
        yield [_cell(values[c]) for c in COLUMNS]


def export_csv(query: sa.Select, viewer, out: io.TextIOBase) -> int:
    """Write the experts of `query` as CSV to `out`; returns the number of experts."""
    query = query.options(selectinload(Expert.areas), selectinload(Expert.language_rows))
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    count = -1
    for count, row in enumerate(export_rows(db.session.scalars(query), viewer)):  # noqa: B007
        writer.writerow(row)
    return count


def csv_text(query: sa.Select, viewer) -> str:
    buffer = io.StringIO()
    export_csv(query, viewer, buffer)
    return buffer.getvalue()



class _Secretariat:
    """The viewer of command-line exports: the secretariat sees every contact detail."""

    is_authenticated = True
    id = None
    roles = frozenset({"admin"})

    def has_role(self, *roles: str) -> bool:
        return True


SECRETARIAT = _Secretariat()
