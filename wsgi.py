"""WSGI entry point: `gunicorn wsgi:app`."""

from app import create_app
from app.memory import freeze_long_lived

app = create_app()
freeze_long_lived(app)  # full collections no longer scan the app's own objects
