"""`flask users import|create|set-password`: accounts from the command line."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from app.auth.models import ROLES
from app.extensions import db
from app.imports.cli import run_import


@click.group("users", help="Manage user accounts.")
def users_cli():
    pass


@users_cli.command("import")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--invite/--no-invite", default=False, help="E-mail each new user an invitation.")
@with_appcontext
def users_import(csv_file: Path, invite: bool):
    """Import accounts from CSV_FILE.

    Columns: email,name,native_name,country,agency,position,language,roles
    (country: ISO 3166-1 alpha-2; language: BCP 47; roles: ';'-separated, default learner).
    Every row is checked first; if any row is bad, nothing is imported. Invitation links
    start with PUBLIC_BASE_URL (or SERVER_NAME).
    """
    from app.auth import services

    def run(text: str):
        parsed = services.parse_user_csv(text)
        if parsed.errors:
            return parsed.errors
        with click.progressbar(parsed.rows, label="Importing users") as rows:
            created = services.import_users(list(rows))
        if invite:
            for user in created:
                services.send_invitation(user)
        return f"Imported {len(created)} user(s)."

    run_import(csv_file, run)


@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", "roles", multiple=True, default=["learner"],
              type=click.Choice(list(ROLES)))
@click.password_option()
@with_appcontext
def users_create(email: str, name: str, roles: tuple[str, ...], password: str):
    """Create one account (e.g. the first admin)."""
    from app.auth import services

    try:
        services.create_user(email=email, name=name, password=password, roles=set(roles))
    except services.AccountError as exc:
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    click.echo(f"Created {email}.")


@users_cli.command("set-password")
@click.argument("email")
@click.option("--password", default=None,
              help="The new password (asked twice, hidden, when not given).")
@with_appcontext
def users_set_password(email: str, password: str | None):
    """Set the password of the account EMAIL (the password rules apply; its sessions end)."""
    from app.auth import services

    user = services.get_user_by_email(email)
    if user is None:
        raise click.ClickException(f"No account with the e-mail address {email}.")
    if password is None:
        password = click.prompt("New password", hide_input=True, confirmation_prompt=True)
    try:
        services.assign_password(user, password)
    except services.AccountError as exc:
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    click.echo(f"Password set for {user.email}.")


commands = [users_cli]
