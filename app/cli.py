"""Command line: `flask demo load`, and each domain's commands (`flask users …` is in
app/auth/cli.py)."""

from __future__ import annotations

import importlib
import importlib.util

import click
from flask import Flask
from flask.cli import with_appcontext

from app.extensions import db

# Demo loaders run in this order (a domain's demo may use an earlier one's records).
DEMO_ORDER = ["auth", "courses", "quizzes", "experts", "meetings", "workshops", "certificates",
              "pilots"]


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
    app.cli.add_command(demo_cli)
    for name in domains:
        if not _has_module(name, "cli"):
            continue
        module = importlib.import_module(f"app.{name}.cli")
        for command in getattr(module, "commands", []):
            app.cli.add_command(command)
