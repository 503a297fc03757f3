"""Celery at scale, as Flask documents it: tasks run inside an app context.

Every task declared with ``app.jobs.task`` becomes a Celery task of the same name; periodic
jobs become the beat schedule. Settings for dependability:

* ``task_acks_late`` + ``task_reject_on_worker_lost``: a task whose worker dies is delivered
  again (tasks are idempotent, so that is safe);
* a visibility timeout (Redis) longer than the longest task, so a slow task is not handed to
  a second worker while the first is still on it;
* ``worker_max_memory_per_child`` (and a high ``worker_max_tasks_per_child``): WeasyPrint's memory
  grows, so a child is replaced once its resident memory passes a ceiling; replacing it every few
  hundred tasks instead cost ~12 % of a cohort's CPU (each child reloads fonts and templates);
* ``worker_prefetch_multiplier = 1``: a worker takes one task at a time (fair with long ones).
"""

from __future__ import annotations

from celery import Celery, Task
from flask import Flask

from app import jobs


def init_celery(app: Flask, broker: str) -> Celery:
    class FlaskTask(Task):
        def __call__(self, *args, **kwargs):
            with app.app_context():
                return self.run(*args, **kwargs)

    celery = Celery(app.import_name, task_cls=FlaskTask)
    visibility = int(app.config.get("CELERY_VISIBILITY_TIMEOUT", 3600))
    celery.conf.update(
        broker_url=broker,
        result_backend=None,
        task_ignore_result=True,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        worker_max_tasks_per_child=int(app.config.get("CELERY_MAX_TASKS_PER_CHILD", 5000)),
        worker_max_memory_per_child=int(app.config.get("CELERY_MAX_MEMORY_PER_CHILD", 600_000)),
        broker_transport_options={"visibility_timeout": visibility},
        broker_connection_retry_on_startup=True,
        task_default_queue=app.config.get("CELERY_QUEUE", "akmn"),
        timezone="UTC",
        beat_schedule={
            job.task.name: {"task": job.task.name, "schedule": job.every.total_seconds()}
            for job in jobs.PERIODIC
        },
    )
    for declared in jobs.TASKS.values():
        _register(celery, declared)
    app.extensions["celery"] = celery
    return celery


def _register(celery: Celery, declared: jobs.Task) -> None:
    def run(self, *args):
        try:
            return jobs.run_task(declared.name, args)
        except Exception as exc:
            if self.request.retries >= declared.retries:
                raise
            raise self.retry(exc=exc, countdown=declared.backoff * (2 ** self.request.retries)) \
                from exc

    celery.task(name=declared.name, bind=True, max_retries=declared.retries)(run)
