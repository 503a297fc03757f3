"""Background work of the certificates: one task per PDF, and the periodic round that picks
up whatever is still pending (after a restart, or a worker killed half-way)."""

from __future__ import annotations

from app import jobs
from app.certificates import background


@jobs.task(retries=2, backoff=10)
def render_certificate(certificate_id: int) -> bool:
    """Render, sign and store one certificate's PDF (nothing if done or claimed)."""
    return background.render_one(certificate_id)


@jobs.periodic(minutes=1)
def render_pending_certificates() -> int:
    """Enqueue every certificate still without its PDF whose claim is free or stale."""
    ids = background.pending_ids()
    for certificate_id in ids:
        jobs.enqueue(render_certificate, certificate_id)
    return len(ids)
