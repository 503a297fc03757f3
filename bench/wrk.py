"""Running wrk and reading its report."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

LATENCY_RE = re.compile(r"^\s+(\d+)%\s+([\d.]+)(us|ms|s)\s*$", re.MULTILINE)
RPS_RE = re.compile(r"Requests/sec:\s+([\d.]+)")
NON2XX_RE = re.compile(r"Non-2xx or 3xx responses:\s+(\d+)")
TOTAL_RE = re.compile(r"(\d+) requests in")


def _ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def have_wrk() -> bool:
    return shutil.which("wrk") is not None


def run_wrk(url: str, *, seconds: int = 5, connections: int = 8, threads: int = 2,
            cookie: str | None = None, lua: str | None = None) -> dict:
    cmd = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency",
           "--timeout", "10s"]
    if cookie:
        cmd += ["-H", f"Cookie: {cookie}"]
    script: Path | None = None
    if lua:
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
            handle.write(lua)
        script = Path(handle.name)
        cmd += ["-s", str(script)]
    cmd.append(url)
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 30,
                             check=False).stdout
    finally:
        if script:
            script.unlink(missing_ok=True)
    latencies = {int(p): _ms(v, u) for p, v, u in LATENCY_RE.findall(out)}
    rps = RPS_RE.search(out)
    non2xx = NON2XX_RE.search(out)
    total = TOTAL_RE.search(out)
    return {
        "rps": float(rps.group(1)) if rps else 0.0,
        "p50_ms": latencies.get(50),
        "p99_ms": latencies.get(99),
        "requests": int(total.group(1)) if total else 0,
        "errors": int(non2xx.group(1)) if non2xx else 0,
    }
