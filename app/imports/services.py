"""Big imports in the background: the upload is stored as an import job, a task does it.

The synchronous imports (below ``IMPORT_BACKGROUND_ROWS`` rows or questions, and the command
line) stay as they are. Above it, the web stores the uploaded text in an ``import_jobs`` row
and enqueues :func:`app.imports.tasks.run_import`; the uploader follows a progress page that
ends with the same line-numbered report.

The task stays all-or-nothing for the file: every line is checked first (parsing outside
any write transaction, then the database checks of every row), and if anything is wrong
nothing is written and the report lists the lines. Only then are the rows written, in
chunks of ``IMPORT_CHUNK_ROWS``, each in one short transaction that also records the
progress (``done``) and refreshes the claim — so SQLite's write lock is never held for long
(a 20,000-row roster is ~35 s of writing: in one transaction every other writer would time
out), the progress bar moves, and a job whose process died resumes exactly where its last
chunk committed. Each chunk's database checks run again inside its transaction: if another
request created a conflicting record after the checks (a rare race), the job stops with the
lines concerned and reports how many rows it had written.

A job is *claimed* with a conditional UPDATE; a claim not refreshed for
``IMPORT_CLAIM_TIMEOUT`` seconds belongs to a dead process, and the periodic
``resume_imports`` job enqueues it again. Each chunk commits only under its own claim.
"""

from __future__ import annotations

import logging
import secrets
from datetime import timedelta

from flask import current_app
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from sqlalchemy import and_, or_, select, update

from app import jobs
from app.auth.models import User
from app.db import set_read_only_request
from app.extensions import db
from app.imports.kinds import KINDS
from app.imports.models import DONE, FAILED, QUEUED, RUNNING, ImportJob
from app.timeutil import utcnow

log = logging.getLogger("akmn.imports")
MAX_REPORTED = 1000  # problems kept in a job's report


class ImportTooBig(Exception):
    """Above the hard cap of one import; the message says so."""


def _config(name: str, default: int) -> int:
    return int(current_app.config.get(name, default))


def background_threshold() -> int:
    return _config("IMPORT_BACKGROUND_ROWS", 500)


def claim_timeout() -> timedelta:
    return timedelta(seconds=_config("IMPORT_CLAIM_TIMEOUT", 60))


def goes_to_background(kind: str, text: str) -> bool:
    """Whether this upload is big enough for the background (rows or questions counted
    quickly; raises ImportTooBig above the hard cap, with a clear message)."""
    from app.auth.services.roster import MAX_CSV_ROWS
    from app.quizzes.banks import GIFT_MAX_CHARS, GIFT_MAX_QUESTIONS

    count = KINDS[kind].count(text)
    if kind == "gift":
        if len(text) > GIFT_MAX_CHARS:
            raise ImportTooBig(_(
                "The file has %(n)s characters; one import takes at most %(max)s: split it.",
                n=f"{len(text):,}", max=f"{GIFT_MAX_CHARS:,}"))
        if count > GIFT_MAX_QUESTIONS:
            raise ImportTooBig(_(
                "More than %(max)d questions: one import takes at most %(max)d, split the "
                "file.", max=GIFT_MAX_QUESTIONS))
    elif count > MAX_CSV_ROWS:
        raise ImportTooBig(_("More than %(max)s rows: one import takes at most %(max)s, "
                             "split the file.", max=f"{MAX_CSV_ROWS:,}"))
    return count > background_threshold()


def start_import(kind: str, text: str, *, actor: User, target_id: int | None = None,
                 filename: str = "", options: dict | None = None) -> ImportJob:
    """Store the upload as a job and enqueue it for after the commit."""
    from app.imports import tasks

    job = ImportJob(kind=kind, actor_id=actor.id, target_id=target_id,
                    filename=(filename or "")[:255], options=options or {}, payload=text,
                    status=QUEUED, total=KINDS[kind].count(text), done=0, errors=[],
                    result={})
    db.session.add(job)
    db.session.flush()
    jobs.enqueue(tasks.run_import, job.id)
    return job


def can_view_job(user, job: ImportJob) -> bool:
    from app.auth.permissions import is_admin

    return bool(user and user.is_authenticated and (job.actor_id == user.id or is_admin(user)))


# Running ----------------------------------------------------------------------------------

def _claimable():
    stale = utcnow() - claim_timeout()
    return or_(ImportJob.status == QUEUED,
               and_(ImportJob.status == RUNNING,
                    or_(ImportJob.claimed_at.is_(None), ImportJob.claimed_at < stale)))


def claim(job_id: int, token: str) -> bool:
    result = db.session.execute(
        update(ImportJob).where(ImportJob.id == job_id, _claimable())
        .values(status=RUNNING, claim_token=token, claimed_at=utcnow())
        .execution_options(synchronize_session=False))
    db.session.commit()
    return result.rowcount == 1


def _owned(job_id: int, token: str, **values) -> bool:
    """Update the job under our claim (refreshing it); False when another runner took it."""
    result = db.session.execute(
        update(ImportJob).where(ImportJob.id == job_id, ImportJob.claim_token == token,
                                ImportJob.status == RUNNING)
        .values(claimed_at=utcnow(), **values).execution_options(synchronize_session=False))
    return result.rowcount == 1


