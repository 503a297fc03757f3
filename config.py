"""Configuration from the environment.

Every setting comes from an environment variable; nothing secret has a fixed fallback.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("AKMN_INSTANCE_PATH", BASE_DIR / "instance"))


def _bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def normalise_database_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL whatever spelling the operator used."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _secret_key(environment: str) -> str | None:
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    key_file = INSTANCE_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    if environment in {"development", "testing"}:
        # Random per process: sessions do not survive a restart, and nothing is guessable.
        return os.urandom(32).hex()
    return None


class Config:
    ENVIRONMENT = os.environ.get("AKMN_ENV", "production")
    SECRET_KEY = None  # filled by load_config

    SQLALCHEMY_DATABASE_URI = normalise_database_url(
        os.environ.get("DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'akmn.sqlite3'}")
    )
    SQLALCHEMY_RECORD_QUERIES = False
    REDIS_URL = os.environ.get("REDIS_URL") or None

    # Sessions and cookies
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", False)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    REMEMBER_COOKIE_DURATION = 60 * 60 * 24 * 30
    PREFERRED_URL_SCHEME = os.environ.get("PREFERRED_URL_SCHEME", "http")
    SERVER_NAME = os.environ.get("SERVER_NAME") or None
    # Behind a proxy that sets X-Forwarded-For / -Proto, say how many hops to trust.
    PROXY_FIX_HOPS = int(os.environ.get("PROXY_FIX_HOPS", "0"))

    # Forms: the CSRF token must outlive the longest quiz attempt (hours, not 1 h).
    WTF_CSRF_TIME_LIMIT = int(os.environ.get("WTF_CSRF_TIME_LIMIT", str(12 * 3600)))

    # Uploads
    MAX_CONTENT_LENGTH = int(os.environ.get("MAX_UPLOAD_MB", "20")) * 1024 * 1024
    UPLOAD_MAX_BYTES = int(os.environ.get("UPLOAD_MAX_FILE_MB", "10")) * 1024 * 1024

    # Rate limits
    RATELIMIT_ENABLED = _bool("RATELIMIT_ENABLED", True)
    RATELIMIT_HEADERS_ENABLED = True
    # Redis down: count in this process's memory (and log a warning) until it is back,
    # rather than a 500 on every rate-limited page; a slow Redis fails fast.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_SWALLOW_ERRORS = True
    RATELIMIT_STORAGE_OPTIONS = {
        "socket_connect_timeout": float(os.environ.get("RATELIMIT_REDIS_TIMEOUT", "1")),
        "socket_timeout": float(os.environ.get("RATELIMIT_REDIS_TIMEOUT", "1")),
    }
    # Sign-in and verification limits kept in the database (app/auth/services/throttle.py),
    # shared by every worker and instance and counted before the password is checked.
    LOGIN_LIMIT_PER_ADDRESS = int(os.environ.get("LOGIN_LIMIT_PER_ADDRESS", "10"))
    LOGIN_LIMIT_WINDOW = int(os.environ.get("LOGIN_LIMIT_WINDOW", str(15 * 60)))  # seconds
    LOGIN_CEILING = int(os.environ.get("LOGIN_CEILING", "100"))  # per account, all addresses
    LOGIN_CEILING_WINDOW = int(os.environ.get("LOGIN_CEILING_WINDOW", "3600"))
    VERIFY_UNKNOWN_PER_MINUTE = int(os.environ.get("VERIFY_UNKNOWN_PER_MINUTE", "10"))
    VERIFY_UNKNOWN_PER_DAY = int(os.environ.get("VERIFY_UNKNOWN_PER_DAY", "100"))

    # Languages
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_DEFAULT_TIMEZONE = "UTC"
    DEFAULT_TIMEZONE = os.environ.get("DEFAULT_TIMEZONE", "Asia/Seoul")

    # Mail (optional: without MAIL_SERVER mail is written to the log)
    MAIL_SERVER = os.environ.get("MAIL_SERVER") or None
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "587"))
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME") or None
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD") or None
    MAIL_USE_TLS = _bool("MAIL_USE_TLS", True)
    MAIL_USE_SSL = _bool("MAIL_USE_SSL", False)
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "AKMN Learn <no-reply@akmn.local>")
    MAIL_TIMEOUT = float(os.environ.get("MAIL_TIMEOUT", "10"))
    # Imports above this many rows (or GIFT questions) run in the background (app/imports).
    IMPORT_BACKGROUND_ROWS = int(os.environ.get("IMPORT_BACKGROUND_ROWS", "500"))
    IMPORT_CHUNK_ROWS = int(os.environ.get("IMPORT_CHUNK_ROWS", "100"))
    IMPORT_CLAIM_TIMEOUT = int(os.environ.get("IMPORT_CLAIM_TIMEOUT", "60"))
    MAIL_MAX_ATTEMPTS = int(os.environ.get("MAIL_MAX_ATTEMPTS", "8"))

    # Platform settings
    SELF_REGISTRATION = _bool("SELF_REGISTRATION", False)
    PLATFORM_NAME = os.environ.get("PLATFORM_NAME", "AKMN Learn")
    # Public base URL: every link that leaves the site (mail, QR codes, calendars) is built
    # from it (app/urls.py), never from the request. Required in production; it also sets
    # TRUSTED_HOSTS, so a request with a foreign Host header is refused (400).
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL") or None
    # Bearer token that shows /healthz's details (database dialect, latency) to a monitor
    # that is not on this machine; from 127.0.0.1 they are shown without it.
    HEALTHZ_TOKEN = os.environ.get("HEALTHZ_TOKEN") or None

    # Background work (app/jobs): "celery" when a broker is configured (CELERY_BROKER_URL, or
    # REDIS_URL), else "thread" (a pool of the web process); "inline" in tests; "none" when
    # only `flask jobs run-periodic` (cron) does the work. Unset: chosen from the broker.
    BACKGROUND_MODE = os.environ.get("BACKGROUND_MODE") or None
    CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or None
    # Longer than the longest task (a cohort's certificate, a big import): seconds.
    CELERY_VISIBILITY_TIMEOUT = int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "3600"))
    CELERY_MAX_TASKS_PER_CHILD = int(os.environ.get("CELERY_MAX_TASKS_PER_CHILD", "5000"))
    # KiB of resident memory after which a worker child is replaced (WeasyPrint grows).
    CELERY_MAX_MEMORY_PER_CHILD = int(os.environ.get("CELERY_MAX_MEMORY_PER_CHILD", "600000"))
    CELERY_QUEUE = os.environ.get("CELERY_QUEUE", "akmn")
    JOBS_THREADS = int(os.environ.get("JOBS_THREADS", "2"))

    # Certificates
    # Seconds after which a rendering claim whose renderer stopped beating is free again.
    CERTIFICATE_CLAIM_TIMEOUT = float(os.environ.get("CERTIFICATE_CLAIM_TIMEOUT", "60"))
    CERTIFICATE_ISSUER = os.environ.get("CERTIFICATE_ISSUER", "ASEAN-Korea Migration Network")
    CERTIFICATE_SERIAL_PREFIX = os.environ.get("CERTIFICATE_SERIAL_PREFIX", "AKMN")
    # An extra folder of certificate templates (one sub-folder each) besides the built-in ones.
    CERTIFICATE_TEMPLATES_PATH = os.environ.get("CERTIFICATE_TEMPLATES_PATH") or None
    # Where certificate templates may take Noto fonts from (":"-separated); the last one also
    # receives the compact Korean and Chinese faces of `flask certificates prepare-fonts`
    # (optional: without them the renderer builds them in its cache, AKMN_FONT_CACHE).
    CERTIFICATE_FONT_DIRS = tuple(os.environ.get(
        "CERTIFICATE_FONT_DIRS", f"/usr/share/fonts:{INSTANCE_DIR / 'fonts'}").split(":"))


class DevelopmentConfig(Config):
    ENVIRONMENT = "development"
    # Unset: links point at what `flask run` serves (default_base_url) and any host is
    # accepted (a phone on the workshop's network).


class TestingConfig(Config):
    ENVIRONMENT = "testing"
    TESTING = True
    SQLALCHEMY_DATABASE_URI = normalise_database_url(
        os.environ.get("TEST_DATABASE_URL", "sqlite://")
    )
    REDIS_URL = os.environ.get("TEST_REDIS_URL") or None
    PASSWORD_HASH_FAST = True
    BACKGROUND_MODE = "inline"
    MAIL_SERVER = None
    SERVER_NAME = None
    PUBLIC_BASE_URL = "http://localhost"
    SELF_REGISTRATION = False


CONFIGS = {
    "production": Config,
    "development": DevelopmentConfig,
    "testing": TestingConfig,
}


# Host names always accepted besides PUBLIC_BASE_URL's: health checks and a local proxy.
LOCAL_HOSTS = ("localhost", "127.0.0.1")


def default_base_url() -> str:
    """Development's public address when PUBLIC_BASE_URL is not set: what `flask run` serves
    (FLASK_RUN_HOST / FLASK_RUN_PORT, as `make run` sets them)."""
    host = os.environ.get("FLASK_RUN_HOST") or "127.0.0.1"
    if host in {"0.0.0.0", "::"}:  # noqa: S104  (listening everywhere: link to this machine)
        host = "127.0.0.1"
    return f"http://{host}:{os.environ.get('FLASK_RUN_PORT') or '5000'}"


def check_base_url(url: str) -> str:
    """PUBLIC_BASE_URL without its trailing slash; a clear error when it is not a base URL."""
    parts = urlsplit(url.strip())
    if parts.scheme not in {"http", "https"} or not parts.hostname or parts.query \
            or parts.fragment:
        raise RuntimeError(
            f"PUBLIC_BASE_URL={url!r} is not a public base URL: give the scheme and host the "
            "site is reached at, e.g. PUBLIC_BASE_URL=https://learn.example.org")
    return url.strip().rstrip("/")


def trusted_hosts(base_url: str) -> list[str]:
    host = urlsplit(base_url).hostname or ""
    return list(dict.fromkeys([host, *LOCAL_HOSTS]))


def _public_address(settings: dict, overrides: dict) -> None:
    """PUBLIC_BASE_URL checked (required in production) and TRUSTED_HOSTS derived from it."""
    base = settings.get("PUBLIC_BASE_URL")
    if base:
        settings["PUBLIC_BASE_URL"] = check_base_url(base)
    elif settings["ENVIRONMENT"] not in {"development", "testing"}:
        raise RuntimeError(
            "PUBLIC_BASE_URL is not set. In production every link that leaves the site "
            "(password resets, invitations, certificate QR codes) is built from it, and "
            "requests for any other host are refused: set it to the public address, e.g. "
            "PUBLIC_BASE_URL=https://learn.example.org (`make run` is development and "
            "needs none).")
    if "TRUSTED_HOSTS" not in overrides and settings.get("PUBLIC_BASE_URL"):
        # Development without PUBLIC_BASE_URL accepts any host (a phone on the LAN).
        settings["TRUSTED_HOSTS"] = trusted_hosts(settings["PUBLIC_BASE_URL"])


def load_config(overrides: dict | None = None) -> dict:
    """Return the settings as a dict: the environment's class plus overrides."""
    overrides = dict(overrides or {})
    environment = overrides.get("ENVIRONMENT") or (
        "testing" if overrides.get("TESTING") else os.environ.get("AKMN_ENV", "production")
    )
    cls = CONFIGS.get(environment, Config)
    settings = {key: getattr(cls, key) for key in dir(cls) if key.isupper()}
    settings["ENVIRONMENT"] = environment
    settings["SECRET_KEY"] = overrides.pop("SECRET_KEY", None) or _secret_key(environment)
    settings.update(overrides)
    if not settings.get("SECRET_KEY"):
        raise RuntimeError(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable "
            "(or run `make run`, which creates instance/secret_key once)."
        )
    _public_address(settings, overrides)
    return settings
