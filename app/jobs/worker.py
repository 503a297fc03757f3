"""The Celery application for ``celery -A app.jobs.worker worker`` and ``… beat``.

It builds the Flask app from the environment (the same settings as gunicorn's) with
``BACKGROUND_MODE=celery``; ``CELERY_BROKER_URL`` or ``REDIS_URL`` names the broker.
"""

from __future__ import annotations

import os

from app import create_app

os.environ.setdefault("BACKGROUND_MODE", "celery")
flask_app = create_app({"BACKGROUND_MODE": "celery"})
celery = flask_app.extensions["celery"]
