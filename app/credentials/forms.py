"""Uploading a credential to check it."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField


class CredentialUploadForm(FlaskForm):
    credential = FileField(_l("The credential file (.json)"))
