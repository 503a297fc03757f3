"""Full-text search of the directory, on both databases.

SQLite: an FTS5 table `experts_fts` (trigram tokenizer, external content = `experts`) kept in
sync by triggers. Trigrams match any substring of three characters or more, which is what
names in Thai, Lao, Khmer, Myanmar or Korean need (no spaces between words).

PostgreSQL: a side table `experts_fts` (one row per expert, kept in sync by a trigger) with
a weighted `tsvector` (GIN index: whole words, English stemming of keywords, ranking) and a
lower-cased `search_text` with a pg_trgm GIN index (substring matching in any script).

A query is split on spaces; every term must match (AND). Terms shorter than three characters
cannot use trigrams and fall back to LIKE. Objects are named `experts_fts*` so the migrations
test ignores them. A migration that rebuilds the `experts` table on SQLite (batch mode)
drops the triggers: run `create_search_objects` again, or `flask experts reindex`.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from app.experts.models import Expert

SEARCHED_COLUMNS = ("name", "native_name", "keywords", "organisation", "position")
# bm25 weights (SQLite), in the order of SEARCHED_COLUMNS.
BM25_WEIGHTS = ("10.0", "10.0", "4.0", "3.0", "1.0")
MIN_TRIGRAM = 3

# The DDL is written out in full (no string building) so it reads like what runs.
SQLITE_CREATE = [
    """CREATE VIRTUAL TABLE IF NOT EXISTS experts_fts USING fts5(
        name, native_name, keywords, organisation, position,
        content='experts', content_rowid='id', tokenize='trigram')""",
    """CREATE TRIGGER IF NOT EXISTS experts_fts_ai AFTER INSERT ON experts BEGIN
        INSERT INTO experts_fts(rowid, name, native_name, keywords, organisation, position)
        VALUES (new.id, new.name, new.native_name, new.keywords, new.organisation,
                new.position);
    END""",
    """CREATE TRIGGER IF NOT EXISTS experts_fts_ad AFTER DELETE ON experts BEGIN
        INSERT INTO experts_fts(experts_fts, rowid, name, native_name, keywords, organisation,
                                position)
        VALUES ('delete', old.id, old.name, old.native_name, old.keywords, old.organisation,
                old.position);
    END""",
    """CREATE TRIGGER IF NOT EXISTS experts_fts_au
    AFTER UPDATE OF name, native_name, keywords, organisation, position ON experts BEGIN
        INSERT INTO experts_fts(experts_fts, rowid, name, native_name, keywords, organisation,
                                position)
        VALUES ('delete', old.id, old.name, old.native_name, old.keywords, old.organisation,
                old.position);
        INSERT INTO experts_fts(rowid, name, native_name, keywords, organisation, position)
        VALUES (new.id, new.name, new.native_name, new.keywords, new.organisation,
                new.position);
    END""",
    "INSERT INTO experts_fts(experts_fts) VALUES ('rebuild')",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS experts_fts_au",
    "DROP TRIGGER IF EXISTS experts_fts_ad",
    "DROP TRIGGER IF EXISTS experts_fts_ai",
    "DROP TABLE IF EXISTS experts_fts",
]

POSTGRES_CREATE = [
    # pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it.
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """CREATE TABLE IF NOT EXISTS experts_fts (
        expert_id integer PRIMARY KEY REFERENCES experts(id) ON DELETE CASCADE,
        document tsvector NOT NULL,
        search_text text NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS experts_fts_document_idx ON experts_fts USING gin (document)",
    """CREATE INDEX IF NOT EXISTS experts_fts_search_text_idx ON experts_fts
        USING gin (search_text gin_trgm_ops)""",
    """CREATE OR REPLACE FUNCTION experts_fts_sync() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO experts_fts (expert_id, document, search_text) VALUES (
            NEW.id,
            setweight(to_tsvector('simple', NEW.name || ' ' || NEW.native_name), 'A')
            || setweight(to_tsvector('english', NEW.keywords), 'B')
            || setweight(to_tsvector('english', NEW.organisation), 'C')
            || setweight(to_tsvector('english', NEW.position), 'D'),
            lower(concat_ws(' ', NEW.name, NEW.native_name, NEW.keywords, NEW.organisation,
                            NEW.position)))
        ON CONFLICT (expert_id) DO UPDATE
            SET document = EXCLUDED.document, search_text = EXCLUDED.search_text;
        RETURN NULL;
    END $$""",
    "DROP TRIGGER IF EXISTS experts_fts_sync ON experts",
    """CREATE TRIGGER experts_fts_sync
    AFTER INSERT OR UPDATE OF name, native_name, keywords, organisation, position ON experts
    FOR EACH ROW EXECUTE FUNCTION experts_fts_sync()""",
    # Fill the index: the trigger runs for every existing row (updated_at is not touched).
    "UPDATE experts SET name = name",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS experts_fts_sync ON experts",
    "DROP FUNCTION IF EXISTS experts_fts_sync()",
    "DROP TABLE IF EXISTS experts_fts",
]


