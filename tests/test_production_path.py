"""The README's production way (`flask db upgrade`, `gunicorn wsgi:app`) serves the translations.

A copy of the code without a single compiled catalogue (`*.mo` are git-ignored, so a fresh clone
has none) is upgraded and served by a real gunicorn in a subprocess; the home page must come
back in Korean, Thai and Vietnamese when the browser asks for them.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str, language: str) -> str:
    request = urllib.request.Request(url, headers={"Accept-Language": language})
    with urllib.request.urlopen(request, timeout=120) as response:
        return response.read().decode()


@pytest.fixture(scope="module")
def production_server(tmp_path_factory):
    if not (BIN / "gunicorn").exists():
        pytest.fail("gunicorn is a dependency of the project and must be installed")
    clone = tmp_path_factory.mktemp("clone")
    ignore = shutil.ignore_patterns("*.mo", "__pycache__", "*.pyc")
    for name in ("app", "migrations"):
        shutil.copytree(ROOT / name, clone / name, ignore=ignore)
    for name in ("wsgi.py", "config.py"):
        shutil.copy2(ROOT / name, clone / name)
    assert not list(clone.rglob("*.mo")), "the copy must start without compiled catalogues"

    instance = tmp_path_factory.mktemp("instance")
    port = _free_port()
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("FLASK_", "AKMN_", "TEST_"))}
    env.update(
        SECRET_KEY="production-path-test",
        AKMN_ENV="production",
        AKMN_INSTANCE_PATH=str(instance),
        DATABASE_URL=f"sqlite:///{instance / 'akmn.sqlite3'}",
        PUBLIC_BASE_URL=f"http://127.0.0.1:{port}",
        PYTHONDONTWRITEBYTECODE="1",
    )
    upgrade = subprocess.run(
        [str(BIN / "flask"), "--app", "wsgi", "db", "upgrade"],
        cwd=clone, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert upgrade.returncode == 0, upgrade.stderr[-2000:]

    log = (instance / "gunicorn.log").open("w")
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "-b", f"127.0.0.1:{port}", "-w", "1",
         "--no-control-socket", "wsgi:app"],
        cwd=clone, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):  # wait until it answers (a readiness poll, not a timing assertion)
            if server.poll() is not None:
                break
            try:
                _get(base + "/", "en")
                break
            except OSError:  # refused while booting (URLError is an OSError)
                time.sleep(0.2)
        else:
            pytest.fail("gunicorn never answered")
        if server.poll() is not None:
            log.flush()
            pytest.fail("gunicorn exited:\n" + (instance / "gunicorn.log").read_text()[-3000:])
        yield base, instance
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


@pytest.mark.parametrize(("language", "courses", "workshops"), [
    ("ko", "과정", "워크숍"),
    ("th", "หลักสูตร", "เวิร์กช็อป"),
    ("vi", "Khóa học", "Hội thảo"),
])
def test_production_start_serves_the_translations(production_server, language, courses,
                                                   workshops):
    base, instance = production_server
    page = _get(base + "/", language)
    assert f'<html lang="{language}"' in page
    assert courses in page
    assert workshops in page
    # compiled by the app itself at start-up, into the instance folder
    assert (instance / "translations" / language / "LC_MESSAGES" / "messages.mo").exists()


def test_production_start_offers_only_languages_it_can_show(production_server):
    base, _instance = production_server
    page = _get(base + "/", "en")
    assert '<html lang="en"' in page
    assert 'id="language-link"' in page  # the footer links the language page
    page = _get(base + "/language", "en")
    # the language page offers Korean (complete) and nothing the interface would show in English
    assert "한국어" in page
