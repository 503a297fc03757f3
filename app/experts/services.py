"""Operations of the expert directory: directory queries and profiles.

Plain functions: no request, no flash, no commit (views and the CLI commit). The taxonomy
lives in taxonomy.py, photos in photos.py, merging in merge.py, CSV in csvio.py, vCards in
vcard.py.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date
from typing import NamedTuple

import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_sqlalchemy.pagination import Pagination

from app import signals
from app.auth.audit import record_audit
from app.auth.models import User
from app.experts import permissions
from app.experts.models import (
    ORGANISATION_TYPES,
    ORGANISERS,
    VISIBILITY_LEVELS,
    Expert,
    ExpertiseArea,
    ExpertLanguage,
    ExpertPhoto,
    ExpertPublication,
    expert_areas,
)
from app.experts.reference import normalise_language
from app.experts.search import (
    like_pattern,
    search_params,
    search_shape,
    split_terms,
    text_search,
)
from app.extensions import db
from app.query_args import text_arg
from app.reference import COUNTRIES

PAGE_SIZE = 24
MAX_KEYWORDS = 30
PHONE_RE = re.compile(r"^[0-9+()./\- ]{3,60}$")
URL_RE = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)


class ExpertError(Exception):
    """A change was refused; `field` names the form field the message belongs to."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


# --- the directory ---------------------------------------------------------------------

@dataclass
class DirectoryFilters:
    q: str = ""
    country: str = ""
    area: str = ""  # slug
    organisation_type: str = ""
    language: str = ""
    status: str = ""  # organisers: "" (current), "unlisted", "archived", "all"
    sort: str = ""  # "" (relevance when searching, else name), "name", "country", "updated"

    @classmethod
    def from_args(cls, args) -> DirectoryFilters:
        return cls(**{name: text_arg(args, name) for name in cls.__dataclass_fields__})

    @property
    def active(self) -> bool:
        return any(getattr(self, name) for name in ("q", "country", "area",
                                                    "organisation_type", "language"))


def country_name_order(column):
    """An ORDER BY term sorting country codes by the country's name in the interface
    language ("Other" last), not by the code (KH "Cambodia" before BN "Brunei" otherwise)."""
    from app.reference import COUNTRIES, OTHER_COUNTRY, country_name

    codes = sorted((c for c in COUNTRIES if c != OTHER_COUNTRY),
                   key=lambda code: country_name(code).casefold())
    return sa.case({code: position for position, code in enumerate(codes)}, value=column,
                   else_=len(codes))


def directory_select(filters: DirectoryFilters, viewer, *, ranked: bool = True,
                     manage: bool | None = None) -> sa.Select:
    """The experts `viewer` may see that match `filters`, sorted; no eager loading.
    `ranked=False`: without the full-text score (to count the matches). `manage`:
    can_manage_experts(viewer), when the caller knows it already."""
    if manage is None:
        manage = permissions.can_manage_experts(viewer)
    conditions = []
    if manage:
        if filters.status == "archived":
            conditions.append(Expert.archived)
        elif filters.status == "unlisted":
            conditions += [~Expert.archived, Expert.consent_date.is_(None)]
        elif filters.status != "all":
            conditions.append(~Expert.archived)
    else:
        conditions += [~Expert.archived, Expert.consent_date.is_not(None)]
    # Values are named bind parameters (directory_params): see page_statement.
    if filters.country:
        conditions.append(Expert.country == sa.bindparam("country", filters.country))
    if filters.organisation_type:
        conditions.append(Expert.organisation_type == sa.bindparam(
            "organisation_type", filters.organisation_type))
    if filters.area:
        conditions.append(Expert.id.in_(
            sa.select(expert_areas.c.expert_id)
            .join(ExpertiseArea, ExpertiseArea.id == expert_areas.c.area_id)
            .where(ExpertiseArea.slug == sa.bindparam("area", filters.area))))
    if filters.language:
        conditions.append(Expert.id.in_(
            sa.select(ExpertLanguage.expert_id)
            .where(ExpertLanguage.language == sa.bindparam("language", filters.language))))
    # With a narrowing filter, the ids the full-text search ranks within (SQLite scores only
    # the experts that pass them: 30 ms → 2 ms for a common word and every filter). The
    # visibility conditions alone keep nearly everyone: the join checks them more cheaply.
    narrowing = filters.country or filters.organisation_type or filters.area or filters.language
    within = sa.select(Expert.id).where(*conditions) if narrowing else None
    search = text_search(filters.q, db.session.get_bind().dialect.name, ranked=ranked,
                         within=within)
    query = sa.select(Expert)
    order = []
    if search is not None:
        if search.join is not None:
            query = query.join(*search.join)
        if not search.within_applied:
            query = query.where(*conditions)
        query = query.where(*search.conditions)
        if search.rank is not None and filters.sort in ("", "relevance"):
            order.append(search.rank)
    else:
        query = query.where(*conditions)
    if filters.sort == "country":
        order.append(country_name_order(Expert.country))
    elif filters.sort == "updated" and manage:
        order.append(Expert.updated_at.desc())
    order += [sa.func.lower(Expert.name), Expert.id]
    return query.order_by(*order)


