"""`flask jobs …`: run the periodic jobs by hand or from cron, list the tasks."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from app import jobs


@click.group("jobs", help="Background jobs: the periodic jobs and the task list.")
def jobs_cli():
    pass


@jobs_cli.command("run-periodic")
@with_appcontext
def run_periodic():
    """Run every periodic job once, now (for BACKGROUND_MODE=none, or from cron)."""
    for name in jobs.run_periodic_once():
        click.echo(f"ran {name}")


@jobs_cli.command("list")
def list_tasks():
    """The declared tasks and the periodic schedule."""
    every = {job.task.name: job.every for job in jobs.PERIODIC}
    for name in sorted(jobs.TASKS):
        when = f"every {every[name]}" if name in every else "on demand"
        click.echo(f"{name}\t{when}")
