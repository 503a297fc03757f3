"""HTTP helpers of the benchmark (standard library only): sign in, fetch raw bytes, weigh a
page with everything it loads, find the CSRF token."""

from __future__ import annotations

import http.client
import re
import time
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
CSS_URL_RE = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")
FONT_FACE_RE = re.compile(r"@font-face\s*{[^}]*}")
RANGE_RE = re.compile(r"unicode-range\s*:\s*([^;}]+)")
ACCEPT = {"Accept-Encoding": "br, gzip", "Accept": "text/html,*/*"}


class Response:
    def __init__(self, status: int, headers: dict, raw: bytes, header_bytes: int):
        self.status = status
        self.headers = headers
        self.raw = raw  # as sent on the wire (compressed)
        self.header_bytes = header_bytes

    def text(self) -> str:
        encoding = self.headers.get("content-encoding", "")
        data = self.raw
        if encoding == "br":
            import brotli

            data = brotli.decompress(data)
        elif encoding == "gzip":
            import gzip

            data = gzip.decompress(data)
        return data.decode("utf-8", "replace")


class Browser:
    """Keeps cookies for one host; never follows redirects (the caller decides)."""

    def __init__(self, base: str):
        parts = urlsplit(base)
        self.base = base.rstrip("/")
        self.host, self.port = parts.hostname, parts.port or 80
        self.cookies: dict[str, str] = {}

    @property
    def cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def request(self, method: str, path: str, body: str | None = None,
                headers: dict | None = None) -> Response:
        conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
        sent = dict(ACCEPT)
        sent.update(headers or {})
        if self.cookies:
            sent["Cookie"] = self.cookie_header
        if body is not None:
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body, headers=sent)
        resp = conn.getresponse()
        raw = resp.read()
        header_bytes = sum(len(k) + len(v) + 4 for k, v in resp.getheaders()) + 17
        headers = {k.lower(): v for k, v in resp.getheaders()}
        for key, value in resp.getheaders():
            if key.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                val = rest.split(";", 1)[0]
                if val:
                    self.cookies[name.strip()] = val
                else:
                    self.cookies.pop(name.strip(), None)
        conn.close()
        return Response(resp.status, headers, raw, header_bytes)

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post(self, path: str, fields: dict) -> Response:
        from urllib.parse import urlencode

        return self.request("POST", path, body=urlencode(fields, doseq=True))

    def csrf(self, path: str = "/") -> str:
        match = CSRF_RE.search(self.get(path).text())
        if not match:
            raise RuntimeError(f"no CSRF token on {path}")
        return match.group(1)

    def login(self, email: str, password: str) -> None:
        token = self.csrf("/login")
        resp = self.post("/login", {"csrf_token": token, "email": email, "password": password})
        if resp.status not in (302, 303):
            raise RuntimeError(f"login of {email} failed: HTTP {resp.status}")


