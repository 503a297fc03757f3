"""The one way an attempt row is written: a conditional UPDATE."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm.attributes import set_committed_value

from app.db import begin_write
from app.extensions import db
from app.quizzes.models import Attempt


def write(attempt: Attempt, conditions: list, values: dict) -> bool:
    """One conditional UPDATE of the attempt; on success the object reflects it, on
    failure it is re-read (another request changed it first). A `read_first` request's
    write transaction starts here: the conditions are what makes the earlier reads safe."""
    begin_write()
    result = db.session.execute(
        update(Attempt).where(Attempt.id == attempt.id, *conditions).values(**values)
        .execution_options(synchronize_session=False))
    if result.rowcount == 1:
        for key, value in values.items():
            set_committed_value(attempt, key, value)
        return True
    db.session.refresh(attempt)
    return False
