"""Set up the e2e server's database in one process (run by server.py in the server's env).

What `make load` does — `flask db upgrade`, `flask courses import courses/` (once that
command exists) and `flask demo load` — through the same CLI commands, without paying
for a new interpreter and app import per command.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tests.e2e.isolate import isolate

isolate()
from wsgi import app  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> None:
    result = app.test_cli_runner().invoke(args=list(args))
    if result.exit_code != 0:
        sys.stderr.write(f"`flask {' '.join(args)}` failed ({result.exit_code}):\n"
                         f"{result.output[-4000:]}\n{result.exception!r}\n")
        sys.exit(1)


def main() -> None:
    run("db", "upgrade")
    if "courses" in app.cli.commands and (ROOT / "courses").is_dir():
        run("courses", "import", str(ROOT / "courses"))
    run("demo", "load")


if __name__ == "__main__":
    if len(sys.argv) > 1:
        run(*sys.argv[1:])  # one command, e.g. `users create …`
    else:
        main()
