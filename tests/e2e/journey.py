"""A journey: browser contexts on the live server, with checks on every page they load.

`journey.check(page, "name")` is called on each page a journey reaches. It
- fails on any serious or critical axe-core violation (listing them),
- fails if anything was requested from another origin, or a request hit a server error,
- fails on JavaScript errors and Content-Security-Policy violations in the console,
- fails if aria-describedby / aria-labelledby / label[for] point at ids that do not exist,
- saves a full-page screenshot as artifacts/<journey>/NN-name.png,
- optionally fails if the page is wider than the viewport (horizontal scrolling).
When the journey ends, every document a page loaded must have been checked.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Browser, BrowserContext, Page

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
AXE_FAIL_IMPACTS = {"serious", "critical"}
PHONE = {"width": 390, "height": 844}

# axe.run() is started, then its result polled with a timeout (an evaluate() would wait
# forever if the page never let axe finish).
AXE_START = """() => {
  window.__axeResult = undefined;
  axe.run(document, {resultTypes: ["violations"]}).then(result => {
    window.__axeResult = result.violations.map(v => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ") + " — " +
                                      (n.failureSummary || "").split("\\n").slice(1).join(" "))
    }));
  }, error => { window.__axeResult = {error: String(error)}; });
}"""
AXE_TIMEOUT_MS = 60_000
_CSRF_VALUE = re.compile(r'(<input[^>]*name="csrf_token"[^>]*?)value="[^"]*"')


class Auditor:
    """One JavaScript-enabled page that shows given HTML at a given URL, without its scripts."""

    def __init__(self, context: BrowserContext):
        self.context = context
        self.documents: dict[str, str] = {}
        self.page = context.new_page()
        self.page.route("**/*", self._route)

    def serve(self, url: str, html: str) -> None:
        self.documents[url] = html

    def _route(self, route) -> None:
        request = route.request
        if request.resource_type == "document" and request.url in self.documents:
            route.fulfill(status=200, body=self.documents[request.url],
                          content_type="text/html; charset=utf-8")
        elif request.resource_type == "script":
            route.abort()
        else:
            route.continue_()


@dataclass
class _Tracked:
    context: BrowserContext
    javascript: bool
    pending: dict = field(default_factory=dict)  # page -> URLs loaded since its last check


class Journey:
    def __init__(self, name: str, browser: Browser, base_url: str, axe_source: str | None,
                 auditor: Auditor | None, audited: dict | None = None):
        self.name = name
        self.browser = browser
        self.base_url = base_url
        self.origin = _origin(base_url)
        self.axe_source = axe_source
        self.auditor = auditor
        self.audited = audited if audited is not None else {}
        self.dir = ARTIFACTS / name
        shutil.rmtree(self.dir, ignore_errors=True)
        self.dir.mkdir(parents=True, exist_ok=True)
        self.step = 0
        self.offsite: list[str] = []
        self.server_errors: list[str] = []
        self.console_errors: list[str] = []
        self.allowed_console: list[re.Pattern] = [
            # The response itself is checked (server errors, broken resources) separately.
            re.compile(r"^Failed to load resource: the server responded with a status of 4\d\d"),
        ]
        self.tracked: list[_Tracked] = []
        self.checked_urls: list[str] = []
        self.timing: Counter = Counter()
        self.started = time.perf_counter()

    # -- contexts and pages -------------------------------------------------------
    def page(self, *, javascript: bool = True, phone: bool = False, headers: dict | None = None,
             **options) -> Page:
        """A new browser context (its own cookies) with one page, watched by the journey."""
        if phone:
            options.update(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
        options.setdefault("viewport", {"width": 1280, "height": 900})
        context = self.browser.new_context(
            base_url=self.base_url, java_script_enabled=javascript, accept_downloads=True,
            locale=options.pop("locale", "en-GB"), extra_http_headers=headers or None,
            **options,
        )
        context.set_default_timeout(15_000)
        context.set_default_navigation_timeout(30_000)
        tracked = _Tracked(context, javascript)
        self.tracked.append(tracked)
        context.on("request", self._on_request)
        context.on("response", self._on_response)
        context.on("page", lambda page: self._watch(tracked, page))
        page = context.new_page()
        self._watch(tracked, page)
        return page

    def _watch(self, tracked: _Tracked, page: Page) -> None:
        if page in tracked.pending:
            return
        tracked.pending[page] = []
        page.on("load", lambda p: tracked.pending.setdefault(p, []).append(p.url))
        page.on("console", self._on_console)
        # Confirmations (data-confirm) are accepted, as the user who clicked would.
        page.on("dialog", lambda dialog: dialog.accept())
        page.on("pageerror", lambda error: self.console_errors.append(f"page error: {error}"))

    def _on_request(self, request) -> None:
        url = request.url
        if url.startswith(("data:", "blob:", "about:")):
            return
        if _origin(url) != self.origin:
            self.offsite.append(url)

    def _on_response(self, response) -> None:
        if response.status >= 500:
            self.server_errors.append(f"{response.status} {response.request.method} "
                                      f"{response.url}")
        elif response.status == 404 and response.request.resource_type != "document":
            self.server_errors.append(f"404 {response.url} (a resource the page uses)")

    def _on_console(self, message) -> None:
        if message.type != "error":
            return
        text = message.text
        if any(pattern.search(text) for pattern in self.allowed_console):
            return
        self.console_errors.append(f"console: {text}")

    def allow_console(self, pattern: str) -> None:
        """Accept console errors matching `pattern` (e.g. network errors while offline)."""
        self.allowed_console.append(re.compile(pattern))

    # -- checks --------------------------------------------------------------------
    def check(self, page: Page, name: str, *, overflow: bool | None = None) -> None:
        page.wait_for_load_state("load")
        tracked = next(t for t in self.tracked if t.context == page.context)
        self.step += 1
        shot = self.dir / f"{self.step:02d}-{_slug(name)}.png"
        started = time.perf_counter()
        page.screenshot(path=str(shot), full_page=True)
        self.timing["screenshot"] += time.perf_counter() - started
        self.checked_urls.append(page.url)
        tracked.pending[page] = []
        self.assert_clean()
        if self.axe_source:
            started = time.perf_counter()
            violations = self._axe_once(page, tracked.javascript)
            self.timing["axe"] += time.perf_counter() - started
            serious = [v for v in violations if v["impact"] in AXE_FAIL_IMPACTS]
            assert not serious, (
                f"axe-core: {len(serious)} serious/critical violation(s) on {page.url} "
                f"({shot.name}):\n" + "\n".join(
                    f"- [{v['impact']}] {v['id']}: {v['help']}\n    " + "\n    ".join(v["nodes"])
                    for v in serious)
            )
        broken = page.evaluate(_BROKEN_IDREFS)
        assert not broken, f"{page.url} ({shot.name}) refers to missing ids: {broken}"
        if overflow is None:
            overflow = (page.viewport_size or {}).get("width", 1280) <= PHONE["width"]
        if overflow:
            widths = page.evaluate(
                "() => [document.documentElement.scrollWidth, "
                "document.documentElement.clientWidth]")
            wide = page.evaluate(_WIDE_ELEMENTS) if widths[0] > widths[1] else []
            assert widths[0] <= widths[1], (
                f"{page.url} ({shot.name}) overflows horizontally: scrollWidth {widths[0]} > "
                f"clientWidth {widths[1]}; widest elements: {wide}"
            )

    def seen(self, page: Page) -> None:
        """Acknowledge a page identical to one already checked (e.g. a repeated attempt)."""
        page.wait_for_load_state("load")
        next(t for t in self.tracked if t.context == page.context).pending[page] = []
        self.assert_clean()

    def _axe_once(self, page: Page, javascript: bool) -> list[dict]:
        """axe-core results; markup already audited in this session (the same page with
        the same content, e.g. the sign-in form of every journey) is not audited again."""
        width = (page.viewport_size or {}).get("width", 1280)
        markup = _CSRF_VALUE.sub(r"\1", page.content())
        key = hashlib.sha256(f"{javascript}|{width}|{markup}".encode()).hexdigest()
        if key not in self.audited:
            self.audited[key] = self._axe(page, javascript)
        return self.audited[key]

    def _axe(self, page: Page, javascript: bool) -> list[dict]:
        if javascript:
            return _run_axe(page, self.axe_source)
        # axe-core needs timers, which do not run with JavaScript disabled: audit the very
        # same HTML, at the same URL and with the same styles, in a JavaScript-enabled
        # page that does not load the app's scripts.
        self.auditor.serve(page.url, page.content())
        audit = self.auditor.page
        audit.set_viewport_size(page.viewport_size or {"width": 1280, "height": 900})
        audit.goto(page.url)
        audit.bring_to_front()
        return _run_axe(audit, self.axe_source)

    def assert_clean(self) -> None:
        assert not self.offsite, "requests to other origins:\n" + "\n".join(self.offsite)
        assert not self.server_errors, "failed requests:\n" + "\n".join(self.server_errors)
        assert not self.console_errors, "browser errors:\n" + "\n".join(self.console_errors)

    def finish(self) -> None:
        self.assert_clean()
        unchecked = [url for t in self.tracked for urls in t.pending.values() for url in urls]
        assert not unchecked, f"pages loaded but never checked: {unchecked}"

    def timing_report(self) -> str:
        total = time.perf_counter() - self.started
        return (f"{self.name}: {total:.1f} s, {self.step} pages checked; screenshots "
                f"{self.timing['screenshot']:.1f} s, axe-core {self.timing['axe']:.1f} s")

    def close(self) -> None:
        for tracked in self.tracked:
            tracked.context.close()


def _run_axe(page: Page, source: str) -> list[dict]:
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(source)
    page.evaluate(AXE_START)
    page.wait_for_function("() => window.__axeResult !== undefined", polling=100,
                           timeout=AXE_TIMEOUT_MS)
    result = page.evaluate("() => window.__axeResult")
    if isinstance(result, dict):
        raise AssertionError(f"axe-core failed on {page.url}: {result['error']}")
    return result


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "page"


_WIDE_ELEMENTS = """() => {
  const limit = document.documentElement.clientWidth;
  return [...document.querySelectorAll("body *")]
    .filter(el => el.getBoundingClientRect().right > limit + 1)
    .slice(0, 8)
    .map(el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
               (el.className && typeof el.className === "string"
                  ? "." + el.className.trim().split(/\\s+/).join(".") : "") +
               " (" + Math.round(el.getBoundingClientRect().right) + "px)");
}"""


_BROKEN_IDREFS = """() => {
  const broken = [];
  for (const attr of ["aria-describedby", "aria-labelledby", "aria-controls"]) {
    for (const el of document.querySelectorAll("[" + attr + "]")) {
      for (const id of el.getAttribute(attr).split(/\\s+/).filter(Boolean)) {
        if (!document.getElementById(id)) broken.push(attr + "=" + id + " on " + el.tagName);
      }
    }
  }
  for (const label of document.querySelectorAll("label[for]")) {
    if (!document.getElementById(label.htmlFor)) broken.push("label for=" + label.htmlFor);
  }
  return broken.slice(0, 10);
}"""
