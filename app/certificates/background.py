"""Rendering PDFs right after issue: claim → render → sign → store, once per certificate.

Issuing only creates records and enqueues one task per certificate
(``app.certificates.tasks.render_certificate``) for when the transaction commits; the jobs
layer runs it on Celery at scale, on the web process's thread pool when embedded, inline in
tests (see ``app/jobs``). The periodic ``render_pending_certificates`` job enqueues whatever
is still pending — after a restart, a crash, or a worker killed half-way — so no certificate
stays without its PDF and nobody has to run a command.

Each certificate is *claimed* with a conditional UPDATE before rendering, so several
threads, processes or machines never render the same one twice, and the PDF is stored only
under the claim that rendered it. A claim whose holder stopped beating (``CLAIM_TIMEOUT``:
renderers refresh their claims after every PDF) is free again for the next round. A failed
rendering stores its error and is retried only on request (the register's "render now" or
the command line).
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import time
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import timedelta
from multiprocessing import get_context
from pathlib import Path

from sqlalchemy import or_, select, update

from app.certificates import signing
from app.certificates.models import Certificate
from app.certificates.rendering import render_pdf
from app.certificates.rendering.templates import TemplateSpec, load_spec
from app.extensions import db
from app.timeutil import utcnow

log = logging.getLogger(__name__)
# A claim not refreshed for this long belongs to a renderer that died.
CLAIM_TIMEOUT = timedelta(seconds=60)


# Starting ---------------------------------------------------------------------------------

def request_rendering(ids: Iterable[int] | None = None) -> None:
    """Render these certificates once the current transaction commits (None: a round of
    every pending certificate)."""
    from app import jobs
    from app.certificates import tasks

    if ids is None:
        jobs.enqueue(tasks.render_pending_certificates)
        return
    for certificate_id in ids:
        jobs.enqueue(tasks.render_certificate, certificate_id)


def render_here_instead() -> None:
    """The command line renders in this process, with a progress bar: drop the rendering
    tasks the current transaction would enqueue."""
    from app import jobs
    from app.certificates import tasks

    jobs.drop_pending(tasks.render_certificate)
    jobs.drop_pending(tasks.render_pending_certificates)


# Claiming ---------------------------------------------------------------------------------

def claim_timeout() -> timedelta:
    from flask import current_app

    seconds = current_app.config.get("CERTIFICATE_CLAIM_TIMEOUT")
    return timedelta(seconds=float(seconds)) if seconds else CLAIM_TIMEOUT


def _claimable():
    stale = utcnow() - claim_timeout()
    return (Certificate.rendered_at.is_(None), Certificate.render_error.is_(None),
            or_(Certificate.render_claim.is_(None), Certificate.render_claimed_at < stale))


def claim(certificate_id: int, token: str) -> bool:
    result = db.session.execute(
        update(Certificate).where(Certificate.id == certificate_id, *_claimable())
        .values(render_claim=token, render_claimed_at=utcnow())
        .execution_options(synchronize_session=False))
    db.session.commit()
    return result.rowcount == 1


def heartbeat(token: str) -> None:
    """Show that the renderer holding `token` is alive: its claims stay its own."""
    db.session.execute(update(Certificate).where(Certificate.render_claim == token)
                       .values(render_claimed_at=utcnow())
                       .execution_options(synchronize_session=False))
    db.session.commit()


def claim_batch(token: str, limit: int = 20) -> list[int]:
    """Claim up to `limit` pending certificates in one conditional UPDATE (one commit); the
    ids this claim won, in order (another renderer may win some of the candidates)."""
    candidates = db.session.scalars(
        select(Certificate.id).where(*_claimable()).order_by(Certificate.id).limit(limit)).all()
    if not candidates:
        db.session.rollback()
        return []
    db.session.execute(
        update(Certificate).where(Certificate.id.in_(candidates), *_claimable())
        .values(render_claim=token, render_claimed_at=utcnow())
        .execution_options(synchronize_session=False))
    won = db.session.scalars(select(Certificate.id).where(
        Certificate.id.in_(candidates), Certificate.render_claim == token)
        .order_by(Certificate.id)).all()
    db.session.commit()
    return list(won)


def retry_failed(ids: Iterable[int] | None = None) -> int:
    query = update(Certificate).where(Certificate.rendered_at.is_(None),
                                      Certificate.render_error.is_not(None))
    if ids is not None:
        query = query.where(Certificate.id.in_(list(ids)))
    result = db.session.execute(query.values(render_error=None, render_claim=None)
                                .execution_options(synchronize_session=False))
    return result.rowcount


# Rendering --------------------------------------------------------------------------------

def build_job(certificate: Certificate) -> tuple[TemplateSpec, dict]:
    """The template and the keyword arguments of ``render_pdf`` for a stored certificate."""
    from app.certificates import design

    spec = design.get_spec(certificate.template)
    printed = certificate.printed or {}
    job = design.make_job(
        data=certificate.snapshot, serial=certificate.serial,
        code=certificate.verification_code, verify_url=printed.get("verify_url", ""),
        issued_on=certificate.issued_at.date(), language=certificate.language,
        texts=printed.get("texts", {}), texts_native=printed.get("texts_native", {}),
        logos=printed.get("logos", []))
    return spec, {"job": job, "title": pdf_title(certificate), "author": certificate.issuer,
                  "font_dirs": design.font_dirs()}


def pdf_title(certificate: Certificate) -> str:
    return f"Certificate {certificate.serial} — {certificate.holder_name}"


def _render_one(spec_path: str, kwargs: dict) -> bytes:
    """Process-pool entry point: plain values in, PDF bytes out."""
    return render_pdf(load_spec(Path(spec_path)), **kwargs).pdf


class _Signer:
    """The active key, decrypted once per rendering run."""

    def __init__(self):
        self.key = signing.ensure_active_key()
        self.private = signing.private_key(self.key)

    def sign(self, pdf: bytes, code: str) -> tuple[bytes, str]:
        return signing.sign_pdf(pdf, code=code, key=self.key, private=self.private)


def _store(certificate_id: int, code: str, token: str, pdf: bytes, signer: _Signer) -> None:
    signed, signature = signer.sign(pdf, code)
    db.session.execute(
        update(Certificate).where(Certificate.id == certificate_id,
                                  Certificate.render_claim == token)
        .values(pdf=signed, pdf_sha256=hashlib.sha256(signed).hexdigest(),
                pdf_size=len(signed), signature=signature, signing_key_id=signer.key.key_id,
                rendered_at=utcnow(), render_claim=None, render_error=None)
        .execution_options(synchronize_session=False))
    db.session.commit()


def _fail(certificate_id: int, token: str, error: Exception) -> None:
    log.warning("certificate %s could not be rendered: %s", certificate_id, error)
    db.session.rollback()
    db.session.execute(
        update(Certificate).where(Certificate.id == certificate_id,
                                  Certificate.render_claim == token)
        .values(render_error=str(error)[:2000], render_claim=None)
        .execution_options(synchronize_session=False))
    db.session.commit()


def _prepare(ids: list[int], token: str) -> list[tuple[int, str, TemplateSpec, dict]]:
    jobs = []
    loaded = {c.id: c for c in db.session.scalars(
        select(Certificate).where(Certificate.id.in_(ids)))} if ids else {}
    for cid in ids:
        certificate = loaded.get(cid)
        if certificate is None:  # deleted since it was claimed: nothing to render
            continue
        try:
            spec, kwargs = build_job(certificate)
        except Exception as exc:  # unknown template, missing image…: shown to organisers
            _fail(cid, token, exc)
            continue
        jobs.append((cid, certificate.verification_code, spec, kwargs))
    db.session.rollback()
    return jobs


def _render_here(spec: TemplateSpec, kwargs: dict) -> bytes | Exception:
    try:
        return render_pdf(spec, **kwargs).pdf
    except Exception as exc:  # stored with the certificate and shown to organisers
        return exc


def render_pending(*, processes: int = 0, progress: Callable[[int], None] | None = None,
                   limit: int | None = None) -> int:
    """Render every pending certificate (claiming each); return how many were rendered.

    With `processes` > 1 the layout work runs in a pool of processes, kept busy while this
    thread signs and stores finished PDFs (the command line, benchmarks, multi-core hosts).
    """
    token = secrets.token_hex(8)
    done = 0
    signer = None
    pool = (ProcessPoolExecutor(processes, mp_context=get_context("spawn"))
            if processes > 1 else None)
    queue: deque = deque()  # (id, code, spec, kwargs, future or PDF bytes or exception)
    exhausted = False
    # Claims are refreshed a few times per timeout, not after every PDF (a commit each).
    beat_every = claim_timeout().total_seconds() / 6
    last_beat = time.monotonic()
    session = db.session()
    # The claims and stores are UPDATEs that change no loaded object: committing them need
    # not expire what the caller holds (the command line's workshop, its learners and the
    # certificates it issued: with 1,000 of them, expiring all at every commit was 20 s of a
    # 1,000-learner cohort). Everything is expired once at the end instead.
    expire_on_commit, session.expire_on_commit = session.expire_on_commit, False
    try:
        while limit is None or done < limit:
            if not exhausted and len(queue) < max(processes, 1) * 4:
                ids = claim_batch(token, limit=max(processes, 1) * 4)
                exhausted = not ids
                for cid, code, spec, kwargs in _prepare(ids, token):
                    if pool is not None:
                        try:
                            future = pool.submit(_render_one, str(spec.path), kwargs)
                            queue.append((cid, code, spec, kwargs, future))
                            continue
                        except BrokenProcessPool:  # a worker died: carry on here
                            log.warning("rendering processes failed; rendering in-process")
                            pool.shutdown(cancel_futures=True)
                            pool = None
                    if pool is None:
                        queue.append((cid, code, spec, kwargs, _render_here(spec, kwargs)))
                if not exhausted:
                    continue
            if not queue:
                break
            cid, code, spec, kwargs, outcome = queue.popleft()
            try:
                try:
                    pdf = outcome.result() if isinstance(outcome, Future) else outcome
                except BrokenProcessPool:  # its worker died: render it here instead
                    pdf = _render_here(spec, kwargs)
                if isinstance(pdf, Exception):
                    raise pdf
                signer = signer or _Signer()
                _store(cid, code, token, pdf, signer)
                if queue and time.monotonic() - last_beat >= beat_every:
                    heartbeat(token)
                    last_beat = time.monotonic()
            except Exception as exc:  # rendering or signing failed: stored, shown
                _fail(cid, token, exc)
                continue
            done += 1
            if progress is not None:
                progress(1)
    finally:
        session.expire_on_commit = expire_on_commit
        session.expire_all()
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    return done


def render_one(certificate_id: int) -> bool:
    """Claim, render, sign and store one certificate; False when there was nothing to do
    (rendered already, failed before, or claimed by a live renderer)."""
    token = secrets.token_hex(8)
    if not claim(certificate_id, token):
        return False
    prepared = _prepare([certificate_id], token)
    if not prepared:
        return False  # its job could not be built: the error is stored
    cid, code, spec, kwargs = prepared[0]
    pdf = _render_here(spec, kwargs)
    try:
        if isinstance(pdf, Exception):
            raise pdf
        _store(cid, code, token, pdf, _Signer())
    except Exception as exc:  # rendering or signing failed: stored, shown to organisers
        _fail(cid, token, exc)
        return False
    return True


def pending_ids(limit: int = 1000) -> list[int]:
    """Certificates waiting for their PDF that nobody alive is rendering."""
    ids = db.session.scalars(select(Certificate.id).where(*_claimable())
                             .order_by(Certificate.id).limit(limit)).all()
    db.session.rollback()
    return list(ids)
