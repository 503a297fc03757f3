"""Garbage collection in a long-running web worker.

CPython's collector scans every tracked object of the oldest generation now and then (a
"full" collection): with the app loaded that is ~280,000 objects — the modules, the models,
the compiled templates and statements — and took 40–240 ms on the 2-core benchmark machine,
a pause that lands on whichever request is running (the p99 of a page). None of those
objects is ever garbage. `gc.freeze()` moves them to a generation the collector does not
scan: once when the app is built, and once more after the worker's first requests have
compiled its templates, statements and catalogues (`WARM_UP_REQUESTS`). Objects created
later are collected as usual; a full collection then scans only them (~0.1 ms for the
app's own objects).

Only `wsgi.py` does this (what gunicorn serves; `flask --app wsgi` commands load it too, where
it costs one collection at start): tests build many short-lived apps, whose objects must stay
collectable.
"""

from __future__ import annotations

import gc
import itertools

from flask import Flask

WARM_UP_REQUESTS = 200


def freeze_long_lived(app: Flask, *, warm_up: int = WARM_UP_REQUESTS) -> None:
    """Freeze what exists now, and again after `warm_up` requests of this process (what
    is garbage at that moment, a request's few cycles, is kept: once, a few kilobytes)."""
    gc.collect()
    gc.freeze()
    served = itertools.count(1)

    @app.teardown_request
    def _freeze_after_warm_up(_exc=None) -> None:
        if next(served) == warm_up:
            gc.freeze()