def wait_until_up(base: str, path: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    browser = Browser(base)
    while time.monotonic() < deadline:
        try:
            if browser.get(path).status < 500:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{base}{path} did not come up in {timeout} s")


class _Refs(HTMLParser):
    """Everything an HTML page makes the browser load (not the links it merely offers)."""

    def __init__(self):
        super().__init__()
        self.loads: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "link" and a.get("href"):
            rel = (a.get("rel") or "").lower()
            if any(r in rel for r in ("stylesheet", "icon", "preload", "modulepreload",
                                      "manifest")):
                self.loads.append(a["href"])
        elif tag in {"script", "img", "iframe", "audio", "video", "source", "embed",
                     "track", "input"} and a.get("src"):
            self.loads.append(a["src"])
        elif tag == "object" and a.get("data"):
            self.loads.append(a["data"])
        elif tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if a.get("srcset"):
            self.loads += [part.strip().split(" ")[0] for part in a["srcset"].split(",")]


def _offsite(url: str, host: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme == "data":
        return False
    if parts.scheme in ("", "http", "https"):
        return bool(parts.netloc) and parts.hostname != host
    return True


def _ranges(spec: str) -> list[tuple[int, int]]:
    """A unicode-range (`U+0E01-0E5B, U+25CC, U+4??`) as (first, last) pairs."""
    ranges = []
    for part in spec.split(","):
        part = part.strip().upper().removeprefix("U+")
        if "?" in part:
            low, high = int(part.replace("?", "0"), 16), int(part.replace("?", "F"), 16)
        elif "-" in part:
            low, high = (int(x, 16) for x in part.split("-", 1))
        else:
            low = high = int(part, 16)
        ranges.append((low, high))
    return ranges


FAMILY_RE = re.compile(r"font-family:\s*([^;]+);")
WEIGHT_RE = re.compile(r"font-weight:\s*([^;]+);")


def fonts_loaded(sheets: list[tuple[str, str]], html: str) -> list[str]:
    """The font files a browser fetches for this page, given its stylesheets in order as
    (URL, text): for each character of the page and each family and weight, the face
    declared *last* whose unicode-range holds it (CSS Fonts 4 §4.6: a later face is tried
    first, and an earlier one is fetched only for what the later ones lack). Conservative:
    any character anywhere in the HTML counts, in every weight declared, and a face is
    counted as downloaded even if a local() copy exists."""
    chars = {ord(c) for c in set(html) if ord(c) > 0x7F} | {ord("A")}  # and Latin text
    faces = []  # (family, weight, ranges or None, urls), in declaration order
    for base, css in sheets:
        for rule in FONT_FACE_RE.findall(css):
            family = FAMILY_RE.search(rule)
            weight = WEIGHT_RE.search(rule)
            found = RANGE_RE.search(rule)
            faces.append(((family.group(1).strip().strip("\"'") if family else ""),
                          (weight.group(1).strip() if weight else "400"),
                          _ranges(found.group(1)) if found else None,
                          [urljoin(base, u) for u in CSS_URL_RE.findall(rule)]))
    loads: list[str] = []
    groups: dict[tuple[str, str], list] = {}
    for face in faces:
        groups.setdefault(face[:2], []).append(face)
    for group in groups.values():
        needed = set()
        for char in chars:
            for index in range(len(group) - 1, -1, -1):
                ranges = group[index][2]
                if ranges is None or any(low <= char <= high for low, high in ranges):
                    needed.add(index)
                    break
        for index in sorted(needed):
            loads += [u for u in group[index][3] if u not in loads]
    return loads


def css_loads(css: str, html: str) -> list[str]:
    """What a browser loads for one stylesheet on this page: its fonts (fonts_loaded) and
    every other url() it names, relative to the stylesheet."""
    return fonts_loaded([("", css)], html) + CSS_URL_RE.findall(FONT_FACE_RE.sub("", css))


def weigh(browser: Browser, path: str) -> dict:
    """Compressed bytes of the page and of what it loads (a cold browser cache)."""
    page = browser.get(path)
    html = page.text()
    refs = _Refs()
    refs.feed(html)
    host = browser.host
    seen, offsite, resources, sheets = set(), [], [], []
    total = len(page.raw) + page.header_bytes

    def fetch(urls: list[str], *, styles: bool) -> None:
        nonlocal total
        queue = list(urls)
        while queue:
            url = queue.pop(0)
            if url in seen or url.startswith("data:"):
                continue
            seen.add(url)
            if _offsite(url, host):
                offsite.append(url)
                continue
            parts = urlsplit(url)
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            res = browser.get(target)
            total += len(res.raw) + res.header_bytes
            resources.append({"url": target, "status": res.status, "bytes": len(res.raw),
                              "encoding": res.headers.get("content-encoding", ""),
                              "type": res.headers.get("content-type", "")})
            if styles and "text/css" in res.headers.get("content-type", ""):
                css = res.text()
                sheets.append((target, css))
                queue += [urljoin(target, u) for u in CSS_URL_RE.findall(
                    FONT_FACE_RE.sub("", css))]

    # The stylesheets, scripts and images first; then the fonts all the stylesheets together
    # make the browser fetch (a later stylesheet's face shadows an earlier one's).
    fetch([urljoin(path, u) for u in refs.loads], styles=True)
    fetch(fonts_loaded(sheets, html), styles=False)
    return {
        "status": page.status,
        "html_bytes": len(page.raw),
        "html_encoding": page.headers.get("content-encoding", ""),
        "total_bytes": total,
        "requests": 1 + len(resources),
        "resources": resources,
        "offsite": offsite,
        "offsite_links": sorted({u for u in refs.links if _offsite(u, host)
                                 and not u.startswith(("mailto:", "tel:"))}),
    }
