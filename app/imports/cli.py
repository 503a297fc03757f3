"""What every import command shares (`flask users import`, `flask experts import`, `flask
workshops import-roster`, `flask questions import`, `flask courses import`): the file read
as UTF-8, the line errors printed as FILE:LINE: message with exit status 1 and nothing
written, the report, the commit."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

from app.extensions import db


def read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise click.ClickException(f"{path}: not UTF-8 text") from exc


def refuse(errors, path: Path | None = None) -> click.ClickException:
    """Roll back, print each line error (`path:line: message`, or the error itself) and
    return the exception to raise (exit status 1)."""
    db.session.rollback()
    for error in errors:
        click.echo(f"{path}:{error.line}: {error.message}" if path else str(error), err=True)
    return click.ClickException(f"{len(errors)} error(s); nothing imported.")


def run_import(path: Path, run: Callable[[str], list | str]) -> None:
    """Import the file at `path`: `run(text)` returns the line errors of a refused file or
    the report to print; the import is committed only when there are no errors."""
    outcome = run(read_text(path))
    if isinstance(outcome, list):
        raise refuse(outcome, path)
    db.session.commit()
    click.echo(outcome)


def account_or_fail(email: str | None):
    """The account named by an --author/--recorded-by option (None when not given)."""
    if not email:
        return None
    from app.auth.services import get_user_by_email

    user = get_user_by_email(email)
    if user is None:
        raise click.ClickException(f"no account with the e-mail address {email}")
    return user
