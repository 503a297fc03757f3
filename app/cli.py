"""Command line: `flask users …`, `flask demo load`, and each domain's commands."""

from __future__ import annotations

import importlib
import importlib.util
from pathlib import Path

import click
from flask import Flask
from flask.cli import with_appcontext

from app.extensions import db

# Demo loaders run in this order (a domain's demo may use an earlier one's records).
DEMO_ORDER = ["auth", "courses", "quizzes", "experts", "meetings", "workshops", "certificates",
              "pilots", "notifications"]


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
    for name in DEMO_ORDER:
        if not _has_module(name, "demo"):
            continue
        module = importlib.import_module(f"app.{name}.demo")
        module.load()
        db.session.commit()
        click.echo(f"demo: {name} loaded")


def _has_module(domain: str, module: str) -> bool:
    if importlib.util.find_spec(f"app.{domain}") is None:
        return False
    return importlib.util.find_spec(f"app.{domain}.{module}") is not None


def register_cli(app: Flask, domains: list[str]) -> None:
    app.cli.add_command(users_cli)
    app.cli.add_command(demo_cli)
    for name in domains:
        if not _has_module(name, "cli"):
            continue
        module = importlib.import_module(f"app.{name}.cli")
        for command in getattr(module, "commands", []):
            app.cli.add_command(command)