FILTER_VALUES = ("country", "organisation_type", "area", "language")


def directory_params(filters: DirectoryFilters, dialect: str) -> dict[str, str]:
    """The values of the named bind parameters of directory_select(filters, …)."""
    params = {name: getattr(filters, name) for name in FILTER_VALUES if getattr(filters, name)}
    params.update(search_params(filters.q, dialect))
    return params


def directory_shape(filters: DirectoryFilters, dialect: str, manage: bool) -> tuple:
    """Everything directory_select's statement depends on but its bind parameters' values:
    two filters of the same shape run the same statement with other values."""
    sort = filters.sort
    if sort not in ("country", "updated", "", "relevance"):
        sort = "name"
    return (dialect, manage, filters.status if manage else "",
            "relevance" if sort == "" else sort,
            str(get_locale()) if sort == "country" else "",  # country_name_order
            *(bool(getattr(filters, name)) for name in FILTER_VALUES),
            search_shape(filters.q, dialect))


_PAGE_STATEMENTS: dict[tuple, sa.Select] = {}


def page_statement(filters: DirectoryFilters, viewer, manage: bool, dialect: str) -> sa.Select:
    """The ids of one page of the directory and the total (bind parameters `page_limit`,
    `page_offset` and directory_params), built once per shape (directory_shape): building
    the select and its cache key cost more than running it."""
    shape = directory_shape(filters, dialect, manage)
    statement = _PAGE_STATEMENTS.get(shape)
    if statement is None:
        if split_terms(filters.q):  # a window count: the full-text search runs once
            total = sa.func.count().over()
        else:
            total = _count_select(filters, viewer, manage).scalar_subquery()
        statement = (directory_select(filters, viewer, manage=manage)
                     .with_only_columns(Expert.id, total)
                     .limit(sa.bindparam("page_limit")).offset(sa.bindparam("page_offset")))
        if len(_PAGE_STATEMENTS) > 500:  # unusual shapes: a bound
            _PAGE_STATEMENTS.clear()
        _PAGE_STATEMENTS[shape] = statement
    return statement


def _count_select(filters: DirectoryFilters, viewer, manage: bool) -> sa.Select:
    matches = (directory_select(filters, viewer, ranked=False, manage=manage)
               .with_only_columns(Expert.id).order_by(None).subquery())
    return sa.select(sa.func.count()).select_from(matches)


class CardArea(NamedTuple):
    """An expertise area as a card names it (reference.area_name reads these two)."""

    slug: str
    name: str


@dataclass(slots=True)
class ExpertCard:
    """What a directory card shows (experts/_card.html): plain values, no ORM object."""

    id: int
    name: str
    native_name: str
    honorific: str
    position: str
    organisation: str
    country: str
    consent_date: date | None
    archived: bool
    has_photo: bool
    languages: list[str] = dataclass_field(default_factory=list)  # BCP 47 codes, the expert's order
    areas: list[CardArea] = dataclass_field(default_factory=list)  # by name


