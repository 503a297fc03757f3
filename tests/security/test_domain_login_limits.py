"""#3: sign-in limits hold across workers (counted in the database, not per process), under a
burst (counted before the password is checked), and per account AND address, so an attacker
elsewhere cannot lock the official out; a higher account-wide ceiling e-mails the owner once.
The same for /verify/<code> lookups of unknown codes."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from app import create_app
from app.certificates import services as certificates
from app.extensions import db
from app.mail import outbox
from tests.conftest import TEST_PASSWORD

WRONG = "not-the-passphrase"


def _worker(database_url):
    """Another app on the same database: a second gunicorn worker (or instance), with its own
    memory. Flask-Limiter off, so only the shared limits are tested."""
    other = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url,
                        "SERVER_NAME": None, "WTF_CSRF_ENABLED": False,
                        "RATELIMIT_ENABLED": False})
    return other


@pytest.fixture
def workers(app, database_url):
    app.config.update(WTF_CSRF_ENABLED=False, RATELIMIT_ENABLED=False)
    second = _worker(database_url)
    yield app, second
    with second.app_context():
        db.engine.dispose()


class _Owner:
    def __init__(self, email: str):
        self.email = email


def _owner(make_user) -> _Owner:
    """The official's address, read once: the test's own session holds no read transaction
    (and no object needing an app context in the threads) while the workers write."""
    email = make_user(email="official@example.test").email
    db.session.commit()
    return _Owner(email)


def _post_login(flask_app, email: str, password: str = WRONG, ip: str = "203.0.113.9") -> int:
    with flask_app.test_client() as client:
        return client.post("/login", data={"email": email, "password": password},
                           environ_base={"REMOTE_ADDR": ip}).status_code


def test_two_workers_share_the_count(workers, make_user):
    user = _owner(make_user)
    first, second = workers
    statuses = [_post_login(first if i % 2 else second, user.email) for i in range(16)]
    assert statuses.count(200) == 10  # checked: the wrong password is shown
    assert statuses[10:] == [429] * 6


def test_a_burst_of_30_simultaneous_attempts_lets_at_most_the_limit_through(workers, make_user):
    user = _owner(make_user)
    first, second = workers
    with ThreadPoolExecutor(max_workers=10) as pool:
        statuses = list(pool.map(lambda i: _post_login(first if i % 2 else second, user.email),
                                 range(30)))
    assert statuses.count(200) <= 10
    assert statuses.count(429) >= 20


def test_the_owner_signs_in_from_another_address_while_the_attacker_is_blocked(workers,
                                                                               make_user):
    user = _owner(make_user)
    first, _second = workers
    attacker = [_post_login(first, user.email, ip="198.51.100.66") for _ in range(12)]
    assert attacker[-1] == 429
    assert _post_login(first, user.email, TEST_PASSWORD, ip="198.51.100.66") == 429
    assert _post_login(first, user.email, TEST_PASSWORD, ip="203.0.113.7") == 302


def test_the_account_wide_ceiling_refuses_and_emails_the_owner_once(workers, make_user):
    user = _owner(make_user)
    first, second = workers
    for flask_app in workers:
        flask_app.config["LOGIN_CEILING"] = 5
    statuses = [_post_login(first if i % 2 else second, user.email, ip=f"198.51.100.{i + 1}")
                for i in range(8)]
    assert statuses == [200] * 5 + [429] * 3
    warnings = [m for m in outbox() if m["To"] == user.email]
    assert len(warnings) == 1
    assert "many attempts to sign in" in warnings[0].get_content()


def test_unknown_verification_codes_are_counted_across_workers(workers):
    first, second = workers
    statuses = []
    for i in range(12):
        with (first if i % 2 else second).test_client() as client:
            statuses.append(client.get(f"/verify/{certificates.new_code()}").status_code)
    assert statuses == [404] * 10 + [429] * 2


def test_old_attempts_are_pruned_by_a_periodic_job(app):
    from datetime import timedelta

    from sqlalchemy import func, select

    from app import jobs
    from app.auth.models import LoginAttempt
    from app.auth.tasks import prune_login_attempts
    from app.timeutil import utcnow

    db.session.add_all([LoginAttempt(scope="login", account="a@example.test",
                                     at=utcnow() - timedelta(days=3)),
                        LoginAttempt(scope="login", account="a@example.test", at=utcnow())])
    db.session.commit()
    assert any(p.task is prune_login_attempts for p in jobs.PERIODIC)
    assert prune_login_attempts() == 1
    assert db.session.scalar(select(func.count(LoginAttempt.id))) == 1