def _end(job_id: int, token: str, status: str, *, errors=None, result=None) -> bool:
    # The uploaded text (officials' names and addresses) is kept only until the job ends.
    values = {"status": status, "finished_at": utcnow(), "claim_token": None, "payload": ""}
    if errors is not None:
        errors = list(errors)
        if len(errors) > MAX_REPORTED:  # a wholly wrong file: the first ones say enough
            more = len(errors) - MAX_REPORTED
            errors = [*errors[:MAX_REPORTED], (errors[MAX_REPORTED][0], ngettext(
                "… and %(num)d more problem.", "… and %(num)d more problems.", more))]
        values["errors"] = [[line, message] for line, message in errors]
    if result is not None:
        values["result"] = result
    owned = _owned(job_id, token, **values)
    if owned:
        db.session.commit()
    else:
        db.session.rollback()
    return owned


def run_import(job_id: int) -> str:
    """Claim the job, check every line, write in chunks; returns the status it ended in
    ("skipped" when another runner holds it, or it is finished)."""
    token = secrets.token_hex(16)
    if not claim(job_id, token):
        return "skipped"
    # The checks run in a read transaction (a deferred BEGIN: no write lock on SQLite).
    set_read_only_request(True)
    try:
        job = db.session.get(ImportJob, job_id)
        with force_locale(job.actor.language or "en"):
            try:
                return _run(job, token)
            except Exception:  # a bug or a lost database: reported, not retried for ever
                log.exception("import job %d failed", job_id)
                db.session.rollback()
                set_read_only_request(False)
                done = db.session.get(ImportJob, job_id).done
                _end(job_id, token, FAILED, errors=[(1, ngettext(
                    "The import stopped on an unexpected error after %(num)d row; the rest was "
                    "not imported. Please tell the platform's administrators.",
                    "The import stopped on an unexpected error after %(num)d rows; the rest "
                    "was not imported. Please tell the platform's administrators.", done))])
                return FAILED
    finally:
        set_read_only_request(False)


def _line(item) -> int:
    return int(item["line"] if isinstance(item, dict) else getattr(item, "line", 1) or 1)


def _run(job: ImportJob, token: str) -> str:
    job_id, kind = job.id, KINDS[job.kind]
    start, result = job.done, dict(job.result or {})
    # 1. Check the whole file, in the read transaction run_import began.
    try:
        items, errors = kind.parse(job)
        if not errors:
            _plan, errors = kind.check(job, items[start:])
    finally:
        db.session.rollback()
        set_read_only_request(False)
    if errors:
        _end(job_id, token, FAILED, errors=sorted(errors))
        return FAILED
    total = len(items)
    if not _owned(job_id, token, total=total):
        db.session.rollback()
        return "skipped"
    db.session.commit()
    # 2. Write in chunks: the rows, the progress and the claim in one short transaction.
    size = max(1, _config("IMPORT_CHUNK_ROWS", 100))
    for offset in range(start, total, size):
        chunk = items[offset:offset + size]
        job = db.session.get(ImportJob, job_id)
        plan, errors = kind.check(job, chunk)
        if errors:
            db.session.rollback()
            note = (1, ngettext(
                "%(num)d row before line %(line)d was imported; these could not be, because "
                "records changed while the import ran:",
                "%(num)d rows before line %(line)d were imported; these could not be, because "
                "records changed while the import ran:", offset, line=_line(chunk[0])))
            _end(job_id, token, FAILED, errors=[note, *sorted(errors)], result=result)
            return FAILED
        kind.write(job, plan, result)
        if not _owned(job_id, token, done=offset + len(chunk), result=dict(result)):
            db.session.rollback()  # another runner took over: its writes count, not ours
            return "skipped"
        db.session.commit()
    job = db.session.get(ImportJob, job_id)
    kind.finish(job, result)
    if not _end(job_id, token, DONE, result=result):
        return "skipped"
    return DONE


def stale_job_ids(limit: int = 100) -> list[int]:
    """Jobs to (re)start: queued for a while (the enqueued task was lost with its process),
    or running under a claim nobody refreshes."""
    queued_before = utcnow() - claim_timeout()
    ids = db.session.scalars(
        select(ImportJob.id).where(or_(
            and_(ImportJob.status == QUEUED, ImportJob.created_at < queued_before),
            and_(ImportJob.status == RUNNING, _claimable())))
        .order_by(ImportJob.id).limit(limit)).all()
    db.session.rollback()
    return list(ids)


def start_if_big(kind: str, text: str, *, actor: User, target_id: int | None = None,
                 filename: str = "", options: dict | None = None) -> ImportJob | None:
    """The web's entry point: a job for a big upload (None: import it here and now);
    ImportTooBig above the hard cap."""
    if not goes_to_background(kind, text):
        return None
    return start_import(kind, text, actor=actor, target_id=target_id, filename=filename,
                        options=options)