@functools.cache
def _card_statements() -> tuple[sa.Select, sa.Select, sa.Select]:
    """The cards of a page's experts (`ids`): their columns and photo, their areas, their
    languages. Built once with bind parameters (building them cost more than running them)."""
    ids = sa.bindparam("ids", expanding=True)
    experts = (sa.select(Expert.id, Expert.name, Expert.native_name, Expert.honorific,
                         Expert.position, Expert.organisation, Expert.country,
                         Expert.consent_date, Expert.archived,
                         ExpertPhoto.expert_id.is_not(None))
               .outerjoin(ExpertPhoto, ExpertPhoto.expert_id == Expert.id)
               .where(Expert.id.in_(ids)))
    areas = (sa.select(expert_areas.c.expert_id, ExpertiseArea.slug, ExpertiseArea.name)
             .join(ExpertiseArea, ExpertiseArea.id == expert_areas.c.area_id)
             .where(expert_areas.c.expert_id.in_(ids))
             .order_by(ExpertiseArea.name, ExpertiseArea.id))
    languages = (sa.select(ExpertLanguage.expert_id, ExpertLanguage.language)
                 .where(ExpertLanguage.expert_id.in_(ids))
                 .order_by(ExpertLanguage.position, ExpertLanguage.id))
    return experts, areas, languages


def directory_cards(ids: list[int]) -> list[ExpertCard]:
    """The cards of the experts `ids`, in that order (three queries)."""
    if not ids:
        return []
    experts, areas, languages = _card_statements()
    params = {"ids": ids}
    found = {row[0]: ExpertCard(*row) for row in db.session.execute(experts, params)}
    for expert_id, slug, name in db.session.execute(areas, params):
        found[expert_id].areas.append(CardArea(slug, name))
    for expert_id, language in db.session.execute(languages, params):
        found[expert_id].languages.append(language)
    return [found[i] for i in ids if i in found]


def search_experts(filters: DirectoryFilters, viewer, *, page: int = 1,
                   per_page: int = PAGE_SIZE, manage: bool | None = None) -> DirectoryPage:
    """One page of the directory: its total, its experts' cards (ExpertCard) — the same
    number of queries whatever the size of the directory (two, and one for the areas and
    one for the languages of the page's experts). `manage`: can_manage_experts(viewer),
    when the caller knows it already."""
    if manage is None:
        manage = permissions.can_manage_experts(viewer)
    return DirectoryPage(filters=filters, viewer=viewer, manage=manage, page=max(page, 1),
                         per_page=per_page, error_out=False, count=True)


class DirectoryPage(Pagination):
    """A page of the directory. The sorted search selects only the page's ids and the total
    (a window count when searching, so the full-text search runs once; else a count
    subquery), then the page's cards are loaded by id (directory_cards)."""

    def _counted(self) -> sa.Select:
        args = self._query_args
        return _count_select(args["filters"], args["viewer"], args["manage"])

    def _query_items(self) -> list[ExpertCard]:
        args = self._query_args
        filters = args["filters"]
        dialect = db.session.get_bind().dialect.name
        params = {**directory_params(filters, dialect), "page_limit": self.per_page,
                  "page_offset": self._query_offset}
        rows = db.session.execute(page_statement(filters, args["viewer"], args["manage"],
                                                 dialect), params).all()
        # No row: nothing matches (page 1), or a page past the last (counted apart).
        self._total = rows[0][1] if rows else (0 if self.page == 1 else None)
        return directory_cards([row[0] for row in rows])

    def _query_count(self) -> int:
        if self._total is None:  # a page past the last one
            self._total = db.session.execute(self._counted()).scalar()
        return self._total


def merge_candidates(keep: Expert, q: str, viewer, *, limit: int = 20) -> list[Expert]:
    """Records that may be duplicates of `keep`: those matching `q`, else those with the
    same name, native name, e-mail, or family name (in capitals) in the same country."""
    if q.strip():
        query = directory_select(DirectoryFilters(q=q, status="all"), viewer)
    else:
        same = [sa.func.lower(Expert.name) == keep.name.lower()]
        if keep.native_name:
            same.append(Expert.native_name == keep.native_name)
        if keep.email:
            same.append(sa.func.lower(Expert.email) == keep.email.lower())
        family = [w for w in keep.name.split() if len(w) > 2 and w.isupper()]
        if family:
            same.append(sa.and_(Expert.country == keep.country,
                                sa.func.lower(Expert.name).like(like_pattern(family[0]),
                                                                escape="\\")))
        query = sa.select(Expert).where(sa.or_(*same)).order_by(sa.func.lower(Expert.name))
    return list(db.session.scalars(query.where(Expert.id != keep.id).limit(limit)))


@functools.cache
def _linked_expert_id_statement() -> sa.Select:
    return (sa.select(Expert.id)
            .where(Expert.user_id == sa.bindparam("user_id"), ~Expert.archived).limit(1))


