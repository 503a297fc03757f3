"""Browser journeys: the real app served on a free port, driven by Debian's Chromium.

Skipped, with the reason, when AKMN_SKIP_E2E=1 (CI's PostgreSQL pass) or when no Chromium
is installed. axe-core comes from npm (`make test` runs `npm ci` in tests/e2e); without it
the journeys still run and test_axe_core_available reports the accessibility checks as
skipped.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.e2e.journey import Auditor, Journey
from tests.e2e.server import LiveServer

HERE = Path(__file__).resolve().parent
AXE_PATH = HERE / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]


def find_chromium() -> str | None:
    candidates = [os.environ.get("AKMN_CHROMIUM"), "/usr/bin/chromium",
                  shutil.which("chromium"), shutil.which("chromium-browser"),
                  shutil.which("google-chrome")]
    for candidate in candidates:
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def _skip_reason() -> str | None:
    if os.environ.get("AKMN_SKIP_E2E") == "1":
        return "browser tests skipped: AKMN_SKIP_E2E=1 (CI runs them once, on SQLite)"
    if find_chromium() is None:
        return ("browser tests skipped: no Chromium found (/usr/bin/chromium; "
                "`make test` installs the Debian package when run as root, or set AKMN_CHROMIUM)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return ("browser tests skipped: Playwright for Python is not installed "
                "(pip install -e '.[dev]')")
    return None


def pytest_collection_modifyitems(config, items):
    reason = _skip_reason()
    if not reason:
        return
    for item in items:
        if "e2e" in item.keywords:
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    server = LiveServer(tmp_path_factory.mktemp("e2e-server"))
    server.prepare()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def playwright_driver():
    """One Playwright per session (a second sync Playwright cannot start beside it)."""
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    yield playwright
    playwright.stop()


@pytest.fixture(scope="session")
def browser(playwright_driver):
    browser = playwright_driver.chromium.launch(executable_path=find_chromium(),
                                                args=CHROMIUM_ARGS, headless=True)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def axe_source() -> str | None:
    return AXE_PATH.read_text(encoding="utf-8") if AXE_PATH.exists() else None


@pytest.fixture(scope="session")
def auditor(browser, live_server):
    """A JavaScript-enabled context that runs axe-core on pages seen with JavaScript off."""
    context = browser.new_context(base_url=live_server.url)
    yield Auditor(context)
    context.close()


@pytest.fixture(scope="session")
def audited() -> dict:
    """axe-core results by page markup, shared by the journeys of the session."""
    return {}


@pytest.fixture
def journey(request, browser, live_server, axe_source, auditor, audited):
    """journey("name") → a Journey whose pages are checked; all must pass at the end."""
    made: list[Journey] = []

    def factory(name: str | None = None) -> Journey:
        made.append(Journey(name or request.node.name.removeprefix("test_"), browser,
                            live_server.url, axe_source, auditor, audited))
        return made[-1]

    yield factory
    try:
        failed = getattr(request.node, "rep_call", None)
        if failed is None or failed.passed:
            for item in made:
                item.finish()
    finally:
        for item in made:
            item.close()
            if os.environ.get("AKMN_E2E_TIMING"):
                print("\n" + item.timing_report())


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, "rep_" + report.when, report)
    return report
