"""Set up the e2e server's database in one process (run by server.py in the server's env).

What `make load` does — `flask db upgrade`, `flask courses import courses/` (once that
command exists) and `flask demo load` — through the same CLI commands, without paying
for a new interpreter and app import per command.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from tests.e2e.isolate import isolate

isolate()
from wsgi import app  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, fatal: bool = True) -> str | None:
    """Run a command; its error report, or None when it succeeded."""
    result = app.test_cli_runner().invoke(args=list(args))
    if result.exit_code == 0:
        return None
    report = (f"`flask {' '.join(args)}` failed ({result.exit_code}):\n"
              f"{result.output[-4000:]}\n{result.exception!r}\n")
    if fatal:
        sys.stderr.write(report)
        sys.exit(1)
    return report


def main(report_file: Path, accounts_file: Path) -> None:
    run("db", "upgrade")
    report = ""
    if "courses" in app.cli.commands and (ROOT / "courses").is_dir():
        # A package that does not import is reported by test_course_packages_import, not
        # by every journey (they author their own course).
        report = run("courses", "import", str(ROOT / "courses"), fatal=False) or ""
    report_file.write_text(report, encoding="utf-8")
    run("demo", "load")
    for account in json.loads(accounts_file.read_text(encoding="utf-8")):
        run("users", "create", "--email", account["email"], "--name", account["name"],
            "--password", account["password"])


if __name__ == "__main__":
    if sys.argv[1] == "--setup":
        # migrations, course packages, demo data, the journeys' own accounts
        main(Path(sys.argv[2]), Path(sys.argv[3]))
    else:
        run(*sys.argv[1:])  # one command, e.g. `users create …`
