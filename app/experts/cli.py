"""`flask experts import FILE.csv` · `flask experts export FILE.csv` · `flask experts reindex`."""

from __future__ import annotations

from pathlib import Path

import click
import sqlalchemy as sa
from flask.cli import with_appcontext

from app.extensions import db
from app.imports.cli import account_or_fail, run_import


@click.group("experts", help="The expert directory.")
def experts_cli():
    pass


@experts_cli.command("import")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--recorded-by", "recorded_by", metavar="EMAIL", default="",
              help="Account of the organiser who recorded the consents in the file.")
@with_appcontext
def experts_import(csv_file: Path, recorded_by: str):
    """Import experts from CSV_FILE.

    Columns: name,native_name,honorific,position,organisation,organisation_type,country,
    expertise,keywords,languages,email,email_visibility,phone,phone_visibility,bio,
    consent_date (expertise, keywords, languages: ';'-separated; visibility: public,
    members or organisers). Every row is checked first; if any row is bad, nothing is
    imported.
    """
    from app.experts import csvio

    actor = account_or_fail(recorded_by)

    def run(text: str):
        parsed = csvio.parse_expert_csv(text)
        if parsed.errors:
            return parsed.errors
        with click.progressbar(parsed.rows, label="Importing experts") as rows:
            created = csvio.import_experts(rows, actor=actor, source=csv_file.name)
        return f"Imported {len(created)} expert(s)."

    run_import(csv_file, run)


@experts_cli.command("export")
@click.argument("csv_file", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@click.option("--include-archived", is_flag=True, help="Also export archived records.")
@with_appcontext
def experts_export(csv_file: Path, include_archived: bool):
    """Write the directory to CSV_FILE (same columns as import; every contact detail:
    the file is for the secretariat)."""
    from app.experts import csvio
    from app.experts.models import Expert

    query = sa.select(Expert).order_by(sa.func.lower(Expert.name), Expert.id)
    if not include_archived:
        query = query.where(~Expert.archived)
    with csv_file.open("w", encoding="utf-8", newline="") as out:
        count = csvio.export_csv(query, csvio.SECRETARIAT, out)
    click.echo(f"Exported {count} expert(s) to {csv_file}.")


@experts_cli.command("reindex")
@with_appcontext
def experts_reindex():
    """Recreate the search index and its triggers, and fill it again."""
    from app.experts.search import create_search_objects, drop_search_objects

    with db.engine.begin() as connection:
        drop_search_objects(connection)
        create_search_objects(connection)
    click.echo("Search index rebuilt.")


commands = [experts_cli]
