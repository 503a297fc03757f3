"""`flask courses check|import|export`: courses as files (format: courses/README.md)."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from app.extensions import db
from app.imports.cli import account_or_fail, refuse


@click.group("courses", help="Course packages: check, import and export courses as files.")
def courses_cli():
    pass


def _report(errors) -> None:
    for error in errors:
        click.echo(str(error), err=True)


@courses_cli.command("check")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@with_appcontext
def check(path: Path):
    """Check the course package at PATH (or every package in the folder PATH, or a zip).

    Prints FILE:LINE: problem for every error and exits with status 1 if there is any.
    """
    from app.courses.packages import PackageInvalid, check_path, unpacked

    try:
        with unpacked(path) as (folder, display):
            packages, errors = check_path(folder, display if folder != path else None)
    except PackageInvalid as exc:
        errors = exc.errors
    db.session.rollback()
    if errors:
        _report(errors)
        raise click.ClickException(f"{len(errors)} error(s).")
    for package in packages:
        lessons = sum(len(m.lessons) for m in package.modules)
        click.echo(f"{package.display}: {package.slug}: {len(package.modules)} module(s), "
                   f"{lessons} lesson(s), {len(package.media)} media file(s): OK")


@courses_cli.command("import")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--publish", is_flag=True,
              help="Publish the new courses (those with at least one lesson or quiz).")
@click.option("--author", "author_email", metavar="EMAIL",
              help="A trainer's e-mail: the author of the courses created.")
@with_appcontext
def import_(path: Path, publish: bool, author_email: str | None):
    """Import the course package at PATH, or every package in the folder PATH, or a zip.

    A course whose slug exists is updated; lessons are matched by module and file name so
    learners keep their progress. Everything is checked first: on any error nothing is
    imported, and each problem is printed as FILE:LINE: message.
    """
    from app.courses.packages import PackageInvalid, check_path, load_checked, unpacked
    from app.courses.services import get_course

    author = account_or_fail(author_email)
    try:
        with unpacked(path) as (folder, display):
            packages, errors = check_path(folder, display if folder != path else None)
            if errors:
                raise PackageInvalid(errors)
            existing = {p.slug for p in packages if get_course(p.slug) is not None}
            with click.progressbar(length=len(packages), label="Importing courses") as bar:
                load_checked(packages, str(path), author=author, publish=publish,
                             progress=lambda _package: bar.update(1))
    except PackageInvalid as exc:
        raise refuse(exc.errors) from exc
    db.session.commit()
    created = len(packages) - len(existing)
    click.echo(f"Imported {len(packages)} course(s): {created} created, {len(existing)} "
               "updated.")


@courses_cli.command("export")
@click.argument("slug")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@with_appcontext
def export(slug: str, directory: Path):
    """Write the course SLUG as a package into DIRECTORY/SLUG (replacing an earlier export)."""
    from app.courses.packages import export_course
    from app.courses.services import get_course

    course = get_course(slug)
    if course is None:
        raise click.ClickException(f"no course with the slug {slug}")
    try:
        destination = export_course(course, directory)
    except FileExistsError as exc:
        raise click.ClickException(str(exc)) from exc
    db.session.rollback()
    click.echo(f"Exported {slug} to {destination}")


commands = [courses_cli]
