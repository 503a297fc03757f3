"""The web worker's collector: the app's own objects frozen at start and after warm-up."""

from __future__ import annotations

import gc

from app.memory import freeze_long_lived


def test_freezes_at_start_and_after_the_warm_up_requests(app):
    gc.unfreeze()
    try:
        freeze_long_lived(app, warm_up=3)
        at_start = gc.get_freeze_count()
        assert at_start > 10_000  # the modules, the app, its models
        client = app.test_client()
        for _ in range(2):
            assert client.get("/healthz").status_code == 200
        kept = [object() for _ in range(50)]  # objects made since: not frozen yet
        kept.append(kept)
        # (frozen objects freed since leave the count: it may only shrink)
        before = gc.get_freeze_count()
        assert before <= at_start
        assert client.get("/healthz").status_code == 200  # the third request
        after = gc.get_freeze_count()
        assert after >= before + 50  # `kept` among them
        assert gc.is_tracked(kept)
        later = [[] for _ in range(500)]  # made after the warm-up
        for _ in range(3):
            client.get("/healthz")
        assert gc.get_freeze_count() < after + 500  # once: later objects stay collectable
        assert later
        # a cycle made after the warm-up is still collected
        cycle = []
        cycle.append(cycle)
        del cycle
        assert gc.collect() >= 1
    finally:
        gc.unfreeze()
