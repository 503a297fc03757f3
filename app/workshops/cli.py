"""`flask workshops …`: reminders, roster import, completion refresh."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from app.extensions import db
from app.imports.cli import run_import
from app.timeutil import utcnow


@click.group("workshops", help="Workshops: reminders, rosters, completion.")
def workshops_cli():
    pass


@workshops_cli.command("remind")
@click.option("--days", default=2, show_default=True,
              help="Remind learners of workshops starting within this many days.")
@with_appcontext
def remind(days: int):
    """E-mail enrolled learners that their workshop is starting (once per workshop).

    Run it daily (e.g. from cron).
    """
    from app.workshops import services

    due = services.due_reminders(utcnow(), days=days)
    total = 0
    with click.progressbar(due, label="Sending reminders") as workshops:
        for workshop in workshops:
            total += services.send_reminders(workshop)
            db.session.commit()
    click.echo(f"{total} reminder(s) sent for {len(due)} workshop(s).")


@workshops_cli.command("import-roster")
@click.argument("workshop_id", type=int)
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def import_roster(workshop_id: int, csv_file: Path):
    """Enrol the officials of CSV_FILE in workshop WORKSHOP_ID.

    Columns as for `flask users import`: email,name,native_name,country,agency,position,
    language,roles. Unknown e-mail addresses get a learner account and an invitation.
    Every row is checked first; if any row is bad, nothing is imported.
    """
    from app.workshops import services

    workshop = services.get_workshop(workshop_id)
    if workshop is None:
        raise click.ClickException(f"no workshop {workshop_id}")

    def run(text: str):
        result = services.import_roster(workshop, text, actor=None)
        return result.errors or (f"{len(result.added)} enrolled ({len(result.created)} new "
                                 f"accounts invited), {len(result.already)} already enrolled.")

    run_import(csv_file, run)


@workshops_cli.command("refresh-completion")
@click.argument("workshop_id", type=int, required=False)
@with_appcontext
def refresh(workshop_id: int | None):
    """Recompute and record completion (one workshop, or every open or running one)."""
    from app.workshops.completion import refresh_completion
    from app.workshops.models import OPEN, RUNNING, Workshop

    if workshop_id is not None:
        ids = [workshop_id]
    else:
        ids = list(db.session.scalars(select(Workshop.id).where(
            Workshop.status.in_((OPEN, RUNNING)))))
    changed = 0
    with click.progressbar(ids, label="Recomputing completion") as bar:
        for wid in bar:
            workshop = db.session.get(Workshop, wid)
            if workshop is None:
                raise click.ClickException(f"no workshop {wid}")
            changed += refresh_completion(workshop)
            db.session.commit()
    click.echo(f"{changed} enrolment(s) changed.")


commands = [workshops_cli]
