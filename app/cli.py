"""Command line: `flask users …`, `flask demo load`, and each domain's commands (registered
explicitly in `register_cli`)."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask
from flask.cli import with_appcontext

from app.extensions import db


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
    Every row is checked first; if any row is bad, nothing is imported.
    """
    from app.auth import services

    try:
        text = csv_file.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise click.ClickException(f"{csv_file}: not UTF-8 text") from exc
    parsed = services.parse_user_csv(text)
    if parsed.errors:
        for error in parsed.errors:
            click.echo(f"{csv_file}:{error.line}: {error.message}", err=True)
        raise click.ClickException(f"{len(parsed.errors)} error(s); nothing imported.")
    with click.progressbar(parsed.rows, label="Importing users") as rows:
        created = services.import_users(list(rows))
    if invite:
        from flask import url_for

        from app.mail import send_mail

        for user in created:
            token = services.make_reset_token(user, purpose="invite")
            send_mail(user.email, "Your AKMN Learn account",
                      "Choose your password: " + url_for("auth.accept_invitation", token=token,
                                                         _external=True))
    db.session.commit()
    click.echo(f"Imported {len(created)} user(s).")


@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", "roles", multiple=True, default=["learner"],
              type=click.Choice(["learner", "trainer", "organiser", "admin"]))
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


@click.group("demo", help="Demo data.")
def demo_cli():
    pass


@demo_cli.command("load")
@with_appcontext
def demo_load():
    """Load the demo accounts and each domain's demo records (idempotent)."""
    # In this order: a domain's demo may use an earlier one's records.
    from app.auth import demo as auth_demo
    from app.certificates import demo as certificates_demo
    from app.courses import demo as courses_demo
    from app.experts import demo as experts_demo
    from app.meetings import demo as meetings_demo
    from app.pilots import demo as pilots_demo
    from app.quizzes import demo as quizzes_demo
    from app.workshops import demo as workshops_demo

    for name, module in (("auth", auth_demo), ("courses", courses_demo),
                         ("quizzes", quizzes_demo), ("experts", experts_demo),
                         ("meetings", meetings_demo), ("workshops", workshops_demo),
                         ("certificates", certificates_demo), ("pilots", pilots_demo)):
        module.load()
        db.session.commit()
        click.echo(f"demo: {name} loaded")


def register_cli(app: Flask) -> None:
    """`flask users`, `flask demo` and each domain's command groups."""
    from app.certificates.cli import certificates_cli
    from app.courses.cli import commands as courses_commands
    from app.experts.cli import commands as experts_commands
    from app.quizzes.cli import commands as quizzes_commands
    from app.workshops.cli import workshops_cli

    app.cli.add_command(users_cli)
    app.cli.add_command(demo_cli)
    for command in (*courses_commands, *quizzes_commands, *experts_commands, workshops_cli,
                    certificates_cli):
        app.cli.add_command(command)
