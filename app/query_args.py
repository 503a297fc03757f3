"""Values from a query string, made safe for the database before a service sees them.

`?page=99999999999999999999` used to reach the database as an OFFSET (OverflowError on
SQLite, out of range on PostgreSQL: a 500); `?year=10**20` made `date()` raise; a NUL
character in `?q=` is refused by PostgreSQL in any string (another 500).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import MAXYEAR, MINYEAR
from math import ceil

from flask import abort

MAX_PAGE = 100_000


def page_arg(args, name: str = "page") -> int:
    """The page number asked for, between 1 and MAX_PAGE (past the last page: empty)."""
    return min(max(args.get(name, 1, type=int) or 1, 1), MAX_PAGE)


@dataclass
class ListPage:
    """One page of a list, with what the `pagination` macro reads (as Flask-SQLAlchemy's
    Pagination), for lists read as plain rows with their total (a window count)."""

    page: int
    per_page: int
    total: int
    items: list = field(default_factory=list)

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


def year_arg(args, name: str = "year") -> int | None:
    """A calendar year or None when not given; a year no date can have is a 400."""
    year = args.get(name, type=int)
    if year is not None and not MINYEAR <= year <= MAXYEAR:
        abort(400)
    return year


def text_arg(args, name: str, *, max_length: int = 200) -> str:
    """A trimmed text value, without NUL characters (no database stores them), cut to
    `max_length`."""
    return (args.get(name) or "").replace("\x00", "").strip()[:max_length]
