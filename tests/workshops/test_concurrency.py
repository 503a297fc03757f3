"""Capacity holds under concurrent enrolment: parallel requests on PostgreSQL."""

import threading

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.workshops.models import Enrolment
from tests.conftest import BrowserClient, login
from tests.workshops.factories import make_workshop

PARALLEL = 8
SEATS = 3


def test_last_seats_cannot_be_taken_twice(app, make_user):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL (TEST_DATABASE_URL); SQLite serialises "
                    "every write transaction with BEGIN IMMEDIATE")
    organiser = make_user("organiser")
    workshop_id = make_workshop(organiser, capacity=SEATS).id
    app.test_client_class = BrowserClient
    clients = []
    for _ in range(PARALLEL):
        client = app.test_client()
        login(client, make_user("learner"))
        token = client.csrf_token()
        clients.append((client, token))
    db.session.commit()
    db.session.remove()

    barrier = threading.Barrier(PARALLEL)
    statuses: list[int] = []

    def enrol(client, token):
        barrier.wait()
        response = client.post(f"/workshops/{workshop_id}/enrol", csrf=False,
                               data={"csrf_token": token})
        statuses.append(response.status_code)

    threads = [threading.Thread(target=enrol, args=pair) for pair in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert statuses == [302] * PARALLEL
    counts = dict(db.session.execute(
        select(Enrolment.status, func.count()).group_by(Enrolment.status)).all())
    assert counts == {"approved": SEATS, "waitlisted": PARALLEL - SEATS}
