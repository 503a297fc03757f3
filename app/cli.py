"""Command line: `flask demo load`, and each domain's commands, registered explicitly in
`register_cli` (`flask users …` is in app/auth/cli.py)."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import with_appcontext

from app.extensions import db


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
    from app.credentials import demo as credentials_demo
    from app.experts import demo as experts_demo
    from app.meetings import demo as meetings_demo
    from app.notifications import demo as notifications_demo
    from app.pilots import demo as pilots_demo
    from app.quizzes import demo as quizzes_demo
    from app.workshops import demo as workshops_demo

    for name, module in (("auth", auth_demo), ("courses", courses_demo),
                         ("quizzes", quizzes_demo), ("experts", experts_demo),
                         ("meetings", meetings_demo), ("workshops", workshops_demo),
                         ("certificates", certificates_demo), ("pilots", pilots_demo),
                         ("credentials", credentials_demo),
                         ("notifications", notifications_demo)):
        module.load()
        db.session.commit()
        click.echo(f"demo: {name} loaded")


def register_cli(app: Flask) -> None:
    """`flask demo` and each domain's command groups."""
    from app.auth.cli import users_cli
    from app.certificates.cli import certificates_cli
    from app.courses.cli import commands as courses_commands
    from app.credentials.cli import credentials_cli
    from app.experts.cli import commands as experts_commands
    from app.quizzes.cli import commands as quizzes_commands
    from app.workshops.cli import workshops_cli

    app.cli.add_command(users_cli)
    app.cli.add_command(demo_cli)
    for command in (*courses_commands, *quizzes_commands, *experts_commands, workshops_cli,
                    certificates_cli, credentials_cli):
        app.cli.add_command(command)
    from app import backup

    backup.register(app)  # flask backup / flask restore