def linked_expert_id(user) -> int | None:
    """The id of the (not archived) expert linked to `user`'s account, if any."""
    if user is None or not user.is_authenticated:
        return None
    return db.session.scalar(_linked_expert_id_statement(), {"user_id": user.id})


def linked_expert(user) -> Expert | None:
    if user is None or not user.is_authenticated:
        return None
    return db.session.scalar(
        sa.select(Expert).where(Expert.user_id == user.id, ~Expert.archived).limit(1))


# --- profiles --------------------------------------------------------------------------

# What the expert linked to the account edits on their own profile (see permissions.py).
PROFILE_FIELDS = ("honorific", "native_name", "position", "organisation", "organisation_type",
                  "country", "bio", "email", "email_visibility", "phone", "phone_visibility")
# What only organisers change.
RECORD_FIELDS = ("name", "consent_date", "account_email")


def parse_keywords(text: str, separators: str = ";,\n") -> list[str]:
    parts = re.split("[" + re.escape(separators) + "]", text or "")
    seen: dict[str, str] = {}
    for part in parts:
        keyword = " ".join(part.split())[:100]
        if keyword and keyword.lower() not in seen:
            seen[keyword.lower()] = keyword
    return list(seen.values())


def _check_scalars(data: dict) -> None:
    if "name" in data and not (data["name"] or "").strip():
        raise ExpertError(_("Enter the name in Latin script."), "name")
    if data.get("organisation_type") and data["organisation_type"] not in ORGANISATION_TYPES:
        raise ExpertError(_("Choose a type from the list."), "organisation_type")
    if "country" in data and data["country"] not in COUNTRIES:
        raise ExpertError(_("Choose a country from the list."), "country")
    for field in ("email_visibility", "phone_visibility"):
        if field in data and data[field] not in VISIBILITY_LEVELS:
            raise ExpertError(_("Choose who may see it."), field)
    if data.get("email"):
        try:
            data["email"] = validate_email(data["email"], check_deliverability=False).normalized
        except EmailNotValidError as exc:
            raise ExpertError(_("Enter a valid e-mail address."), "email") from exc
    if data.get("phone") and not PHONE_RE.match(data["phone"]):
        raise ExpertError(_("Use digits, spaces and + ( ) - . only."), "phone")


def _account(email: str, expert: Expert) -> User | None:
    email = (email or "").strip().lower()
    if not email:
        return None
    user = db.session.scalar(sa.select(User).where(sa.func.lower(User.email) == email))
    if user is None:
        raise ExpertError(_("There is no account with this e-mail address."), "account_email")
    other = db.session.scalar(sa.select(Expert).where(
        Expert.user_id == user.id, Expert.id != sa.literal(expert.id or 0)))
    if other is not None:
        raise ExpertError(_("This account is already linked to %(name)s.", name=other.name),
                          "account_email")
    return user


def _languages(codes: list[str]) -> list[str]:
    wanted: list[str] = []
    for code in codes:
        normal = normalise_language(code)
        if normal is None:
            raise ExpertError(_("Unknown language code %(code)s.", code=code), "languages")
        if normal not in wanted:
            wanted.append(normal)
    return wanted


def _set_languages(expert: Expert, codes: list[str]) -> None:
    current = {row.language: row for row in expert.language_rows}
    rows = []
    for position, code in enumerate(codes):
        row = current.get(code) or ExpertLanguage(language=code)
        row.position = position
        rows.append(row)
    expert.language_rows = rows


def _publications(items: list[dict]) -> list[dict]:
    cleaned = []
    for item in items:
        title = (item.get("title") or "").strip()
        url = (item.get("url") or "").strip()
        if not title and not url:
            continue
        if not title:
            raise ExpertError(_("Give each link a title."), "publications")
        if url and not URL_RE.match(url):
            raise ExpertError(_("Links must start with http:// or https://."), "publications")
        cleaned.append({"title": title[:500], "url": url[:1000],
                        "year": item.get("year") or None})
    return cleaned


def _set_publications(expert: Expert, items: list[dict]) -> None:
    current = {(p.title, p.url, p.year): p for p in expert.publications}
    rows = []
    for position, item in enumerate(items):
        key = (item["title"], item["url"], item["year"])
        row = current.pop(key, None) or ExpertPublication(**item)
        row.position = position
        rows.append(row)
    expert.publications = rows