def create_search_objects(connection: Connection) -> None:
    """Create (idempotently) the search index, its triggers, and fill it from `experts`."""
    statements = SQLITE_CREATE if connection.dialect.name == "sqlite" else POSTGRES_CREATE
    for statement in statements:
        connection.exec_driver_sql(statement)


def drop_search_objects(connection: Connection) -> None:
    statements = SQLITE_DROP if connection.dialect.name == "sqlite" else POSTGRES_DROP
    for statement in statements:
        connection.exec_driver_sql(statement)


# --- queries ---------------------------------------------------------------------------

_fts = sa.table("experts_fts", sa.column("rowid"), sa.column("expert_id"),
                sa.column("document"), sa.column("search_text"))


def split_terms(q: str) -> list[str]:
    terms: list[str] = []
    for term in (q or "").split():
        term = term.strip()[:100]
        if term and term.lower() not in (t.lower() for t in terms):
            terms.append(term)
    return terms[:8]


def like_pattern(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped.lower()}%"


@dataclass
class TextSearch:
    """What a free-text query adds to a select of experts: conditions and an ordering."""

    conditions: list
    rank: sa.ColumnElement | None  # ascending: best first
    join: tuple | None  # (selectable, onclause)
    within_applied: bool = False  # the join keeps only the ids of `within`


def text_search(q: str, dialect: str, *, ranked: bool = True,
                within: sa.Select | None = None) -> TextSearch | None:
    """`ranked=False`: the same matches without a score (for counting them). `within`: the
    ids the other filters keep; when `within_applied` is set, the join already limits the
    matches to them (SQLite then scores only those) and the caller need not filter again.
    The query's values are named bind parameters (search_params: the same names and values),
    so that a select built for one query runs another of the same shape (search_shape)."""
    terms = split_terms(q)
    if not terms:
        return None
    long_terms = [t for t in terms if len(t) >= MIN_TRIGRAM]
    short_terms = [t for t in terms if len(t) < MIN_TRIGRAM]
    if dialect == "postgresql":
        return _postgres_search(long_terms, short_terms, ranked=ranked)
    return _sqlite_search(long_terms, short_terms, ranked=ranked, within=within)


def search_shape(q: str, dialect: str) -> tuple[int, int]:
    """What the select of `text_search(q, dialect)` depends on besides its values: the number
    of long terms (SQLite: whether there is one) and of short ones."""
    terms = split_terms(q)
    long_count = sum(len(t) >= MIN_TRIGRAM for t in terms)
    if dialect != "postgresql":
        long_count = min(long_count, 1)
    return long_count, len(terms) - sum(len(t) >= MIN_TRIGRAM for t in terms)


