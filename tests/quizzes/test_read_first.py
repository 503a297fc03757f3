"""Finishing and autosaving read first (app.db.read_first): the signed-in user, the attempt
and the grading are read in a deferred transaction beside other requests, and SQLite's write
lock is taken only for the conditional UPDATE. Two submissions racing through their reads
still give one grade, and a write before `begin_write` in such a request is refused."""

import threading

import pytest
from sqlalchemy import event, update

from app import signals
from app.db import begin_write, set_read_only_request
from app.extensions import db
from app.quizzes import attempts
from app.quizzes.attempts import store
from app.quizzes.models import Attempt
from tests.conftest import BrowserClient, login
from tests.quizzes.factories import (
    answer_every_slot,
    make_bank,
    make_course,
    make_quiz,
)


@pytest.fixture
def started(app, make_user):
    trainer, learner = make_user("trainer"), make_user("learner")
    course = make_course(trainer)
    quiz = make_quiz(course, make_bank(course))
    attempt = attempts.start_attempt(quiz, learner)
    db.session.commit()
    answer_every_slot(attempt)
    db.session.commit()
    return learner, attempt


def test_a_finish_reads_in_a_deferred_transaction_and_writes_in_a_short_one(app, client,
                                                                              started):
    learner, attempt = started
    if db.engine.dialect.name != "sqlite":
        pytest.skip("deferred and immediate transactions are SQLite's")
    login(client, learner)
    url, data = f"/quizzes/attempts/{attempt.id}/finish", {"sequence": str(attempt.sequence)}
    db.session.commit()
    statements = []
    record = lambda conn, cursor, statement, *a: statements.append(statement)  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", record)
    try:
        response = client.post(url, data=data)
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    assert response.status_code == 302
    assert statements[0] == "BEGIN", statements
    immediate = statements.index("BEGIN IMMEDIATE")
    assert statements[immediate + 1].startswith("UPDATE quiz_attempts")
    assert not any(s.startswith(("UPDATE", "INSERT", "DELETE")) for s in statements[:immediate])
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Your attempt has been submitted." in page
    db.session.expire_all()
    assert db.session.get(Attempt, attempt.id).is_finished


def test_two_submissions_that_both_read_before_either_writes_grade_once(app, make_user,
                                                                         started, monkeypatch):
    learner, attempt = started
    attempt_id, sequence = attempt.id, attempt.sequence
    app.test_client_class = BrowserClient
    clients = []
    for _ in range(2):
        client = app.test_client()
        login(client, learner)
        clients.append((client, client.csrf_token()))
    db.session.commit()
    db.session.remove()

    # Both requests finish their reads (the attempt in progress, graded) before either
    # writes: the race a read-first request opens, which the conditional UPDATE closes.
    both_read = threading.Barrier(2)
    real_begin_write = store.begin_write

    def after_both_read():
        both_read.wait(timeout=20)
        real_begin_write()

    monkeypatch.setattr(store, "begin_write", after_both_read)
    sent = []

    def finished(sender, **kw):
        sent.append(sender.id)

    signals.attempt_finished.connect(finished)
    statuses, errors = [], []

    def submit(client, token):
        try:
            response = client.post(f"/quizzes/attempts/{attempt_id}/finish", csrf=False,
                                   data={"csrf_token": token, "sequence": str(sequence)})
            statuses.append(response.status_code)
        except Exception as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=submit, args=pair) for pair in clients]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        signals.attempt_finished.disconnect(finished)
    assert not errors, errors
    assert statuses == [302, 302]
    assert sent == [attempt_id]
    finished_attempt = db.session.get(Attempt, attempt_id)
    assert finished_attempt.is_finished
    assert finished_attempt.max_score == 7
    for client, _token in clients:  # each learner's tab lands on the one graded attempt
        response = client.get(f"/quizzes/attempts/{attempt_id}/review")
        assert response.status_code == 200
        assert "Your attempt has been submitted." in response.get_data(as_text=True)


def test_a_write_before_begin_write_is_refused_in_a_read_first_request(app, started):
    _learner, attempt = started
    set_read_only_request(False, read_first=True)
    try:
        with pytest.raises(RuntimeError, match="before begin_write"):
            db.session.execute(update(Attempt).where(Attempt.id == attempt.id)
                               .values(autosave_counter=5))
        db.session.rollback()
        begin_write()
        db.session.execute(update(Attempt).where(Attempt.id == attempt.id)
                           .values(autosave_counter=5))
        db.session.commit()
    finally:
        set_read_only_request(False)
    db.session.expire_all()
    assert db.session.get(Attempt, attempt.id).autosave_counter == 5
