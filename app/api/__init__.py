"""The REST API for the ministries' systems (/api/v1, flask-smorest, OpenAPI 3.1) and the
pages where admins and organisers manage its tokens (/api/tokens)."""

from __future__ import annotations

from flask import Blueprint, Flask
from flask_smorest import Api

bp = Blueprint("api", __name__, url_prefix="/api")

API_SETTINGS = {
    "API_TITLE": "AKMN Learn API",
    "API_VERSION": "1.0.0",
    "OPENAPI_VERSION": "3.1.0",
    "OPENAPI_URL_PREFIX": "/api/v1",
    "OPENAPI_JSON_PATH": "openapi.json",
    "API_RATE_LIMIT": "120 per minute",
}


class _Api(Api):
    """flask-smorest's Api, with its JSON error handler on the API blueprint only (the
    rest of the site keeps its HTML error pages)."""

    def _register_error_handlers(self):
        pass


def init_api(app: Flask) -> None:
    from app.api import auth, v1

    for key, value in API_SETTINGS.items():
        app.config.setdefault(key, value)
    api = _Api(spec_kwargs={
        "info": {"description": "Certificates, completions, enrolments, users and courses. "
                                "Every endpoint but /verify needs a bearer token with the "
                                "endpoint's scope, created by an admin or organiser."},
    })
    api.init_app(app)
    api.spec.components.security_scheme("bearerAuth", {"type": "http", "scheme": "bearer"})
    api.register_blueprint(v1.blp)
    app.session_interface = auth.ApiSessionInterface(app.session_interface)
    app.extensions["akmn_api"] = api


bp.record_once(lambda state: init_api(state.app))

from app.api import models as _models  # noqa: E402, F401
from app.api import views as _views  # noqa: E402, F401
