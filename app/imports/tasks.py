"""Background work of the imports: one task per job, and the round that resumes the jobs a
stopped process left behind."""

from __future__ import annotations

from app import jobs
from app.imports import services


@jobs.task(retries=2, backoff=30)
def run_import(job_id: int) -> str:
    """Check and write one import job (nothing if finished or claimed by a live runner)."""
    return services.run_import(job_id)


@jobs.periodic(minutes=1)
def resume_imports() -> int:
    """Enqueue the jobs left queued or running by a process that stopped."""
    ids = services.stale_job_ids()
    for job_id in ids:
        jobs.enqueue(run_import, job_id)
    return len(ids)
