"""`flask questions import|export` and `flask quizzes close-expired`."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from app.extensions import db
from app.imports.cli import read_text, refuse

BANK_HELP = ("The question bank: \"<course-slug>\" for the course's default bank, or "
             "\"<course-slug>/<bank>\" for another bank of that course.")


@click.group("questions", help="Question banks: GIFT import and export.")
def questions_cli():
    pass


@questions_cli.command("import")
@click.argument("gift_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--bank", "bank_name", required=True, metavar="NAME",
              help=BANK_HELP + " Imported into it, created if the course has no such bank.")
@click.option("--category", default="", help="Category for questions before any $CATEGORY.")
@with_appcontext
def questions_import(gift_file: Path, bank_name: str, category: str):
    """Import the questions of GIFT_FILE (Moodle GIFT format) into a bank.

    The whole file is checked first: each problem is printed as FILE:LINE: message and
    nothing is imported. Prints how many questions of each type were imported."""
    from app.quizzes import banks

    text = read_text(gift_file)
    try:
        parsed = banks.parse_gift_or_raise(text)
        bank = banks.resolve_bank(bank_name, create=True)
    except banks.GiftImportError as error:
        raise refuse(error.errors, gift_file) from None
    except banks.BankError as error:
        raise click.ClickException(str(error)) from None
    with click.progressbar(length=len(parsed), label="Importing questions") as bar:
        counts = banks.import_gift(bank, text, default_category=category or None,
                                   progress=bar.update)
    db.session.commit()
    click.echo(f"Imported {sum(counts.values())} question(s) into {bank.reference}:")
    for name, count in counts.items():
        click.echo(f"  {name}: {count}")


@questions_cli.command("export")
@click.option("--bank", "bank_name", required=True, metavar="NAME", help=BANK_HELP)
@click.argument("gift_file", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@with_appcontext
def questions_export(bank_name: str, gift_file: Path):
    """Write every question of a bank to GIFT_FILE, grouped by $CATEGORY."""
    from app.quizzes import banks

    try:
        bank = banks.resolve_bank(bank_name)
    except banks.BankError as error:
        raise click.ClickException(str(error)) from None
    text = banks.export_gift(bank)
    gift_file.write_text(text, encoding="utf-8")
    click.echo(f"Exported {banks.count_questions(bank)} question(s) from {bank.reference} "
               f"to {gift_file}.")


@click.group("quizzes", help="Quizzes.")
def quizzes_cli():
    pass


@quizzes_cli.command("close-expired")
@with_appcontext
def close_expired():
    """Submit every attempt past its deadline (plus the grace period) with the answers it
    saved. The periodic job runs the same function; a learner's next request (start,
    save, finish) also closes their own."""
    from app.quizzes import attempts

    closed = attempts.close_expired_attempts()
    db.session.commit()
    click.echo(f"Closed {closed} expired attempt(s).")


commands = [questions_cli, quizzes_cli]
