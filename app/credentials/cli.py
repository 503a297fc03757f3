"""`flask credentials backfill`."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from app.extensions import db


@click.group("credentials", help="Open Badges 3.0 credentials of the certificates.")
def credentials_cli():
    pass


@credentials_cli.command("backfill")
@with_appcontext
def backfill():
    """Build and sign the credentials of certificates issued before credentials existed
    (safe to run again: certificates that have one are skipped)."""
    from app.credentials import services

    count = services.backfill()
    db.session.commit()
    click.echo(f"{count} credential(s) issued.")


commands = [credentials_cli]