def search_params(q: str, dialect: str) -> dict[str, str]:
    """The values of the bind parameters of `text_search(q, dialect)`, by name."""
    terms = split_terms(q)
    long_terms = [t for t in terms if len(t) >= MIN_TRIGRAM]
    short_terms = [t for t in terms if len(t) < MIN_TRIGRAM]
    params = {f"q_short{i}": like_pattern(t) for i, t in enumerate(short_terms)}
    if dialect == "postgresql":
        for i, term in enumerate(long_terms):
            params[f"q_long{i}"] = term
            params[f"q_like{i}"] = like_pattern(term)
    elif long_terms:
        params["q_match"] = _match_text(long_terms)
    return params


def _match_text(long_terms: list[str]) -> str:
    return " ".join('"' + t.replace('"', '""') + '"' for t in long_terms)


def _sqlite_search(long_terms: list[str], short_terms: list[str], *,
                   ranked: bool = True, within: sa.Select | None = None) -> TextSearch:
    conditions = []
    for i, term in enumerate(short_terms):
        pattern = sa.bindparam(f"q_short{i}", like_pattern(term))
        conditions.append(sa.or_(*(
            sa.func.lower(getattr(Expert, column)).like(pattern, escape="\\")
            for column in SEARCHED_COLUMNS
        )))
    if not long_terms:
        return TextSearch(conditions, None, None)
    match = sa.bindparam("q_match", _match_text(long_terms))
    table = sa.literal_column("experts_fts")
    if not ranked:
        # An uncorrelated IN: SQLite runs the MATCH once into a list, filters `experts` on
        # the other conditions first and probes the list (no bm25 for every hit).
        hit_ids = (sa.select(sa.literal_column("rowid")).select_from(sa.table("experts_fts"))
                   .where(table.match(match)))
        return TextSearch([*conditions, Expert.id.in_(hit_ids)], None, None)
    weights = [sa.literal_column(w) for w in BM25_WEIGHTS]
    # A MATERIALIZED CTE: the full-text search runs once. As a plain subquery SQLite
    # flattens it into the join and, for the page's count (no ORDER BY on the score),
    # scans `experts` and runs the MATCH once per expert: 4 s for 2,000 experts.
    # Within the other filters' ids (an uncorrelated IN, run once into a list): bm25 is
    # computed only for the experts that pass them, not for every match of a common word.
    # `+rowid` keeps the IN away from FTS5's planner, which would otherwise run the MATCH
    # once per listed id (seconds for 5,000 experts).
    hits = (
        sa.select(sa.literal_column("rowid").label("expert_id"),
                  sa.func.bm25(table, *weights).label("score"))
        .select_from(sa.table("experts_fts"))
        .where(table.match(match),
               *([sa.literal_column("+rowid").in_(within)] if within is not None else []))
        .cte("fts_hits")
        .prefix_with("MATERIALIZED")
    )
    return TextSearch(conditions, hits.c.score, (hits, hits.c.expert_id == Expert.id),
                      within_applied=within is not None)


def _postgres_search(long_terms: list[str], short_terms: list[str], *,
                     ranked: bool = True) -> TextSearch:
    conditions = []
    queries = []
    for i, term in enumerate(long_terms):
        value = sa.bindparam(f"q_long{i}", term, type_=sa.String)
        tsquery = sa.func.plainto_tsquery(sa.literal_column("'simple'::regconfig"), value).op(
            "||")(sa.func.plainto_tsquery(sa.literal_column("'english'::regconfig"), value))
        queries.append(tsquery)
        conditions.append(sa.or_(
            _fts.c.document.op("@@")(tsquery),
            _fts.c.search_text.like(sa.bindparam(f"q_like{i}", like_pattern(term)))))
    for i, term in enumerate(short_terms):
        conditions.append(_fts.c.search_text.like(
            sa.bindparam(f"q_short{i}", like_pattern(term))))
    rank = None
    if queries and ranked:
        combined = queries[0]
        for query in queries[1:]:
            combined = combined.op("||")(query)
        rank = -sa.func.ts_rank_cd(_fts.c.document, combined)
    return TextSearch(conditions, rank, (_fts, _fts.c.expert_id == Expert.id))