def _areas(data: dict, expert: Expert) -> list[ExpertiseArea]:
    column, values = ((ExpertiseArea.id, data["area_ids"]) if "area_ids" in data
                      else (ExpertiseArea.slug, data["area_slugs"]))
    values = list(dict.fromkeys(values))
    areas = list(db.session.scalars(sa.select(ExpertiseArea).where(column.in_(values))))
    if len(areas) != len(values):
        raise ExpertError(_("Choose areas from the list."), "areas")
    kept = {a.id for a in expert.areas} if expert.id is not None else set()
    if any(a.retired and a.id not in kept for a in areas):
        raise ExpertError(_("This area is retired; choose another."), "areas")
    return sorted(areas, key=lambda a: a.name)


def _snapshot(expert: Expert) -> dict:
    data = {field: getattr(expert, field) for field in ("name", *PROFILE_FIELDS)}
    data["consent_date"] = expert.consent_date
    data["user_id"] = expert.user_id
    data["keywords"] = expert.keywords
    data["areas"] = sorted(a.slug for a in expert.areas)
    data["languages"] = list(expert.languages)
    data["publications"] = [(p.title, p.url, p.year) for p in expert.publications]
    return data


def apply_profile(expert: Expert, data: dict, *, actor) -> list[str]:
    """Check, then apply `data` to `expert` within what `actor` may change; return the
    changed fields. Raises ExpertError before changing anything.

    Keys: the scalar fields, `name`, `area_ids` or `area_slugs`, `keywords` (list),
    `languages` (list of BCP 47 codes), `publications` (list of {title, url, year}),
    `consent_date`, `account_email`. Keys `actor` may not change are ignored.
    """
    if expert.id is not None and not permissions.can_edit_record(actor, expert):
        data = {k: v for k, v in data.items() if k not in RECORD_FIELDS}
    data = {k: (v.strip() if isinstance(v, str) else v) for k, v in data.items()}
    # 1. check everything
    _check_scalars(data)
    if "account_email" in data:
        account = _account(data["account_email"], expert)
    consent = data.get("consent_date")
    if consent and consent > date.today():
        raise ExpertError(_("The date of consent cannot be in the future."), "consent_date")
    if "area_ids" in data or "area_slugs" in data:
        areas = _areas(data, expert)
    if "languages" in data:
        languages = _languages(data["languages"])
    if "publications" in data:
        publications = _publications(data["publications"])
    # 2. change
    before = _snapshot(expert) if expert.id is not None else {}
    for field in ("name", *PROFILE_FIELDS):
        if field in data:
            setattr(expert, field, data[field] or "")
    if "account_email" in data:
        expert.user = account
        expert.user_id = account.id if account else None
    if "consent_date" in data and consent != expert.consent_date:
        expert.consent_date = consent
        expert.consent_recorded_by_id = getattr(actor, "id", None) if consent else None
    if "area_ids" in data or "area_slugs" in data:
        expert.areas = areas
    if "keywords" in data:
        expert.keywords = "; ".join(data["keywords"][:MAX_KEYWORDS])
    if "languages" in data:
        _set_languages(expert, languages)
    if "publications" in data:
        _set_publications(expert, publications)
    after = _snapshot(expert)
    return [key for key in after if before.get(key) != after[key]]


def create_expert(data: dict, *, actor, is_demo: bool = False, audit: bool = True) -> Expert:
    expert = Expert(name="", is_demo=is_demo, email_visibility=ORGANISERS,
                    phone_visibility=ORGANISERS)
    apply_profile(expert, data, actor=actor)
    db.session.add(expert)
    db.session.flush()
    if audit:
        record_audit("expert.create", actor=actor, target=f"expert:{expert.id}",
                     details=expert.name)
    return expert


def update_expert(expert: Expert, data: dict, *, actor) -> list[str]:
    changed = apply_profile(expert, data, actor=actor)
    if changed:
        db.session.flush()
        record_audit("expert.edit", actor=actor, target=f"expert:{expert.id}",
                     details=", ".join(changed))
        signals.expert_profile_changed.send(expert, fields=changed)
    return changed


def set_archived(expert: Expert, archived: bool, *, actor) -> None:
    """Archive the record (no longer listed) or restore it; audited."""
    expert.archived = archived
    db.session.flush()
    signals.expert_profile_changed.send(expert, fields=["archived"])
    record_audit("expert.archive" if archived else "expert.restore", actor=actor,
                 target=f"expert:{expert.id}", details=expert.name)
