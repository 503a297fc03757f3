"""Profile one page in-process with pyinstrument (a dev dependency), against a database
kept by `bench/run.py --keep DIR`:

    python bench/profile.py sqlite:///DIR/full.sqlite3 /courses/bench-course-1/ --user learner

Each request runs in its own app context, as under gunicorn."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.run import make_app
from bench.seed import BENCH_PASSWORD


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("database_url")
    parser.add_argument("path")
    parser.add_argument("--user", default="learner", help="bench account, or - for none")
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--html", help="write the pyinstrument HTML report here")
    args = parser.parse_args()
    from pyinstrument import Profiler

    app = make_app(args.database_url)
    client = app.test_client()
    if args.user != "-":
        client.post("/login", data={"email": f"{args.user}@bench.test",
                                    "password": BENCH_PASSWORD})
    response = client.get(args.path)
    profiler = Profiler(interval=0.0005)
    wall, cpu = time.perf_counter(), time.process_time()
    profiler.start()
    for _ in range(args.requests):
        response = client.get(args.path)
    profiler.stop()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"{args.path}: HTTP {response.status_code}, {len(response.data)} bytes, "
          f"{wall / args.requests * 1000:.1f} ms wall, {cpu / args.requests * 1000:.1f} ms CPU "
          "per request (profiler included)")
    print(profiler.output_text(unicode=False, color=False))
    if args.html:
        Path(args.html).write_text(profiler.output_html())
    return 0


if __name__ == "__main__":
    sys.exit(main())
