"""A small cache for rendered fragments that many people share (a course's outline).

At scale (`REDIS_URL`, or `FRAGMENT_CACHE_URL`) the fragments live in Redis, shared by every
worker and instance; on the embedded default, in this process's memory (a bounded LRU).
A Redis that is down or slow is a cache miss (logged), never an error page.

Keys are versioned by what the fragment is made of (a course's revision, the language, the
learner's completed items…): a change makes a new key, old ones age out (FRAGMENT_CACHE_TTL),
and nothing needs deleting. A key must hold everything the fragment shows: the cache never
knows who asked, so a fragment never carries anything that is not in its key.

Besides HTML, the cache holds plain data (`cached_data`: lists, dicts, strings, numbers,
as JSON in Redis), such as a course's structure per revision: a page rebuilds its objects
from it instead of loading rows. The same rule holds: nothing that is not in the key.
"""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
import threading
import time

from cachetools import LRUCache
from flask import Flask, current_app
from markupsafe import Markup

log = logging.getLogger("akmn.cache")
EXTENSION = "akmn_fragment_cache"


class FragmentCache:
    def __init__(self, app: Flask):
        self.ttl = int(app.config.get("FRAGMENT_CACHE_TTL", 86400))
        self.prefix = app.config.get("FRAGMENT_CACHE_PREFIX", "akmn:fragment:")
        if app.testing:  # each test's app has its own fragments, even in a shared Redis
            self.prefix += secrets.token_hex(6) + ":"
        url = app.config.get("FRAGMENT_CACHE_URL") or app.config.get("REDIS_URL")
        self.redis = None
        self.memory: LRUCache | None = None
        self.lock = threading.Lock()
        self.down_until = 0.0  # after a Redis failure, skip it for RETRY_AFTER seconds
        if url:
            import redis

            self.redis = redis.Redis.from_url(url, socket_timeout=0.5,
                                              socket_connect_timeout=0.5)
        else:
            self.memory = LRUCache(maxsize=int(app.config.get("FRAGMENT_CACHE_SIZE", 1024)))

    RETRY_AFTER = 30.0

    def _resting(self) -> bool:
        """While Redis is known to be down, every page skips it (no 0.5 s timeout each)."""
        return time.monotonic() < self.down_until

    def _failed(self, exc: Exception, what: str) -> None:
        self.down_until = time.monotonic() + self.RETRY_AFTER
        log.warning("fragment cache unavailable (%s): %s; Redis skipped for %d s", exc, what,
                    self.RETRY_AFTER)

    def key(self, parts: tuple) -> str:
        return self.prefix + hashlib.sha256(repr(parts).encode()).hexdigest()

    def get(self, key: str) -> str | None:
        if self.memory is not None:
            with self.lock:
                return self.memory.get(key)
        return self._redis_get(key)

    def _redis_get(self, key: str) -> str | None:
        if self._resting():
            return None
        try:
            value = self.redis.get(key)
        except Exception as exc:  # any Redis failure is a miss
            self._failed(exc, "rendering")
            return None
        return value.decode() if value is not None else None

    def set(self, key: str, value: str) -> None:
        if self.memory is not None:
            with self.lock:
                self.memory[key] = value
            return
        self._redis_set(key, value)

    def _redis_set(self, key: str, value: str) -> None:
        if self._resting():
            return
        try:
            self.redis.set(key, value.encode(), ex=self.ttl)
        except Exception as exc:
            self._failed(exc, "not stored")

    def get_data(self, key: str):
        """Plain data stored by set_data (None on a miss). In memory the very object is
        shared by every request: callers never modify what they get."""
        if self.memory is not None:
            with self.lock:
                return self.memory.get(key)
        text = self._redis_get(key)
        return json.loads(text) if text is not None else None

    def set_data(self, key: str, value) -> None:
        if self.memory is not None:
            with self.lock:
                self.memory[key] = value
            return
        self._redis_set(key, json.dumps(value, separators=(",", ":")))

    def clear(self) -> None:
        """Forget every fragment of this cache (tests; `flask` shell)."""
        if self.memory is not None:
            with self.lock:
                self.memory.clear()
            return
        try:
            for key in self.redis.scan_iter(self.prefix + "*"):
                self.redis.delete(key)
        except Exception as exc:
            log.warning("fragment cache unavailable (%s): not cleared", exc)


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION] = FragmentCache(app)
    app.jinja_env.globals["cached_fragment"] = cached_fragment


def fragment_cache() -> FragmentCache:
    return current_app.extensions[EXTENSION]


def cached_fragment(parts: tuple, render, *args, **kwargs) -> Markup:
    """`render(*args, **kwargs)` (a Jinja macro, or any function returning HTML), cached
    under `parts` (a tuple of plain values that determines the output entirely)."""
    if not current_app.config.get("FRAGMENT_CACHE_ENABLED", True):
        return Markup(render(*args, **kwargs))  # noqa: S704 - a template's own output
    cache = fragment_cache()
    key = cache.key(parts)
    html = cache.get(key)
    if html is None:
        html = str(render(*args, **kwargs))
        cache.set(key, html)
    return Markup(html)  # noqa: S704 - rendered (and escaped) by our own templates


def cached_data(parts: tuple, build):
    """`build()` (plain data: lists, dicts, str, int, float, bool, None — what JSON keeps
    as it is), cached under `parts` (a tuple of plain values that determines it entirely).
    The result is shared: never modify it."""
    if not current_app.config.get("FRAGMENT_CACHE_ENABLED", True):
        return build()
    cache = fragment_cache()
    key = cache.key(("data", *parts))
    value = cache.get_data(key)
    if value is None:
        value = build()
        cache.set_data(key, value)
    return value


def cached_data_many(parts: dict, build) -> dict:
    """`{name: value}` for each name of `parts` (`{name: key parts}`), as cached_data does
    for one; `build(names)` returns `{name: value}` for the names not cached, built at once
    (a page of several courses builds their misses in one go, not one go each)."""
    if not current_app.config.get("FRAGMENT_CACHE_ENABLED", True):
        return build(list(parts))
    cache = fragment_cache()
    keys = {name: cache.key(("data", *key)) for name, key in parts.items()}
    found = {name: cache.get_data(key) for name, key in keys.items()}
    missing = [name for name, value in found.items() if value is None]
    if missing:
        built = build(missing)
        for name in missing:
            found[name] = built.get(name)  # None: gone meanwhile (not cached)
            if found[name] is not None:
                cache.set_data(keys[name], found[name])
    return found
