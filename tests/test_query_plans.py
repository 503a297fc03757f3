"""SQLite's plans for the statements every staff page runs use the indexes made for them
(migration 1000). A plan that reads a whole table passes every functional test and costs
milliseconds per page at workshop size: the trainers' and organisers' navigation count read
all finished attempts, and the lookup of a user's expert profile all experts."""

from __future__ import annotations

import contextlib

import pytest
from sqlalchemy import event

from app.experts import services as expert_services
from app.extensions import db
from app.quizzes.attempts.grading import essays_waiting


@contextlib.contextmanager
def plans():
    """The SQLite query plan of each SELECT run inside the block."""
    found: list[tuple[str, list[str]]] = []
    captured = []

    def record(conn, cursor, statement, parameters, *args):
        if statement.lstrip().upper().startswith("SELECT"):
            captured.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield found
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    connection = db.session.connection()
    for statement, parameters in captured:
        rows = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)
        found.append((statement, [row[3] for row in rows]))


@pytest.fixture(autouse=True)
def _sqlite_only(app):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's planner (PostgreSQL has statistics from autovacuum)")


@pytest.mark.parametrize("role", ["trainer", "organiser"])
def test_the_navigation_count_of_essays_uses_its_index(app, make_user, role):
    user = make_user(role)
    with plans() as found:
        assert essays_waiting(user) == 0
    [plan] = [plan for statement, plan in found if "quiz_attempts" in statement]
    attempts = [step for step in plan if "quiz_attempts" in step]
    assert attempts, plan
    assert all("ix_quiz_attempts_awaiting" in step for step in attempts), plan


def test_a_users_expert_profile_is_found_by_its_index(app, make_user):
    user = make_user("learner")
    with plans() as found:
        assert expert_services.linked_expert_id(user) is None
        assert expert_services.linked_expert(user) is None
    steps = [step for _statement, plan in found for step in plan if "experts" in step]
    assert steps, found
    assert all("ix_experts_account" in step for step in steps), found
